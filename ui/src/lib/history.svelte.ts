// The open article's revision history, shown in the right pane instead of the preview: the
// revisions, and the one selected compared with the article as it is now.
import type { Article, FieldChange, RevisionSummary } from './bindings';
import { ipc } from './ipc';
import { showError } from './notices.svelte';
import { throttle } from './pace';

/** A revision as it was saved, beside what differs from it now (the body aside). */
export interface Compared {
  revision: number;
  article: Article;
  changes: FieldChange[];
}

export class RevisionHistory {
  revisions = $state<RevisionSummary[] | null>(null);
  open = $state(false);
  /** The revision picked in the list, compared with now. */
  selected = $state<number | null>(null);
  /** The selected revision once fetched (null while it loads). */
  compared = $state<Compared | null>(null);

  private readonly pace = throttle(() => this.load(), 500);

  /** `article` names the open article; its history is the one shown. */
  constructor(private readonly article: () => string | null) {}

  /** The newest revision when it is a restore that 撤销 can still take back. */
  get undoable(): RevisionSummary | null {
    const newest = this.revisions?.[0];
    return newest?.undoable ? newest : null;
  }

  async load(): Promise<void> {
    const id = this.article();
    if (!id) {
      this.revisions = null;
      return;
    }
    try {
      const revisions = await ipc.articleHistory(id);
      if (this.article() !== id) return;
      this.revisions = revisions;
      // A save changed what "now" is: the comparison follows.
      if (this.selected !== null) void this.compare(this.selected);
    } catch (e) {
      showError(e);
    }
  }

  /** Another article (or none) is open: its history replaces the shown one, when shown. */
  switched(id: string | null): void {
    this.deselect();
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

  /** Picks a revision to compare with now. */
  async select(revision: number): Promise<void> {
    if (this.selected !== revision) {
      this.selected = revision;
      this.compared = null;
    }
    await this.compare(revision);
  }

  deselect(): void {
    this.selected = null;
    this.compared = null;
  }

  private async compare(revision: number): Promise<void> {
    const id = this.article();
    if (!id) return;
    try {
      const [article, changes] = await Promise.all([
        ipc.articleRevision(id, revision),
        ipc.revisionChanges(id, revision),
      ]);
      // A late answer for a revision or an article no longer picked is dropped.
      if (this.article() === id && this.selected === revision) this.compared = { revision, article, changes };
    } catch (e) {
      showError(e);
    }
  }

  /** One revision as it was saved. */
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
