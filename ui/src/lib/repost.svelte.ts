// A repost (转载) under review: the fields read off a pasted or opened page, editable, with the
// text each came from; nothing is saved until the editor confirms.
import type { ArticlePatch, RepostField, RepostReview, SameOriginal } from './bindings';
import { ipc } from './ipc';
import { t } from './locale.svelte';
import { clearError, describeError, showError } from './notices.svelte';

export const REPOST_FIELDS: readonly RepostField[] = [
  'title',
  'publish_at',
  'source_name',
  'source_url',
  'source_author',
  'source_time',
  'editor',
  'other_credits',
];

/** The editor's values, one per field, starting from what the page gave. */
export function startingValues(review: RepostReview): Record<RepostField, string> {
  const values = Object.fromEntries(REPOST_FIELDS.map((f) => [f, ''])) as Record<RepostField, string>;
  for (const f of review.fields) values[f.field] = f.value;
  return values;
}

/** The new draft: the checked fields, the body, in `channel`; empty fields are left out. */
export function repostPatch(values: Record<RepostField, string>, body: string, channel: string | null): ArticlePatch {
  const patch: ArticlePatch = { body };
  for (const f of REPOST_FIELDS) {
    const v = values[f].trim();
    if (v !== '') patch[f] = v;
  }
  if (channel) patch.channel = channel;
  return patch;
}

/** What the review says of an article the repost may repeat. */
export function repeatMessage(same: SameOriginal): string {
  if (same.by === 'text') {
    return t('repost.nearCopy', { title: same.title, n: Math.round((same.similarity ?? 1) * 100) });
  }
  return t('repost.sameOriginal', { title: same.title });
}

/** Whether the editor's address box holds a web address to fetch. */
export function isPageAddress(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

/** The source text split around the field's span, for highlighting where it was read. */
export function highlighted(text: string, start: number | null, end: number | null): [string, string, string] {
  if (start === null || end === null || start > end || end > text.length) return [text, '', ''];
  return [text.slice(0, start), text.slice(start, end), text.slice(end)];
}

export class Repost {
  review = $state<RepostReview | null>(null);
  values = $state<Record<RepostField, string>>(startingValues({ fields: [] } as unknown as RepostReview));
  body = $state('');
  /** The field whose source text is highlighted. */
  focused = $state<RepostField | null>(null);
  reading = $state(false);
  /** The 导入网页 dialog is open: an address to fetch, or a saved file. */
  choosing = $state(false);
  address = $state('');

  /** Why the address could not be read, shown in the 导入网页 dialog (a modal hides the banner). */
  problem = $state<string | null>(null);

  private async read(work: () => Promise<RepostReview>): Promise<boolean> {
    if (this.reading) return false;
    this.reading = true;
    try {
      const review = await work();
      this.values = startingValues(review);
      this.body = review.body;
      this.focused = review.fields[0]?.field ?? null;
      this.review = review;
      clearError('repost');
      return true;
    } catch (e) {
      if (this.choosing) this.problem = describeError(e);
      else showError(e, { key: 'repost' });
      return false;
    } finally {
      this.reading = false;
    }
  }

  fromClipboard(): Promise<boolean> {
    return this.read(() => ipc.repostFromClipboard());
  }

  /** Opens the 导入网页 dialog: an address to fetch, or a saved file to choose. */
  choose(): void {
    this.problem = null;
    this.choosing = true;
  }

  stopChoosing(): void {
    this.choosing = false;
    this.problem = null;
  }

  fromFile(file: string): Promise<boolean> {
    this.stopChoosing();
    return this.read(() => ipc.repostFromFile(file));
  }

  /** Fetches the page at the address typed into the 导入网页 dialog; it stays open on a failure. */
  async fromAddress(): Promise<boolean> {
    const url = this.address.trim();
    if (!isPageAddress(url)) {
      this.problem = t('repost.addressInvalid');
      return false;
    }
    this.problem = null;
    const read = await this.read(() => ipc.repostFromUrl(url));
    if (read) {
      this.stopChoosing();
      this.address = '';
    }
    return read;
  }

  /** Where the focused field was read, as offsets into the source text. */
  get span(): { start: number | null; end: number | null } {
    const f = this.review?.fields.find((x) => x.field === this.focused);
    return { start: f?.start ?? null, end: f?.end ?? null };
  }

  confidence(field: RepostField): number | null {
    return this.review?.fields.find((x) => x.field === field)?.confidence ?? null;
  }

  close(): void {
    this.review = null;
  }
}
