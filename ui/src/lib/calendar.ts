// The date box's calendar: a month as weeks of days, wall times taken apart and put together,
// and the names of months and weekdays in the UI language. Days are plain `YYYY-MM-DD` strings,
// wall times in the site's zone as the date boxes hold them; no Date is read in the machine's zone.
import type { Lang } from './bindings';

export interface DayCell {
  /** `YYYY-MM-DD`. */
  date: string;
  day: number;
  /** False for the days of the months before and after, which fill the first and last weeks. */
  inMonth: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The month `month` (1–12) of `year` moved by `n` months. */
export function addMonths(year: number, month: number, n: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Day of the week of a calendar day, 0 for Sunday (the proleptic Gregorian calendar, in UTC). */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The week starts on Monday in China (and in ISO), on Sunday in the English UI. */
export function weekStart(lang: Lang): 0 | 1 {
  return lang === 'zh-CN' ? 1 : 0;
}

/** Six weeks of days holding the month, starting on `start` (0 Sunday, 1 Monday). */
export function monthGrid(year: number, month: number, start: 0 | 1): DayCell[] {
  const lead = (weekday(year, month, 1) - start + 7) % 7;
  const before = addMonths(year, month, -1);
  const after = addMonths(year, month, 1);
  const cells: DayCell[] = [];
  const prevDays = daysIn(before.year, before.month);
  for (let i = lead; i > 0; i--) {
    const day = prevDays - i + 1;
    cells.push({ date: isoDay(before.year, before.month, day), day, inMonth: false });
  }
  for (let day = 1; day <= daysIn(year, month); day++) cells.push({ date: isoDay(year, month, day), day, inMonth: true });
  for (let day = 1; cells.length < 42; day++) cells.push({ date: isoDay(after.year, after.month, day), day, inMonth: false });
  return cells;
}

/** A wall time as a date box holds it (`YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD`), taken apart. */
export function splitWall(value: string): { date: string; time: string | null } | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?$/.exec(value.trim());
  if (!m) return null;
  return { date: m[1], time: m[2] ?? null };
}

/**
 * A time typed in the calendar's time box: `8:5`, `08:05`, `0805`, `08:05:30`; normalized to
 * `HH:MM` or `HH:MM:SS`. Null for anything that is no time of day.
 */
export function readClock(text: string): string | null {
  const t = text.trim().replace('：', ':');
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(t) ?? /^(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), m[3] === undefined ? null : Number(m[3])];
  if (h > 23 || min > 59 || (s !== null && s > 59)) return null;
  return s === null ? `${pad(h)}:${pad(min)}` : `${pad(h)}:${pad(min)}:${pad(s)}`;
}

/** The wall time a pick makes: the day alone, or the day at the time (whole seconds). */
export function joinWall(date: string, time: string | null): string {
  if (time === null) return date;
  return `${date}T${time.length === 5 ? `${time}:00` : time}`;
}

/** Today and the time now in the site's zone, as `YYYY-MM-DD` and `HH:MM`. */
export function nowIn(zone: string | undefined, now: Date = new Date()): { date: string; time: string } {
  let parts: Intl.DateTimeFormatPart[];
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', options).formatToParts(now);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** "2021年9月" / "September 2021". */
export function monthTitle(year: number, month: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/** The weekday heads of the grid, from the week's first day: 一 二 … 日 / Su Mo … Sa. */
export function weekdayNames(lang: Lang): string[] {
  const start = weekStart(lang);
  const format = new Intl.DateTimeFormat(lang, { weekday: lang === 'zh-CN' ? 'narrow' : 'short', timeZone: 'UTC' });
  // 2024-01-07 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 7 + start + i))));
}

/**
 * Where the calendar opens for a box's value: its month with its day and time chosen, or, for an
 * empty box, this month in the site's zone with nothing chosen and the time now.
 */
export function pickerStart(
  value: string,
  zone: string | undefined,
  now: Date = new Date(),
): { year: number; month: number; date: string | null; clock: string } {
  const held = splitWall(value);
  const today = nowIn(zone, now);
  const date = held?.date ?? null;
  const [year, month] = (date ?? today.date).split('-').map(Number);
  return { year, month, date, clock: held?.time ?? today.time };
}
