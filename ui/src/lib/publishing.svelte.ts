// Publishing in the window: the title bar's sync indicator, the open article's state on each
// portal, the list's marks, conflicts, and connecting portals (in the browser, or by hand).
import type {
  Article,
  ArticlePublication,
  ConflictChoice,
  ConflictView,
  ExportProgress,
  PublicationMark,
  PublicationState,
  Removal,
  SyncStatus,
  WireError,
} from './bindings';
import { CommandError, ipc, onPublishing } from './ipc';
import type { MessageKey } from './i18n';
import { t } from './locale.svelte';
import { clearError, showError, showToast } from './notices.svelte';

/** How much a state needs the editor's eye: the core's order (sync_status.rs `urgency`). */
const URGENCY: Record<PublicationState, number> = { published: 0, queued: 1, sending: 2, failed: 3, conflict: 4 };

/** The one mark a list row shows for an article's states on its portals. */
export function markOf(article: string, publications: ArticlePublication[]): PublicationMark | null {
  let mark: PublicationMark | null = null;
  for (const p of publications) {
    if (p.state === null) continue;
    if (mark === null || URGENCY[p.state] > URGENCY[mark.state]) {
      mark = { article, state: p.state, update: p.remote_url !== null && p.operation === 'update' };
    }
  }
  return mark;
}

/** The words for an article's state on one portal. */
export function stateKey(p: Pick<ArticlePublication, 'state' | 'operation' | 'remote_url' | 'held'>): MessageKey {
  switch (p.state) {
    case null:
      return 'publish.stateNone';
    case 'queued':
      if (p.operation === 'withdraw') return 'publish.stateWithdrawQueued';
      return p.remote_url ? 'publish.stateUpdateQueued' : 'publish.stateQueued';
    case 'sending':
      return 'publish.stateSending';
    case 'published':
      return 'publish.statePublished';
    case 'failed':
      return p.held ? 'publish.stateHeld' : 'publish.stateRetrying';
    case 'conflict':
      return 'publish.stateConflict';
  }
}

/** The short label of a list row's mark. */
export function markKey(mark: PublicationMark): MessageKey {
  if (mark.state === 'queued' && mark.update) return 'publish.markUpdate';
  return `publish.mark.${mark.state}` as MessageKey;
}

/** What the conflict dialog says and offers: an edit on the portal, or the post taken down there. */
export interface ConflictWords {
  title: MessageKey;
  explain: MessageKey;
  keepOurs: MessageKey;
  keepOursTitle: MessageKey;
  takeTheirs: MessageKey;
  takeTheirsTitle: MessageKey;
  /** A merge needs their text: not for a post taken down. */
  merge: boolean;
  /** Theirs has a title and a body to compare (a deleted post has neither). */
  diff: boolean;
}

export function conflictWords(removed: Removal | null): ConflictWords {
  if (!removed) {
    return {
      title: 'conflict.title',
      explain: 'conflict.explain',
      keepOurs: 'conflict.keepOurs',
      keepOursTitle: 'conflict.keepOursTitle',
      takeTheirs: 'conflict.takeTheirs',
      takeTheirsTitle: 'conflict.takeTheirsTitle',
      merge: true,
      diff: true,
    };
  }
  const trashed = removed === 'trashed';
  return {
    title: trashed ? 'conflict.trashed.title' : 'conflict.deleted.title',
    explain: trashed ? 'conflict.trashed.explain' : 'conflict.deleted.explain',
    keepOurs: trashed ? 'conflict.trashed.keepOurs' : 'conflict.deleted.keepOurs',
    keepOursTitle: trashed ? 'conflict.trashed.keepOursTitle' : 'conflict.deleted.keepOursTitle',
    takeTheirs: 'conflict.removed.takeTheirs',
    takeTheirsTitle: 'conflict.removed.takeTheirsTitle',
    merge: false,
    diff: trashed,
  };
}

/** The pull's list of what it left out, shortened to a banner's length (the CLI prints it all). */
export function leftOutNotice(lines: string[], shown = 3): string | null {
  if (lines.length === 0) return null;
  const list = lines.slice(0, shown).join(' · ') + (lines.length > shown ? ' …' : '');
  return t('targets.pulledLeftOut', { n: lines.length, list });
}

/**
 * The portals where readers still see the article: moving it to the trash here leaves their
 * posts as they are (a withdrawal, 撤稿, is what takes a post off), so the editor is told.
 */
export function portalsStillShowing(publications: ArticlePublication[]): string[] {
  return publications
    .filter((p) => p.remote_url && (p.remote_status === 'publish' || p.remote_status === 'future'))
    .map((p) => p.target_name);
}

/** The notice once a conflict is settled. */
export function resolvedKey(removed: Removal | null, choice: ConflictChoice): MessageKey {
  if (removed) return choice === 'theirs' ? 'conflict.resolved.withdrawn' : 'conflict.resolved.broughtBack';
  return `conflict.resolved.${choice}`;
}

/** The indicator's words: offline first (nothing goes out), then what waits. */
export function indicatorKey(status: SyncStatus): MessageKey {
  if (status.targets.length === 0) return 'sync.noTargets';
  if (status.connectivity === 'offline') return 'sync.offline';
  if (status.conflicts > 0) return 'sync.conflicts';
  if (status.sending > 0) return 'sync.sending';
  if (status.queued > 0) return 'sync.queued';
  if (status.failed > 0) return 'sync.failed';
  return 'sync.synced';
}

/** What a name and address typed for a new portal lack, as a message key; null when both are there. */
export function targetFormProblem(name: string, url: string): MessageKey | null {
  if (name.trim() === '') return 'targets.nameMissing';
  if (!/^https?:\/\/[^\s/]+/i.test(url.trim())) return 'targets.urlInvalid';
  return null;
}

