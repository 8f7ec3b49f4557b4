// The newsdesk window's state: the workspace, the article list, the open article and its saving.
import type {
  Article,
  ArticleFilter,
  ArticleListing,
  ArticleSort,
  Channel,
  Lang,
  Preview,
  RevisionSummary,
  SaveKind,
  Status,
  Workspace,
} from './bindings';
import { Autosave, type SaveStatus } from './autosave';
import { copyDraft, diffDraft, draftFromArticle, type Draft } from './draft';
import { inShell, ipc, onFileDrag, onWindowClose, pickPhotoFiles, type FileDrag } from './ipc';
import { chooseLang, startLang, t } from './locale.svelte';
import { clearError, showError, showToast } from './notices.svelte';
import { debounce, throttle } from './pace';
import { PhotoStrip } from './photos.svelte';

export interface ListFilter {
  query: string;
  status: Status | '';
  channel: string;
  sort: ArticleSort;
  trash: boolean;
}

declare global {
  interface Window {
    /** The last preview HTML, for WebDriver tests that cannot read into the sandboxed frame. */
    __newsdeskPreviewHtml?: string;
    /** Sets one form field as typing would, for WebDriver tests (e.g. a date no date input can hold). */
    __newsdeskEdit?: (field: keyof Draft, value: string | boolean) => void;
  }
}

const PREVIEW_INTERVAL_MS = 150;

class Desk {
  workspace = $state<Workspace | null>(null);
  starting = $state(true);
  outlets = $state<string[]>([]);
  listing = $state<ArticleListing | null>(null);
  filter = $state<ListFilter>({ query: '', status: '', channel: '', sort: 'updated', trash: false });
  /** The open article as the core last returned it (id, revision, times). */
  article = $state<Article | null>(null);
  /** The form: what the editor sees and types into. */
  draft = $state<Draft | null>(null);
  /** Bumped when the body editor must take a new document: another article, a restored revision. */
  loads = $state(0);
  /** Bumped to put the cursor in the title (a new article). */
  titleFocus = $state(0);
  saveStatus = $state<SaveStatus>({ phase: 'clean', savedAt: null, error: null });
  preview = $state<Preview | null>(null);
  history = $state<RevisionSummary[] | null>(null);
  historyOpen = $state(false);
  /** True while the article is switched, so a second click does not start a second switch. */
  busy = $state(false);
  /** True while files from the desktop are dragged over the window. */
  dragging = $state(false);

  /** What the core holds for the open article, in form terms; the patch is the form minus this. */
  private saved: Draft | null = null;
  private composing = false;
  private editedWhileComposing = false;
  private autosave: Autosave | null = null;
  private listSeq = 0;
  private readonly previewPace = throttle(() => this.renderPreview(), PREVIEW_INTERVAL_MS);
  private readonly listPace = throttle(() => this.refreshList(), 500);
  private readonly historyPace = throttle(() => this.loadHistory(), 500);
  readonly searchSoon = debounce(() => void this.refreshList(), 150);
  /** The open article's photos; captions and credits show in the preview, so a change renders it again. */
  readonly photos = new PhotoStrip(() => this.previewPace.request());

  get channels(): Channel[] {
    return this.workspace?.channels ?? [];
  }

  get siteZone(): string | undefined {
    return this.workspace?.site.time_zone;
  }

