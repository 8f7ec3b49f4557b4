// The open article: its form, its saving, its preview and its photos. One article at a time;
// which one is the desk's business (desk.svelte.ts).
import type { Article, ArticlePatch, SaveKind } from './bindings';
import { Autosave, type SaveStatus } from './autosave';
import { Composition } from './composition';
import { copyDraft, diffDraft, draftFromArticle, type Draft } from './draft';
import { ipc, pickPhotoFiles, type FileDrag } from './ipc';
import { t } from './locale.svelte';
import { clearError, showError, showToast } from './notices.svelte';
import { PagePreview } from './preview.svelte';
import { PhotoStrip } from './photos.svelte';

/** What the rest of the window learns from the editor. */
export interface EditorEvents {
  /** A save the core accepted, with the article as the core now has it. */
  saved(article: Article): void;
  /** Another article, another revision of it, or none (null) is now in the form. */
  loaded(id: string | null): void;
}

function clean(savedAt: Date | null = null): SaveStatus {
  return { phase: 'clean', savedAt, error: null };
}

export class Editor {
  /** The open article as the core last returned it (id, revision, times). */
  article = $state<Article | null>(null);
  /** The form: what the editor sees and types into. */
  draft = $state<Draft | null>(null);
  /** Bumped when the body editor must take a new document: another article, a restored revision. */
  loads = $state(0);
  /** Bumped to put the cursor in the title (a new article). */
  titleFocus = $state(0);
  saveStatus = $state<SaveStatus>(clean());
  /** True while files from the desktop are dragged over the window. */
  dragging = $state(false);

  readonly composition = new Composition(() => this.edited());
  readonly preview: PagePreview;
  /** The open article's photos; captions and credits show in the preview, so a change renders it again. */
  readonly photos: PhotoStrip;

  /** What the core holds for the open article, in form terms; the patch is the form minus this. */
  private saved: Draft | null = null;
  private autosave: Autosave | null = null;
  /** Saves sent and not answered: a change seen meanwhile may be our own. */
  private inFlight = 0;
  /** The outside version already offered, so the offer is made once. */
  private offered: string | null = null;

  constructor(private readonly events: EditorEvents) {
    this.preview = new PagePreview(this, this.composition);
    this.photos = new PhotoStrip(() => this.preview.request());
  }

  get openId(): string | null {
    return this.article?.id ?? null;
  }

  unsaved(): ArticlePatch | null {
    if (!this.draft || !this.saved) return null;
    return diffDraft(this.saved, copyDraft(this.draft));
  }

  /** True while edits wait for a save (typed, not yet sent). */
  get pending(): boolean {
    return this.autosave?.pending ?? false;
  }

  /** Sends what is pending and waits for it; false when the save failed. */
  async flush(): Promise<boolean> {
    return (await this.autosave?.flush()) ?? true;
  }

