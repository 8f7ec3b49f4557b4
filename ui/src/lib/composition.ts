// Input-method composition across the window. Half-composed pinyin is not text yet: saving or
// previewing it would put "jiuye" in a revision, so edits made while composing are held back
// and sent once the input method commits.

export class Composition {
  private active = false;
  private held = false;

  /** `committed` runs once after a composition during which edits were held back. */
  constructor(private readonly committed: () => void) {}

  get composing(): boolean {
    return this.active;
  }

  /** True while composing; the held work is then noted and `committed` runs at the end. */
  hold(): boolean {
    if (this.active) this.held = true;
    return this.active;
  }

  start(): void {
    this.active = true;
  }

  end(): void {
    if (!this.active) return;
    this.active = false;
    if (!this.held) return;
    this.held = false;
    // The committing input event comes after compositionend in some engines; wait for it.
    setTimeout(() => this.committed(), 0);
  }

  /** Follows every field of the document; capture, so no field's own handler can hide it. */
  listen(doc: Document): () => void {
    const start = () => this.start();
    const end = () => this.end();
    doc.addEventListener('compositionstart', start, true);
    doc.addEventListener('compositionend', end, true);
    // A composition abandoned without compositionend must not hold autosave back for good.
    doc.addEventListener('focusout', end, true);
    return () => {
      doc.removeEventListener('compositionstart', start, true);
      doc.removeEventListener('compositionend', end, true);
      doc.removeEventListener('focusout', end, true);
    };
  }
}