  async start(): Promise<void> {
    window.__newsdeskEdit = (field, value) => {
      if (!this.draft) return;
      (this.draft as unknown as Record<string, string | boolean>)[field] = value;
      // The body editor holds its own document; it takes this one as a fresh load.
      if (field === 'body') this.loads += 1;
      if (field === 'status') void this.changedStatus();
      else this.edited();
    };
    window.addEventListener('beforeunload', () => void this.autosave?.flush());
    document.addEventListener('compositionstart', () => (this.composing = true), true);
    const compositionOver = () => {
      if (!this.composing) return;
      this.composing = false;
      if (this.editedWhileComposing) {
        this.editedWhileComposing = false;
        // The committing input event comes after compositionend in some engines; wait for it.
        setTimeout(() => this.edited(), 0);
      }
    };
    document.addEventListener('compositionend', compositionOver, true);
    // A composition abandoned without compositionend must not hold autosave back for good.
    document.addEventListener('focusout', compositionOver, true);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void this.autosave?.flush();
    });
    if (!inShell()) {
      startLang(navigator.language.startsWith('zh') ? 'zh-CN' : 'en');
      this.starting = false;
      showError(t('error.noShell'));
      return;
    }
    try {
      void onWindowClose(async () => {
        await this.autosave?.flush();
      }).catch((e) => showError(e));
      void onFileDrag((drag) => this.fileDrag(drag)).catch((e) => showError(e));
      const ws = await ipc.workspace();
      this.workspace = ws;
      const lang = startLang(ws.system_lang);
      void ipc.setLang(lang).catch((e) => showError(e));
      void this.loadOutlets();
      await this.refreshList();
      const first = this.listing?.items[0];
      if (first) await this.open(first.id);
    } catch (e) {
      showError(e, { key: 'start' });
    } finally {
      this.starting = false;
    }
  }

  async setLang(lang: Lang): Promise<void> {
    chooseLang(lang);
    try {
      await ipc.setLang(lang);
    } catch (e) {
      showError(e);
    }
    // Warnings come with the core's wording, so they are asked for again in the new language.
    this.previewPace.request();
  }

  async loadOutlets(): Promise<void> {
    try {
      this.outlets = await ipc.knownOutlets();
    } catch (e) {
      showError(e);
    }
  }

  // ---- the list ----------------------------------------------------------------------------

  private filterForCore(): ArticleFilter {
    const f = this.filter;
    const filter: ArticleFilter = { sort: f.sort, trash: f.trash };
    const query = f.query.trim();
    if (query) filter.query = query;
    if (f.status && !f.trash) filter.status = f.status;
    if (f.channel) filter.channel = f.channel;
    return filter;
  }

  async refreshList(): Promise<void> {
    if (!this.workspace) return;
    const seq = ++this.listSeq;
    try {
      const listing = await ipc.listArticles(this.filterForCore());
      // An older answer arriving late must not replace the newer list.
      if (seq === this.listSeq) this.listing = listing;
      clearError('list');
    } catch (e) {
      showError(e, { key: 'list' });
    }
  }

  setFilter(change: Partial<ListFilter>): void {
    Object.assign(this.filter, change);
    void this.refreshList();
  }

  // ---- opening and leaving articles --------------------------------------------------------

  /**
   * Saves what is pending before the open article is left. When that fails the article stays
   * open and the error offers to discard the edits and go on with `proceed`.
   */
  private async leave(proceed: () => void): Promise<boolean> {
    const autosave = this.autosave;
    if (!autosave) return true;
    const ok = await autosave.flush();
    if (!ok) {
      showError(this.saveStatus.error, {
        key: 'save',
        action: {
          label: t('error.discard'),
          run: () => {
            this.close();
            proceed();
          },
        },
      });
      return false;
    }
    return true;
  }

  /** Drops the open article from the editor without saving (after a flush, or on discard). */
  private close(): void {
    this.autosave?.dispose();
    this.autosave = null;
    this.article = null;
    this.draft = null;
    this.saved = null;
    this.preview = null;
    this.history = null;
    void this.photos.load(null);
    window.__newsdeskPreviewHtml = '';
    this.saveStatus = { phase: 'clean', savedAt: null, error: null };
    clearError('save');
    clearError('preview');
  }

  private load(article: Article): void {
    this.autosave?.dispose();
    this.article = article;
    this.saved = draftFromArticle(article);
    this.draft = draftFromArticle(article);
    this.loads += 1;
    this.saveStatus = { phase: 'clean', savedAt: new Date(article.updated_at), error: null };
    const id = article.id;
    this.autosave = new Autosave({
      save: (kind) => this.send(id, kind),
      paused: () => this.composing,
      onStatus: (status) => {
        if (this.article?.id === id) this.saveStatus = status;
      },
    });
    clearError('save');
    clearError('preview');
    this.previewPace.request();
    if (this.historyOpen) void this.loadHistory();
    void this.photos.load(id);
  }

  async open(id: string): Promise<void> {
    if (this.article?.id === id || this.busy) return;
    this.busy = true;
    try {
      if (!(await this.leave(() => void this.open(id)))) return;
      const article = await ipc.getArticle(id);
      // Edits typed while the article was fetched still belong to the old one.
      if (this.autosave?.pending) await this.autosave.flush();
      this.load(article);
    } catch (e) {
      showError(e);
    } finally {
      this.busy = false;
    }
  }

  async create(): Promise<void> {
    const channel = this.channels[0]?.name;
    if (this.busy) return;
    this.busy = true;
    try {
      if (!(await this.leave(() => void this.create()))) return;
      const article = await ipc.createArticle({ title: t('app.untitled'), ...(channel ? { channel } : {}) });
      if (this.filter.trash) this.filter.trash = false;
      this.load(article);
      this.titleFocus += 1;
      await this.refreshList();
    } catch (e) {
      showError(e);
    } finally {
      this.busy = false;
    }
  }

  async duplicate(): Promise<void> {
    const current = this.article;
    if (!current || this.busy) return;
    this.busy = true;
    try {
      if (!(await this.leave(() => void this.duplicate()))) return;
      const copy = await ipc.duplicateArticle(current.id);
      this.load(copy);
      this.titleFocus += 1;
      await this.refreshList();
    } catch (e) {
      showError(e);
    } finally {
      this.busy = false;
    }
  }

  /** Moves the open article to the trash, opens its neighbour, and offers an undo. */
  async trash(): Promise<void> {
    const current = this.article;
    if (!current || this.busy) return;
    this.busy = true;
    const title = this.draft?.title || current.title;
    const items = this.listing?.items ?? [];
    const at = items.findIndex((i) => i.id === current.id);
    const neighbour = at >= 0 ? (items[at + 1] ?? items[at - 1]) : undefined;
    try {
      // Edits are kept with the article in the trash when they can be saved; a failure here
      // must not keep an article the editor wants gone.
      await this.autosave?.flush();
      await ipc.trashArticle(current.id);
      this.close();
      showToast(t('toast.trashed', { title }), { label: t('toast.undo'), run: () => void this.untrash(current.id, true) });
      await this.refreshList();
    } catch (e) {
      showError(e);
      return;
    } finally {
      this.busy = false;
    }
    if (neighbour && neighbour.id !== current.id) await this.open(neighbour.id);
  }

  async untrash(id: string, reopen: boolean): Promise<void> {
    try {
      const article = await ipc.untrashArticle(id);
      if (reopen && !this.filter.trash) {
        if (!(await this.leave(() => void this.untrash(id, reopen)))) return;
        this.load(article);
      } else {
        showToast(t('toast.restored', { title: article.title }));
      }
      await this.refreshList();
    } catch (e) {
      showError(e);
    }
  }

  // ---- editing -----------------------------------------------------------------------------

  /** Call after any change to `draft`. */
  edited(): void {
    // Half-composed pinyin is not text yet: saving or previewing it would put "jiuye" in a
    // revision. The edit is noted and sent when the input method commits.
    if (this.composing) {
      this.editedWhileComposing = true;
      return;
    }
    this.autosave?.edit();
    this.previewPace.request();
  }

  setBody(body: string): void {
    if (!this.draft || this.draft.body === body) return;
    this.draft.body = body;
    this.edited();
  }

  /** A status change is a milestone, so it closes a revision at once. */
  async changedStatus(): Promise<void> {
    this.edited();
    await this.autosave?.checkpoint();
  }

  async saveNow(): Promise<void> {
    await this.autosave?.checkpoint();
  }

  async regenerateSlug(): Promise<void> {
    const a = this.article;
    const d = this.draft;
    if (!a || !d) return;
    try {
      const slug = await ipc.suggestSlug(d.title, a.id);
      if (this.draft !== d) return;
      d.slug = slug;
      this.edited();
    } catch (e) {
      showError(e);
    }
  }

  /** The one place a save is sent; Autosave makes sure only one runs at a time. */
  private send(id: string, kind: SaveKind): Promise<void> {
    const draft = this.draft;
    const saved = this.saved;
    if (!draft || !saved || this.article?.id !== id) return Promise.resolve();
    // Taken before the first await: edits typed while this save is in flight go into the next one.
    const snapshot = copyDraft(draft);
    const patch = diffDraft(saved, snapshot);
    return ipc.saveArticle(id, patch, kind).then(
      (article) => {
        if (this.article?.id !== id) return;
        this.saved = snapshot;
        this.article = article;
        this.settleDerived(article, snapshot);
        clearError('save');
        this.listPace.request();
        if (this.historyOpen) this.historyPace.request();
      },
      (e: unknown) => {
        showError(e, { key: 'save' });
        throw e;
      },
    );
  }

  /**
   * Fields the core fills in itself (an emptied slug is made again from the title) are shown as
   * the core has them, unless the editor has typed into the field since.
   */
  private settleDerived(article: Article, sent: Draft): void {
    const d = this.draft;
    const s = this.saved;
    if (!d || !s) return;
    const slugInput = document.activeElement?.getAttribute('data-testid') === 'slug';
    if (article.slug !== sent.slug && d.slug === sent.slug && !slugInput) {
      d.slug = article.slug;
      s.slug = article.slug;
    }
  }

  // ---- preview -----------------------------------------------------------------------------

  private async renderPreview(): Promise<void> {
    const a = this.article;
    const d = this.draft;
    const s = this.saved;
    if (!a || !d || !s) return;
    if (this.composing) {
      this.editedWhileComposing = true;
      return;
    }
    const id = a.id;
    try {
      const preview = await ipc.previewArticle(id, diffDraft(s, copyDraft(d)));
      if (this.article?.id !== id) return;
      if (this.preview?.html !== preview.html || this.preview.warnings.length !== preview.warnings.length) {
        this.preview = preview;
      } else if (JSON.stringify(this.preview.warnings) !== JSON.stringify(preview.warnings)) {
        this.preview = preview;
      }
      window.__newsdeskPreviewHtml = preview.html;
      clearError('preview');
    } catch (e) {
      if (this.article?.id === id) showError(e, { key: 'preview' });
    }
  }

  // ---- photos ------------------------------------------------------------------------------

  /** The file picker; the chosen files are imported into the open article one by one. */
  async pickPhotos(): Promise<void> {
    if (!this.article) return;
    try {
      this.photos.add(await pickPhotoFiles(t('photos.pickerTitle'), t('photos.pickerFilter')));
    } catch (e) {
      showError(e);
    }
  }

  private fileDrag(drag: FileDrag): void {
    this.dragging = drag.type === 'over' && this.article !== null;
    if (drag.type !== 'drop' || drag.paths.length === 0) return;
    if (this.article) this.photos.add(drag.paths);
    else showToast(t('photos.openFirst'));
  }

  // ---- history -----------------------------------------------------------------------------

  async loadHistory(): Promise<void> {
    const a = this.article;
    if (!a) {
      this.history = null;
      return;
    }
    try {
      const history = await ipc.articleHistory(a.id);
      if (this.article?.id === a.id) this.history = history;
    } catch (e) {
      showError(e);
    }
  }

  toggleHistory(open = !this.historyOpen): void {
    this.historyOpen = open;
    if (open) void this.loadHistory();
  }

  async revision(revision: number): Promise<Article | null> {
    const a = this.article;
    if (!a) return null;
    try {
      return await ipc.articleRevision(a.id, revision);
    } catch (e) {
      showError(e);
      return null;
    }
  }

  async restoreRevision(revision: number): Promise<boolean> {
    const a = this.article;
    if (!a || this.busy) return false;
    this.busy = true;
    try {
      if (!(await this.leave(() => void this.restoreRevision(revision)))) return false;
      const restored = await ipc.restoreRevision(a.id, revision);
      this.load(restored);
      showToast(t('toast.revisionRestored', { n: revision }));
      await Promise.all([this.loadHistory(), this.refreshList()]);
      return true;
    } catch (e) {
      showError(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  // ---- settings ----------------------------------------------------------------------------

  async updateSite(name: string, baseUrl: string, timeZone: string): Promise<boolean> {
    try {
      this.workspace = await ipc.updateSite(name, baseUrl, timeZone);
      this.previewPace.request();
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  }

  private setChannels(channels: Channel[]): void {
    if (this.workspace) this.workspace.channels = channels;
    this.previewPace.request();
    void this.refreshList();
  }

  async addChannel(name: string, slug: string): Promise<boolean> {
    try {
      this.setChannels(await ipc.addChannel(name.trim(), slug.trim() === '' ? null : slug.trim()));
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  }

  async renameChannel(from: string, to: string): Promise<boolean> {
    try {
      const channels = await ipc.renameChannel(from, to.trim());
      // The open article is in the renamed channel under its new name; nothing to save for it.
      const renamed = to.trim();
      if (this.draft?.channel === from) this.draft.channel = renamed;
      if (this.saved?.channel === from) this.saved.channel = renamed;
      if (this.filter.channel === from) this.filter.channel = renamed;
      this.setChannels(channels);
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  }

  async moveChannel(name: string, by: -1 | 1): Promise<void> {
    const order = this.channels.map((c) => c.name);
    const at = order.indexOf(name);
    const to = at + by;
    if (at < 0 || to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to], order[at]];
    try {
      this.setChannels(await ipc.reorderChannels(order));
    } catch (e) {
      showError(e);
    }
  }
}

export const desk = new Desk();
