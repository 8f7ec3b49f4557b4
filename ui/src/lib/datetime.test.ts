// Tests of the conversions between the core's times and the date inputs, and of locale formatting.
import { describe, expect, it } from 'vitest';
import {
  dateFormatter,
  formatClock,
  formatDateTime,
  formatShort,
  inputToPublishAt,
  inputToSourceTime,
  publishAtToInput,
  sourceAfterPublish,
  sourceTimeToInput,
  switchSourceTimeMode,
  zoneLabel,
} from './datetime';

describe('publish_at and datetime-local', () => {
  it('shows the wall time in the site zone whatever the offset', () => {
    expect(publishAtToInput('2021-09-13T02:43:08+08:00')).toBe('2021-09-13T02:43:08');
    expect(publishAtToInput('2021-09-13T02:43:08-05:00')).toBe('2021-09-13T02:43:08');
    expect(publishAtToInput(null)).toBe('');
  });

  it('sends "YYYY-MM-DD HH:MM:SS"', () => {
    expect(inputToPublishAt('2021-09-13T02:43:08')).toBe('2021-09-13 02:43:08');
    expect(inputToPublishAt('2021-09-13T02:43')).toBe('2021-09-13 02:43:00');
    expect(inputToPublishAt('2021-09-13T02:43:08.500')).toBe('2021-09-13 02:43:08');
    expect(inputToPublishAt('')).toBe('');
  });

  it('round-trips', () => {
    const v = publishAtToInput('2024-02-29T23:59:59+08:00');
    expect(inputToPublishAt(v)).toBe('2024-02-29 23:59:59');
  });

  it('passes text it cannot read to the core unchanged, so the core explains it', () => {
    expect(inputToPublishAt('2021-02-30 10:00:00')).toBe('2021-02-30 10:00:00');
    expect(inputToPublishAt('2021/9/13 2:43:08')).toBe('2021/9/13 2:43:08');
  });
});

describe('来源时间', () => {
  it('keeps date precision', () => {
    expect(sourceTimeToInput('2020-08-12')).toEqual({ value: '2020-08-12', dateOnly: true });
    expect(sourceTimeToInput('2020-08-12T09:00:00+08:00')).toEqual({ value: '2020-08-12T09:00:00', dateOnly: false });
    expect(inputToSourceTime('2020-08-12', true)).toBe('2020-08-12');
    expect(inputToSourceTime('2020-08-12T09:00', false)).toBe('2020-08-12 09:00:00');
  });

  it('keeps the entered day when the mode switches', () => {
    expect(switchSourceTimeMode('2020-08-12T09:00:00', true)).toBe('2020-08-12');
    expect(switchSourceTimeMode('2020-08-12', false)).toBe('2020-08-12T00:00:00');
    expect(switchSourceTimeMode('', true)).toBe('');
  });

  it('finds a source time after the publish time', () => {
    expect(sourceAfterPublish('2020-08-12', true, '2021-09-13T02:43:08')).toBe(false);
    expect(sourceAfterPublish('2021-09-13', true, '2021-09-13T02:43:08')).toBe(false);
    expect(sourceAfterPublish('2021-09-14', true, '2021-09-13T02:43:08')).toBe(true);
    expect(sourceAfterPublish('2021-09-13T02:43:09', false, '2021-09-13T02:43:08')).toBe(true);
    expect(sourceAfterPublish('2021-09-14', true, '')).toBe(false);
  });
});

describe('formatting', () => {
  it('formats in the site zone for each language', () => {
    const zh = formatDateTime('2021-09-12T18:43:08Z', 'zh-CN', 'Asia/Shanghai');
    expect(zh).toContain('2021');
    expect(zh).toContain('02:43');
    const en = formatDateTime('2021-09-12T18:43:08Z', 'en', 'Asia/Shanghai');
    expect(en).toContain('09/13/2021');
  });

  it('survives an unknown zone name', () => {
    expect(formatDateTime('2021-09-12T18:43:08Z', 'en', 'Not/AZone')).toContain('2021');
  });

  it('shows a save time as a 24-hour clock', () => {
    expect(formatClock(new Date(2024, 0, 1, 12, 3, 5), 'zh-CN')).toBe('12:03:05');
    expect(formatClock(new Date(2024, 0, 1, 12, 3, 5), 'en')).toBe('12:03:05');
  });

  it('shows a save time in the site zone, whatever the machine’s zone, and midnight as 00', () => {
    const at = new Date('2024-01-01T06:03:05Z');
    expect(formatClock(at, 'zh-CN', 'Asia/Shanghai')).toBe('14:03:05');
    expect(formatClock(at, 'en', 'America/New_York')).toBe('01:03:05');
    expect(formatClock(new Date('2024-01-01T16:00:00Z'), 'en', 'Asia/Shanghai')).toBe('00:00:00');
    expect(formatDateTime('2024-01-01T16:00:00Z', 'en', 'Asia/Shanghai')).toContain('00:00');
  });
});

