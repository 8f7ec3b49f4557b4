// The editor's form state for one article, and the patch of what changed since the last save.
import type { Article, ArticlePatch, Status } from './bindings';
import { inputToPublishAt, inputToSourceTime, publishAtToInput, sourceTimeToInput } from './datetime';

/** Every field as the form holds it: strings as typed, times as the date inputs' values. */
export interface Draft {
  kicker: string;
  title: string;
  subtitle: string;
  slug: string;
  channel: string;
  status: Status;
  body: string;
  summary: string;
  /** Comma separated, as typed. */
  keywords: string;
  /** The datetime-local value, wall time in the site zone. */
  publishAt: string;
  sourceName: string;
  sourceUrl: string;
  sourceAuthor: string;
  /** A date input's value when `sourceDateOnly`, else a datetime-local value. */
  sourceTime: string;
  sourceDateOnly: boolean;
  editor: string;
  /** 二审 朱晖、监制 王五: the credits beside the 责任编辑, one line. */
  otherCredits: string;
}

export function draftFromArticle(a: Article): Draft {
  const source = sourceTimeToInput(a.source.published_at);
  return {
    kicker: a.kicker ?? '',
    title: a.title,
    subtitle: a.subtitle ?? '',
    slug: a.slug,
    channel: a.channel,
    status: a.status,
    body: a.body,
    summary: a.summary ?? '',
    keywords: a.keywords.join(', '),
    publishAt: publishAtToInput(a.publish_at),
    sourceName: a.source.name ?? '',
    sourceUrl: a.source.url ?? '',
    sourceAuthor: a.source.author ?? '',
    sourceTime: source.value,
    sourceDateOnly: source.dateOnly,
    editor: a.editor ?? '',
    otherCredits: a.other_credits ?? '',
  };
}

/** Keywords as the core stores them: editors separate with either the ASCII or the Chinese marks. */
export function splitKeywords(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[,，、;；]/)) {
    const k = part.trim();
    if (k !== '' && !out.includes(k)) out.push(k);
  }
  return out;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

type TextField = 'kicker' | 'title' | 'subtitle' | 'slug' | 'channel' | 'body' | 'summary' | 'editor';
type SourceField = 'sourceName' | 'sourceUrl' | 'sourceAuthor' | 'otherCredits';

const TEXT_FIELDS: readonly TextField[] = ['kicker', 'title', 'subtitle', 'slug', 'channel', 'body', 'summary', 'editor'];
/** The form's fields whose patch key is spelled otherwise. */
const SOURCE_FIELDS: Record<SourceField, 'source_name' | 'source_url' | 'source_author' | 'other_credits'> = {
  sourceName: 'source_name',
  sourceUrl: 'source_url',
  sourceAuthor: 'source_author',
  otherCredits: 'other_credits',
};

/**
 * Only the fields that differ between `base` (what the core has) and `next` (what the form
 * shows). Values are compared as the core would read them, so a trailing comma in the keywords
 * or a date-mode switch on an empty 来源时间 sends nothing.
 */
export function diffDraft(base: Draft, next: Draft): ArticlePatch {
  const patch: ArticlePatch = {};
  for (const f of TEXT_FIELDS) {
    if (base[f] !== next[f]) patch[f] = next[f];
  }
  if (base.status !== next.status) patch.status = next.status;
  const keywords = splitKeywords(next.keywords);
  if (!sameList(splitKeywords(base.keywords), keywords)) patch.keywords = keywords;
  const publish = inputToPublishAt(next.publishAt);
  if (inputToPublishAt(base.publishAt) !== publish) patch.publish_at = publish;
  for (const [field, key] of Object.entries(SOURCE_FIELDS) as [SourceField, (typeof SOURCE_FIELDS)[SourceField]][]) {
    if (base[field] !== next[field]) patch[key] = next[field];
  }
  const sourceTime = inputToSourceTime(next.sourceTime, next.sourceDateOnly);
  if (inputToSourceTime(base.sourceTime, base.sourceDateOnly) !== sourceTime) patch.source_time = sourceTime;
  return patch;
}

export function isEmptyPatch(patch: ArticlePatch): boolean {
  return Object.keys(patch).length === 0;
}

export function copyDraft(d: Draft): Draft {
  return { ...d };
}
