// The newsdesk window: its parts (settings, list, editor, history) made and joined here, the
// start-up, and the one way the open article is switched for another.
import type { Article, Workspace } from './bindings';
import { Editor } from './editor.svelte';
import { RevisionHistory } from './history.svelte';
import { inShell, ipc, onFileDrag, onWindowClose } from './ipc';
import { ArticleList } from './list.svelte';
import { startLang, t } from './locale.svelte';
import { showError, showToast } from './notices.svelte';
import { Publishing, portalsStillShowing } from './publishing.svelte';
import { Repost, repostPatch } from './repost.svelte';
import { Settings } from './settings.svelte';
import { Sites } from './sites.svelte';
import type { ConflictChoice } from './bindings';

/**
 * Resolves once the next frame is painted (its animation callback, then a task after it), or
 * after a moment in any case: a window started hidden paints no frame until it is shown.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 300);
  });
}

/** How often the open article is compared with the database: one small read. */
const ELSEWHERE_CHECK_MS = 4000;

export class Desk {
  readonly settings: Settings;
  readonly list: ArticleList;
  readonly editor: Editor;
  readonly history: RevisionHistory;
  readonly publishing: Publishing;
  readonly repost = new Repost();
  readonly sites = new Sites((run) => this.switchSite(run));
  starting = $state(true);
  /** At launch the list asks for its first page while the workspace is still on its way. */
  private launching = false;
  /** True while the article is switched, so a second click does not start a second switch. */
  busy = $state(false);

  constructor() {
    this.list = new ArticleList(() => this.settings.workspace !== null || this.launching);
    this.editor = new Editor({
      saved: (article) => {
        // The saved row changes in place; the list is not fetched again after every save.
        this.list.saved(article);
        this.history.refreshSoon();
      },
      loaded: (id) => {
        this.history.switched(id);
        void this.publishing.switched(id);
        this.list.left();
      },
    });
    this.publishing = new Publishing(() => this.editor.openId, {
      marked: (article, mark) => this.list.setMark(article, mark),
    });
    this.history = new RevisionHistory(() => this.editor.openId);
    this.settings = new Settings({
      pageChanged: () => this.editor.preview.request(),
      channelsChanged: () => void this.list.refresh(),
      channelRenamed: (from, to) => {
        this.editor.channelRenamed(from, to);
        this.list.channelRenamed(from, to);
      },
    });
  }

