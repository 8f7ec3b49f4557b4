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
    return ipc.saveArticle(id, patch, kind).then(
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
    const slugInput = globalThis.document?.activeElement?.getAttribute('data-testid') === 'slug';
    if (article.slug !== sent.slug && d.slug === sent.slug && !slugInput) {
      d.slug = article.slug;
      s.slug = article.slug;
    }
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
