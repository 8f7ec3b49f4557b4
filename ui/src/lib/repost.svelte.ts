// A repost (转载) under review: the fields read off a pasted or opened page, editable, with the
// text each came from; nothing is saved until the editor confirms.
import type { ArticlePatch, RepostField, RepostReview } from './bindings';
import { ipc } from './ipc';
import { clearError, showError } from './notices.svelte';

export const REPOST_FIELDS: readonly RepostField[] = [
  'title',
  'publish_at',
  'source_name',
  'source_url',
  'source_author',
  'source_time',
  'editor',
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

  private async read(work: () => Promise<RepostReview>): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const review = await work();
      this.values = startingValues(review);
      this.body = review.body;
      this.focused = review.fields[0]?.field ?? null;
      this.review = review;
      clearError('repost');
    } catch (e) {
      showError(e, { key: 'repost' });
    } finally {
      this.reading = false;
    }
  }

  fromClipboard(): Promise<void> {
    return this.read(() => ipc.repostFromClipboard());
  }

  fromFile(file: string): Promise<void> {
    return this.read(() => ipc.repostFromFile(file));
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
