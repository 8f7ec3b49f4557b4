// The open article's revision history, shown in the right pane instead of the preview.
import type { Article, RevisionSummary } from './bindings';
import { ipc } from './ipc';
import { showError } from './notices.svelte';
import { throttle } from './pace';

export class RevisionHistory {
  revisions = $state<RevisionSummary[] | null>(null);
  open = $state(false);

  private readonly pace = throttle(() => this.load(), 500);

  /** `article` names the open article; its history is the one shown. */
  constructor(private readonly article: () => string | null) {}

  async load(): Promise<void> {
    const id = this.article();
    if (!id) {
      this.revisions = null;
      return;
    }
    try {
      const revisions = await ipc.articleHistory(id);
      if (this.article() === id) this.revisions = revisions;
    } catch (e) {
      showError(e);
    }
  }

  /** Another article (or none) is open: its history replaces the shown one, when shown. */
  switched(id: string | null): void {
    if (id && this.open) void this.load();
    else this.revisions = null;
  }

  /** After a save: a new or rewritten revision, fetched at most twice a second while shown. */
  refreshSoon(): void {
    if (this.open) this.pace.request();
  }

  toggle(open = !this.open): void {
    this.open = open;
    if (open) void this.load();
  }

  /** One revision as it was saved, for the diff against the form. */
  async revision(revision: number): Promise<Article | null> {
    const id = this.article();
    if (!id) return null;
    try {
      return await ipc.articleRevision(id, revision);
    } catch (e) {
      showError(e);
      return null;
    }
  }
}
