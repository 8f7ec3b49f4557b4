// The open article's photo strip: its photos, the imports under way, and the edits the editor makes.
import type { PhotoPatch } from './bindings';
import { ipc, type PhotoCard } from './ipc';
import { showError } from './notices.svelte';

/** A file waiting for or going through import, shown with its progress until it lands in the strip. */
export interface PhotoImport {
  key: number;
  article: string;
  file: string;
  name: string;
  state: 'waiting' | 'importing';
}

/** The last part of a path, whichever separator the system uses. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export class PhotoStrip {
  /** The article the strip belongs to. */
  article = $state<string | null>(null);
  photos = $state<PhotoCard[]>([]);
  imports = $state<PhotoImport[]>([]);
  /** The photo whose words are open for editing. */
  selected = $state<string | null>(null);
  /** Files finished in the current run of imports, for "2/5". */
  finished = $state(0);

  private nextKey = 1;
  private running = false;
  private loadSeq = 0;

  /** `changed` runs after anything the preview shows has changed (captions, credits). */
  constructor(private readonly changed: () => void) {}

  /** How far the current run of imports has got; the window has one queue, whichever article is open. */
  get progress(): { done: number; total: number; current: PhotoImport | null } {
    return {
      done: this.finished,
      total: this.finished + this.imports.length,
      current: this.imports.find((i) => i.state === 'importing') ?? null,
    };
  }

  async load(article: string | null): Promise<void> {
    const seq = ++this.loadSeq;
    this.article = article;
    this.selected = null;
    this.photos = [];
    if (!article) return;
    try {
      const photos = await ipc.articlePhotos(article);
      if (seq === this.loadSeq && this.article === article) this.photos = photos;
    } catch (e) {
      if (this.article === article) showError(e);
    }
  }

  /**
   * Queues files for import into the open article. They go one at a time: each is decoded and
   * resized in full, and one at a time keeps memory bounded and the order the editor chose.
   */
  add(files: string[]): void {
    const article = this.article;
    if (!article || files.length === 0) return;
    for (const file of files) {
      this.imports.push({ key: this.nextKey++, article, file, name: fileName(file), state: 'waiting' });
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.imports[0]; next; next = this.imports[0]) {
        next.state = 'importing';
        try {
          const strip = await ipc.importPhoto(next.article, next.file);
          if (this.article === next.article) {
            this.photos = strip;
            this.changed();
          }
        } catch (e) {
          // Each file is all or nothing: a bad one is reported and the others go on.
          showError(e);
        } finally {
          this.imports = this.imports.filter((i) => i.key !== next.key);
          this.finished += 1;
        }
      }
    } finally {
      this.running = false;
      this.finished = 0;
    }
  }

  private async change(run: (article: string) => Promise<PhotoCard[]>): Promise<boolean> {
    const article = this.article;
    if (!article) return false;
    try {
      const strip = await run(article);
      if (this.article !== article) return false;
      this.photos = strip;
      if (this.selected && !strip.some((p) => p.id === this.selected)) this.selected = null;
      this.changed();
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  }

  /** A caption given alone is split by the core when it ends with its credit (…陈鋆摄). */
  edit(photo: string, patch: PhotoPatch): Promise<boolean> {
    return this.change((article) => ipc.updatePhoto(article, photo, patch));
  }

  detach(photo: string): Promise<boolean> {
    return this.change((article) => ipc.detachPhoto(article, photo));
  }

  /** Makes the photo the 题图, or takes that role away when it has it. */
  toggleLead(photo: string): Promise<boolean> {
    const isLead = this.photos.find((p) => p.id === photo)?.is_lead ?? false;
    return this.change((article) => ipc.setLeadPhoto(article, isLead ? null : photo));
  }

  select(photo: string | null): void {
    this.selected = this.selected === photo ? null : photo;
  }
}