  /**
   * Saves what is pending before the open article is left. When that fails the article stays
   * open and the error offers to discard the edits and go on with `proceed`.
   */
  async leave(proceed: () => void): Promise<boolean> {
    if (await this.flush()) return true;
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

  /** Drops the open article from the form without saving (after a flush, or on discard). */
  close(): void {
    this.autosave?.dispose();
    this.autosave = null;
    this.article = null;
    this.draft = null;
    this.saved = null;
    this.preview.clear();
    void this.photos.load(null);
    this.saveStatus = clean();
    clearError('save');
    this.events.loaded(null);
  }

  /** Puts an article the core returned into the form. */
  load(article: Article): void {
    this.autosave?.dispose();
    this.article = article;
    this.saved = draftFromArticle(article);
    this.draft = draftFromArticle(article);
    this.loads += 1;
    this.saveStatus = clean(new Date(article.updated_at));
    const id = article.id;
    this.autosave = new Autosave({
      save: (kind) => this.send(id, kind),
      paused: () => this.composition.composing,
      onStatus: (status) => {
        if (this.article?.id === id) this.saveStatus = status;
      },
    });
    clearError('save');
    clearError('preview');
    this.preview.request();
    void this.photos.load(id);
    this.events.loaded(id);
  }

  /**
   * Looks whether the open article was changed elsewhere (the CLI, a pull, another window) and,
   * with nothing unsaved here, shows that version; with unsaved edits it says so and offers it.
   */
  async checkElsewhere(): Promise<void> {
    const open = this.article;
    if (!open || this.inFlight > 0 || this.pending) return;
    let now: Article;
    try {
      now = await ipc.getArticle(open.id);
    } catch {
      return;
    }
    const current = this.article;
    if (!current || current.id !== now.id || this.inFlight > 0) return;
    if (now.revision === current.revision && now.updated_at === current.updated_at) return;
    const mine = this.unsaved();
    if (!this.pending && (!mine || Object.keys(mine).length === 0)) {
      this.load(now);
      showToast(t('editor.reloaded'));
      return;
    }
    const version = `${now.id}@${now.updated_at}`;
    if (this.offered === version) return;
    this.offered = version;
    showError(t('editor.changedElsewhere'), {
      key: 'elsewhere',
      action: { label: t('editor.takeElsewhere'), run: () => this.load(now) },
    });
  }

  /** Call after any change to `draft`. */
  edited(): void {
    if (this.composition.hold()) return;
    this.autosave?.edit();
    this.preview.request();
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

  /** The open article is in the renamed channel under its new name; nothing to save for it. */
  channelRenamed(from: string, to: string): void {
    if (this.draft?.channel === from) this.draft.channel = to;
    if (this.saved?.channel === from) this.saved.channel = to;
  }

  /** The one place a save is sent; Autosave makes sure only one runs at a time. */
  private send(id: string, kind: SaveKind): Promise<void> {
    const draft = this.draft;
    const saved = this.saved;
    if (!draft || !saved || this.article?.id !== id) return Promise.resolve();
    // Taken before the first await: edits typed while this save is in flight go into the next one.
    const snapshot = copyDraft(draft);
    const patch = diffDraft(saved, snapshot);
    this.inFlight += 1;
    const answered = () => {
      this.inFlight -= 1;
    };
    return ipc
      .saveArticle(id, patch, kind)
      .then(
      (article) => {
        if (this.article?.id !== id) return;
        this.saved = snapshot;
        this.article = article;
        this.settleDerived(article, snapshot);
        clearError('save');
        this.events.saved(article);
      },
      (e: unknown) => {
        showError(e, { key: 'save' });
        throw e;
      },
      )
      // After the answer is taken in: until then a change seen in the database may be our own.
      .finally(answered);
  }

  /**
   * Fields the core fills in itself (an emptied slug is made again from the title) are shown as
   * the core has them, unless the editor has typed into the field since.
   */
  private settleDerived(article: Article, sent: Draft): void {
    const d = this.draft;
    const s = this.saved;
    if (!d || !s) return;
    // What the core holds now: the fields it filled in itself (a slug made again from the
    // title) and those changed elsewhere since (the CLI, a pull). Each is taken unless the
    // editor typed into it since this save was sent, or is in it now.
    const core = draftFromArticle(article);
    const active = globalThis.document?.activeElement ?? null;
    const focused = active?.getAttribute('data-testid') ?? null;
    // The body editor holds the cursor: replacing its document under it would move the caret.
    const inBody = active?.closest?.('[data-testid="body"]') != null;
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    let body = false;
    for (const key of Object.keys(core) as (keyof Draft)[]) {
      if (same(core[key], sent[key]) || !same(d[key], sent[key])) continue;
      // A box's test id is its field's name, in kebab case for two words (source-name).
      const box = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      if (focused === key || focused === box || (key === 'body' && (inBody || this.composition.composing))) continue;
      (d as Record<keyof Draft, unknown>)[key] = core[key];
      (s as Record<keyof Draft, unknown>)[key] = core[key];
      if (key === 'body') body = true;
    }
    // The body editor takes a new document only when told to.
    if (body) this.loads += 1;
  }

  /** The file picker; the chosen files are imported into the open article one by one. */
  async pickPhotos(): Promise<void> {
    if (!this.article) return;
    try {
      this.photos.add(await pickPhotoFiles(t('photos.pickerTitle'), t('photos.pickerFilter')));
    } catch (e) {
      showError(e);
    }
  }

  fileDrag(drag: FileDrag): void {
    this.dragging = drag.type === 'over' && this.article !== null;
    if (drag.type !== 'drop' || drag.paths.length === 0) return;
    if (this.article) this.photos.add(drag.paths);
    else showToast(t('photos.openFirst'));
  }
}