describe('zoneLabel', () => {
  it('calls the China zones 北京时间, and others by their short name', () => {
    expect(zoneLabel('Asia/Shanghai', 'zh-CN')).toBe('北京时间');
    expect(zoneLabel('Asia/Chongqing', 'en')).toBe('Beijing time');
    expect(zoneLabel('Asia/Hong_Kong', 'zh-CN')).toBe('香港时间');
    expect(zoneLabel('Asia/Tokyo', 'zh-CN')).toBe('GMT+9');
    expect(zoneLabel('America/New_York', 'en', new Date('2024-01-15T12:00:00Z'))).toBe('EST');
    expect(zoneLabel('America/New_York', 'en', new Date('2024-07-15T12:00:00Z'))).toBe('EDT');
    expect(zoneLabel('UTC', 'en')).toBe('UTC');
  });

  it('is empty without a zone or for a name that is no zone', () => {
    expect(zoneLabel(undefined, 'zh-CN')).toBe('');
    expect(zoneLabel('Not/AZone', 'zh-CN')).toBe('');
  });
});

describe('the date formatters', () => {
  it('makes one formatter per locale, zone and style, however many rows are formatted', () => {
    const Real = Intl.DateTimeFormat;
    let made = 0;
    // Counts constructions and is otherwise the real thing.
    class Counting extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made += 1;
      }
    }
    Intl.DateTimeFormat = Counting as typeof Real;
    try {
      const now = new Date('2024-05-01T12:00:00Z');
      for (let i = 0; i < 1_000; i++) {
        formatShort(`2024-0${1 + (i % 5)}-01T08:00:00Z`, 'zh-CN', 'Asia/Tokyo', now);
        formatDateTime('2024-05-01T08:00:00Z', 'zh-CN', 'Asia/Tokyo');
      }
      // The three styles used, each made once, for a thousand rows.
      expect(made).toBeLessThanOrEqual(3);
      made = 0;
      expect(formatShort('2024-05-01T08:00:00Z', 'en', 'Europe/Oslo', now)).toMatch(/\d\d:\d\d/);
      expect(made).toBe(2);
    } finally {
      Intl.DateTimeFormat = Real;
    }
    expect(dateFormatter('zh-CN', 'Asia/Tokyo', 'day')).toBe(dateFormatter('zh-CN', 'Asia/Tokyo', 'day'));
    expect(dateFormatter('zh-CN', 'Asia/Tokyo', 'day')).not.toBe(dateFormatter('zh-CN', 'Asia/Shanghai', 'day'));
    expect(dateFormatter('zh-CN', 'Asia/Tokyo', 'day')).not.toBe(dateFormatter('zh-CN', 'Asia/Tokyo', 'time'));
  });

  it('falls back to the machine zone for a zone it does not know, and remembers that too', () => {
    const f = dateFormatter('zh-CN', 'Mars/Olympus', 'day');
    expect(f.format(new Date('2024-05-01T12:00:00Z'))).toMatch(/2024/);
    expect(dateFormatter('zh-CN', 'Mars/Olympus', 'day')).toBe(f);
  });
});

describe('the date boxes', () => {
  it('show a stored wall time in the language’s 24-hour form', async () => {
    const { showWallTime } = await import('./datetime');
    expect(showWallTime('2021-09-13T02:43:08', 'zh-CN')).toBe('2021/09/13 02:43:08');
    expect(showWallTime('2021-09-13T02:43:08', 'en')).toBe('2021-09-13 02:43:08');
    expect(showWallTime('2020-08-12', 'zh-CN')).toBe('2020/08/12');
    expect(showWallTime('2021-09-13T02:43', 'zh-CN')).toBe('2021/09/13 02:43:00');
    expect(showWallTime('', 'zh-CN')).toBe('');
  });
});
