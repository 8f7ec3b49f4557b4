// The live preview of the open article: the core's page for the form as it stands, paced so
// that typing never waits for rendering.
import type { ArticlePatch, Preview } from './bindings';
import type { Composition } from './composition';
import { ipc } from './ipc';
import { clearError, showError } from './notices.svelte';
import { throttle } from './pace';

const PREVIEW_INTERVAL_MS = 150;

/** What the preview shows: the open article and the edits not saved yet. */
export interface PreviewSubject {
  readonly openId: string | null;
  /** The form minus what the core holds; null when nothing is open. */
  unsaved(): ArticlePatch | null;
}

/** Whether a new render would change anything shown (the page, or the warnings beside it). */
export function samePreview(a: Preview | null, b: Preview): boolean {
  return a !== null && a.html === b.html && JSON.stringify(a.warnings) === JSON.stringify(b.warnings);
}

export class PagePreview {
  page = $state<Preview | null>(null);

  private readonly pace = throttle(() => this.render(), PREVIEW_INTERVAL_MS);

  constructor(
    private readonly subject: PreviewSubject,
    private readonly composition: Composition,
  ) {}

  /** Asks for a render soon; requests made meanwhile fold into one. */
  request(): void {
    this.pace.request();
  }

  clear(): void {
    this.page = null;
    clearError('preview');
  }

  private async render(): Promise<void> {
    const id = this.subject.openId;
    if (!id || this.composition.hold()) return;
    const patch = this.subject.unsaved();
    if (!patch) return;
    try {
      const page = await ipc.previewArticle(id, patch);
      if (this.subject.openId !== id) return;
      // An unchanged page is not handed on: the frame would reload it for nothing.
      if (!samePreview(this.page, page)) this.page = page;
      clearError('preview');
    } catch (e) {
      if (this.subject.openId === id) showError(e, { key: 'preview' });
    }
  }
}