  async start(): Promise<void> {
    const flush = () => void this.editor.flush();
    window.addEventListener('beforeunload', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
    this.editor.composition.listen(document);
    // An article changed elsewhere (the CLI, a pull) shows up here: on coming back to the
    // window, and every few seconds while it is open.
    window.addEventListener('focus', () => void this.editor.checkElsewhere());
    setInterval(() => void this.editor.checkElsewhere(), ELSEWHERE_CHECK_MS);
    if (!inShell()) {
      startLang(navigator.language.startsWith('zh') ? 'zh-CN' : 'en');
      this.starting = false;
      showError(t('error.noShell'));
      return;
    }
    try {
      // The list's first page is asked beside the workspace, and what can wait (the outlets,
      // the portals' state, the first article) only once the list is painted: the window is
      // useful from then on.
      this.launching = true;
      // Marks the desktop bench prints as the parts of a launch.
      performance.mark('list-asked');
      const listed = this.list.refresh().then(() => void performance.mark('list-answered'));
      const ws = await ipc.workspace();
      this.settings.workspace = ws;
      this.launching = false;
      const lang = startLang(ws.system_lang);
      await listed;
      // Each round trip is handled on the shell's main thread, which also acknowledges the
      // webview's frames: asked before the list's frame, these held it back (by 25 ms, measured).
      await afterNextPaint();
      void onWindowClose(() => this.editor.flush()).catch((e) => showError(e));
      void onFileDrag((drag) => this.editor.fileDrag(drag)).catch((e) => showError(e));
      void ipc.setLang(lang).catch((e) => showError(e));
      void this.sites.load();
      void this.settings.loadOutlets();
      void this.publishing.start().catch((e) => showError(e));
      const first = this.list.first();
      if (first) await this.open(first.id);
    } catch (e) {
      showError(e, { key: 'start' });
    } finally {
      this.launching = false;
      this.starting = false;
    }
  }

  /**
   * Puts another site's file in the window: the open article's edits are saved to the old site
   * first, then `run` opens the new one and everything is loaded anew from it (the list from its
   * top, unfiltered; the editor; the outlets; the publishing state; the recent list). A failure
   * of `run` is thrown, for the caller to show where it belongs; the old site stays open.
   */
  async switchSite(run: () => Promise<Workspace>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    let ws: Workspace;
    try {
      if (!(await this.editor.leave(() => void this.switchSite(run)))) return false;
      ws = await run();
      // A repost under review was read for the old site; the editor starts again on the new one.
      this.repost.close();
      this.editor.close();
      this.settings.workspace = ws;
      this.settings.outlets = [];
      Object.assign(this.list.filter, { query: '', status: '', channel: '', trash: false });
    } finally {
      this.busy = false;
    }
    showToast(t('sites.opened', { name: ws.site.name }));
    void this.sites.load();
    void this.settings.loadOutlets();
    void this.publishing.refreshStatus();
    await this.list.refresh();
    const first = this.list.first();
    if (first) await this.open(first.id);
    return true;
  }

  /** One switch at a time: a click while one runs is dropped. A failure is shown, never thrown. */
  private async exclusive<T>(run: () => Promise<T>, failed: T): Promise<T> {
    if (this.busy) return failed;
    this.busy = true;
    try {
      return await run();
    } catch (e) {
      showError(e);
      return failed;
    } finally {
      this.busy = false;
    }
  }

  /**
   * The steps of every switch to another article: the open one is left (its pending edits
   * saved; when that fails, `again` is offered after discarding them), `fetch` asks the core
   * for the article, and it is loaded into the editor. True when the switch happened.
   */
  private switchTo(fetch: () => Promise<Article>, again: () => void): Promise<boolean> {
    return this.exclusive(async () => {
      if (!(await this.editor.leave(again))) return false;
      const article = await fetch();
      // Edits typed while the article was fetched still belong to the old one.
      if (this.editor.pending) await this.editor.flush();
      this.editor.load(article);
      return true;
    }, false);
  }

  async open(id: string): Promise<void> {
    if (this.editor.openId === id) return;
    await this.switchTo(
      () => ipc.getArticle(id),
      () => void this.open(id),
    );
  }

  async create(): Promise<void> {
    const channel = this.settings.channels[0]?.name;
    const made = await this.switchTo(
      () => ipc.createArticle({ title: t('app.untitled'), ...(channel ? { channel } : {}) }),
      () => void this.create(),
    );
    if (!made) return;
    // The new article is not in the trash; the list it appears in must not be either.
    if (this.list.filter.trash) this.list.filter.trash = false;
    this.editor.titleFocus += 1;
    await this.list.refresh();
  }

  async duplicate(): Promise<void> {
    const current = this.editor.openId;
    if (!current) return;
    const made = await this.switchTo(
      () => ipc.duplicateArticle(current),
      () => void this.duplicate(),
    );
    if (!made) return;
    this.editor.titleFocus += 1;
    await this.list.refresh();
  }

  /** Makes an older revision current (a new revision), and offers 撤销 for it. */
  async restoreRevision(revision: number): Promise<boolean> {
    const current = this.editor.openId;
    if (!current) return false;
    let made: number | null = null;
    const restored = await this.switchTo(
      async () => {
        const article = await ipc.restoreRevision(current, revision);
        made = article.revision;
        return article;
      },
      () => void this.restoreRevision(revision),
    );
    if (!restored || made === null) return false;
    const restore = made;
    this.history.deselect();
    showToast(t('toast.revisionRestored', { n: revision }), {
      label: t('history.undo'),
      run: () => void this.undoRestore(restore),
    });
    await Promise.all([this.history.load(), this.list.refresh()]);
    return true;
  }

  /**
   * Takes back the restore that wrote revision `restore`: the article is what it was before,
   * as a new revision. The core refuses once the article changed after the restore.
   */
  async undoRestore(restore: number): Promise<boolean> {
    const current = this.editor.openId;
    if (!current) return false;
    const undone = await this.switchTo(
      () => ipc.undoRestore(current, restore),
      () => void this.undoRestore(restore),
    );
    if (!undone) return false;
    this.history.deselect();
    showToast(t('history.undone', { n: restore - 1 }));
    await Promise.all([this.history.load(), this.list.refresh()]);
    return true;
  }

  /** Saves the repost under review as a new draft with its attribution, and opens it. */
  async saveRepost(): Promise<boolean> {
    const patch = repostPatch(this.repost.values, this.repost.body, this.settings.channels[0]?.name ?? null);
    const made = await this.switchTo(
      () => ipc.createArticle(patch),
      () => void this.saveRepost(),
    );
    if (!made) return false;
    this.repost.close();
    if (this.list.filter.trash) this.list.filter.trash = false;
    showToast(t('repost.saved'));
    await this.list.refresh();
    if (/\]\(https?:\/\//.test(patch.body ?? '')) void this.fetchImages();
    return true;
  }

  /** The review's link to an article the repost repeats: the repost is dropped, that one opens. */
  async openRepeated(id: string): Promise<void> {
    this.repost.close();
    if (this.list.filter.trash) this.list.filter.trash = false;
    await this.open(id);
  }

  /** Deletes the trash for good (a second click confirmed it). */
  async emptyTrash(): Promise<void> {
    try {
      const n = await ipc.emptyTrash();
      showToast(t('list.trashEmptied', { n }));
      await this.list.refresh();
    } catch (e) {
      showError(e);
    }
  }

  /** Brings the open article's remote images into the photo store (after a repost is saved). */
  private async fetchImages(): Promise<void> {
    const id = this.editor.openId;
    if (!id) return;
    try {
      await this.editor.flush();
      const [article, failed] = await ipc.fetchArticleImages(id);
      if (this.editor.openId === id && !this.editor.pending) this.editor.load(article);
      if (failed.length > 0) showError(t('repost.imagesFailed', { n: failed.length, urls: failed.join('、') }));
    } catch (e) {
      showError(e);
    }
  }

  /** Settles the open conflict; the editor shows the article as it is afterwards. */
  async resolveConflict(choice: ConflictChoice, merged?: { title: string; body: string }): Promise<boolean> {
    return this.exclusive(async () => {
      // Edits typed meanwhile are saved first, so the resolution starts from what is on screen.
      await this.editor.flush();
      const article = await this.publishing.resolve(choice, merged);
      if (!article) return false;
      if (this.editor.openId === article.id) this.editor.load(article);
      this.list.saved(article);
      void this.history.load();
      return true;
    }, false);
  }

  /** Moves the open article to the trash, opens its neighbour, and offers an undo. */
  async trash(): Promise<void> {
    const current = this.editor.article;
    if (!current) return;
    const title = this.editor.draft?.title || current.title;
    const neighbour = this.list.neighbour(current.id);
    const stillOn = portalsStillShowing(this.publishing.publications);
    const trashed = await this.exclusive(async () => {
      // Edits are kept with the article in the trash when they can be saved; a failure here
      // must not keep an article the editor wants gone.
      await this.editor.flush();
      await ipc.trashArticle(current.id);
      this.editor.close();
      const said = stillOn.length
        ? t('toast.trashedStillOnPortal', { title, portals: stillOn.join('、') })
        : t('toast.trashed', { title });
      showToast(said, { label: t('toast.undo'), run: () => void this.untrash(current.id, true) });
      await this.list.refresh();
      return true;
    }, false);
    if (trashed && neighbour) await this.open(neighbour);
  }

  /** Takes an article out of the trash; `reopen` (the undo) also opens it, outside the trash view. */
  async untrash(id: string, reopen: boolean): Promise<void> {
    if (reopen && !this.list.filter.trash) {
      if (await this.switchTo(() => ipc.untrashArticle(id), () => void this.untrash(id, reopen))) {
        await this.list.refresh();
      }
      return;
    }
    try {
      const article = await ipc.untrashArticle(id);
      showToast(t('toast.restored', { title: article.title }));
      await this.list.refresh();
    } catch (e) {
      showError(e);
    }
  }
}

export const desk = new Desk();