/** Several changes in a burst (a long push) cost one refresh. */
const REFRESH_MS = 250;

export class Publishing {
  status = $state<SyncStatus | null>(null);
  /** The open article on each portal. */
  publications = $state<ArticlePublication[]>([]);
  /** The conflict shown side by side, when the editor opened one. */
  conflict = $state<ConflictView | null>(null);
  /** A browser authorization waiting for its answer: the page, for opening by hand. */
  authorizing = $state<{ name: string; page: string } | null>(null);
  pulling = $state<{ name: string; progress: ExportProgress | null } | null>(null);
  busy = $state(false);

  private changed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly openId: () => string | null,
    private readonly hooks: {
      /** A mark changed for an article of the list. */
      marked: (article: string, mark: PublicationMark | null) => void;
    },
  ) {}

  async start(): Promise<void> {
    await onPublishing({
      publicationChanged: (article) => this.soon(article),
      syncChanged: () => this.soon(null),
      targetAuthorized: (name, error) => this.authorized(name, error),
      pullProgress: (progress) => {
        if (this.pulling) this.pulling = { ...this.pulling, progress };
      },
    });
    await this.refreshStatus();
  }

  private soon(article: string | null): void {
    if (article) this.changed.add(article);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const articles = [...this.changed];
      this.changed.clear();
      void this.refresh(articles);
    }, REFRESH_MS);
  }

  private async refresh(articles: string[]): Promise<void> {
    await this.refreshStatus();
    for (const id of articles) {
      try {
        const pubs = await ipc.articlePublications(id);
        if (id === this.openId()) this.publications = pubs;
        this.hooks.marked(id, markOf(id, pubs));
      } catch {
        // An article trashed meanwhile has nothing to show.
      }
    }
  }

  async refreshStatus(): Promise<void> {
    try {
      this.status = await ipc.syncStatus();
    } catch (e) {
      showError(e, { key: 'sync' });
    }
  }

  /** The editor opened another article (or none). */
  async switched(id: string | null): Promise<void> {
    this.conflict = null;
    if (!id) {
      this.publications = [];
      return;
    }
    try {
      const pubs = await ipc.articlePublications(id);
      if (id === this.openId()) this.publications = pubs;
    } catch (e) {
      showError(e, { key: 'sync' });
    }
  }

  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    try {
      const out = await work();
      clearError('sync');
      return out;
    } catch (e) {
      showError(e, { key: 'sync' });
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  async pushNow(): Promise<void> {
    const status = await this.run(() => ipc.pushNow());
    if (status) this.status = status;
  }

  async retry(target: number): Promise<void> {
    const id = this.openId();
    if (!id) return;
    const pubs = await this.run(() => ipc.retryPublication(id, target));
    if (pubs) this.publications = pubs;
  }

  async openLink(url: string): Promise<void> {
    await this.run(() => ipc.openInBrowser(url));
  }

  async showConflict(target: number): Promise<void> {
    const id = this.openId();
    if (!id) return;
    const view = await this.run(() => ipc.conflictView(id, target));
    if (view) this.conflict = view;
  }

  /**
   * Settles the conflict shown (the merged text only for `merged`); the article as it is now,
   * for the editor to show, or null when it failed (the banner says why).
   */
  async resolve(choice: ConflictChoice, merged?: { title: string; body: string }): Promise<Article | null> {
    const view = this.conflict;
    if (!view) return null;
    const article = await this.run(() =>
      ipc.resolveConflict(view.article, view.target, choice, merged?.title ?? null, merged?.body ?? null),
    );
    if (!article) return null;
    this.conflict = null;
    showToast(t(resolvedKey(view.theirs_removed, choice)));
    await this.refresh([view.article]);
    return article;
  }

  /** Opens the portal's authorization page in the browser; the answer comes as an event. */
  async authorize(name: string, url: string): Promise<boolean> {
    const page = await this.run(() => ipc.authorizeTarget(name.trim(), url.trim()));
    if (!page) return false;
    this.authorizing = { name: name.trim(), page };
    return true;
  }

  private authorized(name: string, error: WireError | null): void {
    if (error) {
      showError(new CommandError('authorize_target', error), { key: 'sync' });
    } else {
      clearError('sync');
      showToast(t('targets.authorized', { name }));
    }
    if (!error || this.authorizing?.name === name) this.authorizing = null;
    void this.refreshStatus();
    const id = this.openId();
    if (id) void this.refresh([id]);
  }

  async addByHand(name: string, url: string, user: string, password: string): Promise<boolean> {
    const status = await this.run(() => ipc.addTarget(name.trim(), url.trim(), user.trim(), password));
    if (!status) return false;
    this.status = status;
    showToast(t('targets.authorized', { name: name.trim() }));
    return true;
  }

  async remove(name: string): Promise<void> {
    const status = await this.run(() => ipc.removeTarget(name));
    if (status) this.status = status;
  }

  async pull(name: string): Promise<void> {
    this.pulling = { name, progress: null };
    try {
      const report = await this.run(() => ipc.pullTarget(name));
      if (report) {
        const { left_out: lines, ...counts } = report;
        showToast(t('targets.pulled', { ...counts, name }));
        // What stayed on the portal (a dead image, a post without a title) stays on screen
        // until read: a toast would be gone before a long list is.
        const leftOut = leftOutNotice(lines);
        if (leftOut) showError(leftOut, { key: 'pull' });
        else clearError('pull');
      }
    } finally {
      this.pulling = null;
    }
  }
}
