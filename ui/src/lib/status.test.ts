// Tests of a row's status: a scheduled article says when it goes out, in the site's zone.
import { afterEach, describe, expect, it } from 'vitest';
import { formatGoesOut } from './datetime';
import { locale } from './locale.svelte';
import { rowStatus } from './status';

afterEach(() => {
  locale.lang = 'zh-CN';
});

describe('rowStatus', () => {
  const now = new Date('2024-11-20T04:00:00Z');

  it('shows when a scheduled article goes out, in the site zone', () => {
    // 00:00 UTC on 3 December is 08:00 in 遵义.
    expect(rowStatus('scheduled', '2024-12-03T08:00:00+08:00', 'zh-CN', 'Asia/Shanghai', now)).toBe('定时 12/03 08:00');
    expect(rowStatus('scheduled', '2024-12-03T08:00:00+08:00', 'zh-CN', 'UTC', now)).toBe('定时 12/03 00:00');
    locale.lang = 'en';
    expect(rowStatus('scheduled', '2024-12-03T08:00:00+08:00', 'en', 'Asia/Shanghai', now)).toBe('Scheduled 12/03, 08:00');
  });

  it('names the year when it is not this one', () => {
    expect(rowStatus('scheduled', '2031-12-03T08:00:00+08:00', 'zh-CN', 'Asia/Shanghai', now)).toBe('定时 2031/12/03 08:00');
    // New Year's Eve in UTC is already next year in 遵义.
    expect(formatGoesOut('2024-12-31T20:00:00Z', 'zh-CN', 'Asia/Shanghai', now)).toBe('2025/01/01 04:00');
  });

  it('shows the status name for every other row, and for a schedule without a time', () => {
    expect(rowStatus('published', '2024-12-03T08:00:00+08:00', 'zh-CN', 'Asia/Shanghai', now)).toBe('已发布');
    expect(rowStatus('draft', null, 'zh-CN', 'Asia/Shanghai', now)).toBe('草稿');
    expect(rowStatus('scheduled', null, 'zh-CN', 'Asia/Shanghai', now)).toBe('定时发布');
  });
});
