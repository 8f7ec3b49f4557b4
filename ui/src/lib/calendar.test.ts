// Tests of the date box's calendar: the month's weeks, wall times apart and together, the names.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  joinWall,
  monthGrid,
  monthTitle,
  nowIn,
  pickerStart,
  readClock,
  splitWall,
  weekdayNames,
} from './calendar';

describe('monthGrid', () => {
  it('lays a month out in six weeks from Monday, the days around it greyed', () => {
    // September 2021 began on a Wednesday.
    const grid = monthGrid(2021, 9, 1);
    expect(grid).toHaveLength(42);
    expect(grid.slice(0, 3).map((c) => [c.date, c.inMonth])).toEqual([
      ['2021-08-30', false],
      ['2021-08-31', false],
      ['2021-09-01', true],
    ]);
    expect(grid.filter((c) => c.inMonth).map((c) => c.day)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(grid.at(-1)).toEqual({ date: '2021-10-10', day: 10, inMonth: false });
  });

  it('starts on Sunday when asked, and knows leap years', () => {
    const grid = monthGrid(2024, 2, 0);
    expect(grid[0].date).toBe('2024-01-28');
    expect(grid.filter((c) => c.inMonth).at(-1)?.date).toBe('2024-02-29');
    expect(monthGrid(2021, 2, 0).filter((c) => c.inMonth)).toHaveLength(28);
  });

  it('moves across years', () => {
    expect(addMonths(2021, 12, 1)).toEqual({ year: 2022, month: 1 });
    expect(addMonths(2021, 1, -1)).toEqual({ year: 2020, month: 12 });
    expect(addMonths(2021, 9, -21)).toEqual({ year: 2019, month: 12 });
  });
});

describe('wall times', () => {
  it('takes a box’s value apart and puts a pick together', () => {
    expect(splitWall('2021-09-13T02:43:08')).toEqual({ date: '2021-09-13', time: '02:43:08' });
    expect(splitWall('2020-08-12')).toEqual({ date: '2020-08-12', time: null });
    expect(splitWall('')).toBe(null);
    expect(joinWall('2021-09-13', '08:05')).toBe('2021-09-13T08:05:00');
    expect(joinWall('2021-09-13', '08:05:30')).toBe('2021-09-13T08:05:30');
    expect(joinWall('2021-09-13', null)).toBe('2021-09-13');
  });

  it('reads the time box as editors type it', () => {
    expect(readClock('8:5')).toBe('08:05');
    expect(readClock('0805')).toBe('08:05');
    expect(readClock('23:59:59')).toBe('23:59:59');
    expect(readClock('10：20')).toBe('10:20');
    expect(readClock('24:00')).toBe(null);
    expect(readClock('8点')).toBe(null);
  });

  it('knows today in the site zone, not the machine’s', () => {
    const now = new Date('2021-09-12T18:30:00Z');
    expect(nowIn('Asia/Shanghai', now)).toEqual({ date: '2021-09-13', time: '02:30' });
    expect(nowIn('UTC', now)).toEqual({ date: '2021-09-12', time: '18:30' });
  });
});

describe('names', () => {
  it('says the month and the weekdays in the UI language', () => {
    expect(monthTitle(2021, 9, 'zh-CN')).toBe('2021年9月');
    expect(monthTitle(2021, 9, 'en')).toBe('September 2021');
    expect(weekdayNames('zh-CN')).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    expect(weekdayNames('en')).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
  });
});

describe('pickerStart', () => {
  const now = new Date('2021-09-12T18:30:00Z');

  it('opens at the box’s day and time', () => {
    expect(pickerStart('2020-08-12T10:31:00', 'Asia/Shanghai', now)).toEqual({
      year: 2020,
      month: 8,
      date: '2020-08-12',
      clock: '10:31:00',
    });
  });

  it('opens an empty box at this month in the site zone, at the time now', () => {
    expect(pickerStart('', 'Asia/Shanghai', now)).toEqual({ year: 2021, month: 9, date: null, clock: '02:30' });
    expect(pickerStart('2020-08-12', 'Asia/Shanghai', now).clock).toBe('02:30');
  });
});
