// Conversions between the core's time strings and the form's date inputs, and locale formatting.
import type { Lang } from './bindings';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_MINUTES = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/;
const LOCAL_SECONDS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/;

/**
 * The datetime-local value for `Article.publish_at`. The core always writes the site's offset,
 * so the first 19 characters are the wall time in the site zone whatever the machine's zone is.
 */
export function publishAtToInput(publishAt: string | null): string {
  if (!publishAt) return '';
  const m = LOCAL_SECONDS.exec(publishAt);
  return m ? `${m[1]}T${m[2]}` : publishAt;
}

/**
 * What the core receives for a datetime-local value: "YYYY-MM-DD HH:MM:SS". Anything that is
 * not a well-formed value (a WebView that shows a plain text box) is passed on unchanged, so the
 * core's own message explains what is wrong with it.
 */
export function inputToPublishAt(value: string): string {
  const v = value.trim();
  if (v === '') return '';
  const minutes = LOCAL_MINUTES.exec(v);
  if (minutes) return `${minutes[1]} ${minutes[2]}:00`;
  const seconds = LOCAL_SECONDS.exec(v);
  if (seconds && seconds[0].length === v.length) return `${seconds[1]} ${seconds[2]}`;
  // Browsers may add milliseconds when step allows them; the portal keeps whole seconds.
  if (seconds && /^\.\d+$/.test(v.slice(seconds[0].length))) return `${seconds[1]} ${seconds[2]}`;
  return v;
}

/** The 来源时间 input's value and mode for `SourceAttribution.published_at`. */
export function sourceTimeToInput(publishedAt: string | null): { value: string; dateOnly: boolean } {
  if (!publishedAt) return { value: '', dateOnly: false };
  if (DATE_ONLY.test(publishedAt)) return { value: publishedAt, dateOnly: true };
  return { value: publishAtToInput(publishedAt), dateOnly: false };
}

/** What the core receives for 来源时间: a date alone keeps date precision. */
export function inputToSourceTime(value: string, dateOnly: boolean): string {
  const v = value.trim();
  if (v === '') return '';
  if (dateOnly) return DATE_ONLY.test(v) ? v : v.slice(0, 10);
  if (DATE_ONLY.test(v)) return v;
  return inputToPublishAt(v);
}

/** The 来源时间 value after the "date only" box is ticked or cleared, keeping what was entered. */
export function switchSourceTimeMode(value: string, dateOnly: boolean): string {
  const v = value.trim();
  if (v === '') return '';
  if (dateOnly) return v.slice(0, 10);
  return DATE_ONLY.test(v) ? `${v}T00:00:00` : v;
}

/**
 * Whether 来源时间 is later than 发布日期, both as wall times in the site zone. A date alone is
 * after the publish time only when its day is later, since the original may appear any time that day.
 */
export function sourceAfterPublish(sourceValue: string, dateOnly: boolean, publishValue: string): boolean {
  const source = inputToSourceTime(sourceValue, dateOnly);
  const publish = inputToPublishAt(publishValue);
  const p = LOCAL_SECONDS.exec(publish);
  if (!source || !p) return false;
  if (DATE_ONLY.test(source)) return source > p[1];
  const s = LOCAL_SECONDS.exec(source);
  if (!s) return false;
  return `${s[1]} ${s[2]}` > `${p[1]} ${p[2]}`;
}

/** The shapes dates take on screen; each (locale, zone, style) gets one formatter, made once. */
export type DateStyle = 'dateTime' | 'day' | 'time' | 'clock' | 'monthTime' | 'year';

const STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  monthTime: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  year: { year: 'numeric' },
};

// Making an Intl.DateTimeFormat costs about 160 µs in WebKit, formatting with one costs almost
// nothing: a list that made one per row spent most of its time here.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The one formatter for (locale, zone, style); an unknown zone falls back to the machine's. */
export function dateFormatter(lang: Lang, timeZone: string | undefined, style: DateStyle): Intl.DateTimeFormat {
  const key = `${lang}\u0000${timeZone ?? ''}\u0000${style}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lang, { ...STYLES[style], timeZone });
    } catch {
      // An unknown zone name in the site settings must not break every date on screen.
      f = new Intl.DateTimeFormat(lang, STYLES[style]);
    }
    formatters.set(key, f);
  }
  return f;
}

/** A full date and time for lists and revisions, shown in the site's zone. */
export function formatDateTime(instant: string | null, lang: Lang, timeZone?: string): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return dateFormatter(lang, timeZone, 'dateTime').format(d);
}

/** A short form for dense rows: time alone when it is today, the date otherwise. */
export function formatShort(instant: string | null, lang: Lang, timeZone?: string, now: Date = new Date()): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const day = dateFormatter(lang, timeZone, 'day');
  const date = day.format(d);
  if (date === day.format(now)) return dateFormatter(lang, timeZone, 'time').format(d);
  return date;
}

/**
 * When a scheduled article goes out, for a dense row: "12/03 08:00" in the site's zone, with the
 * year too when it is not this year's.
 */
export function formatGoesOut(instant: string, lang: Lang, timeZone?: string, now: Date = new Date()): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const year = dateFormatter(lang, timeZone, 'year');
  const style = year.format(d) === year.format(now) ? 'monthTime' : 'dateTime';
  return dateFormatter(lang, timeZone, style).format(d);
}

/** The clock time of a save, "12:03:05", in the site's zone like every other time on screen. */
export function formatClock(d: Date, lang: Lang, timeZone?: string): string {
  return dateFormatter(lang, timeZone, 'clock').format(d);
}

/** Zones whose everyday name editors use instead of an offset: the China zones say 北京时间. */
const ZONE_NAMES: Record<string, Record<Lang, string>> = {
  'Asia/Shanghai': { 'zh-CN': '北京时间', en: 'Beijing time' },
  'Asia/Chongqing': { 'zh-CN': '北京时间', en: 'Beijing time' },
  'Asia/Chungking': { 'zh-CN': '北京时间', en: 'Beijing time' },
  'Asia/Harbin': { 'zh-CN': '北京时间', en: 'Beijing time' },
  PRC: { 'zh-CN': '北京时间', en: 'Beijing time' },
  'Asia/Hong_Kong': { 'zh-CN': '香港时间', en: 'Hong Kong time' },
  'Asia/Macau': { 'zh-CN': '澳门时间', en: 'Macau time' },
  'Asia/Taipei': { 'zh-CN': '台北时间', en: 'Taipei time' },
};

/**
 * What a time shown in `timeZone` is labelled with: 北京时间 for the China zones, else the zone's
 * short name in the UI language at `at` (GMT+9, EST…); empty when the zone is unknown.
 */
export function zoneLabel(timeZone: string | undefined, lang: Lang, at: Date = new Date()): string {
  if (!timeZone) return '';
  const named = ZONE_NAMES[timeZone];
  if (named) return named[lang];
  try {
    const parts = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'short' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return '';
  }
}

/**
 * A date box's text for a stored wall time (`YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD`), 24-hour, in
 * the UI language's form: `2021/09/13 02:43:08` in Chinese, `2021-09-13 02:43:08` in English.
 */
export function showWallTime(value: string, lang: Lang): string {
  const v = value.trim();
  if (v === '') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?$/.exec(v);
  if (!m) return v;
  const sep = lang === 'zh-CN' ? '/' : '-';
  const day = `${m[1]}${sep}${m[2]}${sep}${m[3]}`;
  if (!m[4]) return day;
  return `${day} ${m[4].length === 5 ? `${m[4]}:00` : m[4]}`;
}
