// The window's one tooltip, drawn in the page instead of by the webview: native `title` tooltips
// are GTK popups in WebKitGTK, which can stay on screen after the pointer left (over a disabled
// button, after a click that opened a dialog, after switching windows) and keep the words they
// were shown with. This one goes on leave, a click, a key, a scroll, a lost focus or the control's
// removal, and its words follow the language because `use:tip={t(…)}` hands it the new text.

/** What a tooltip is anchored to: a control on screen (an element in the window). */
export interface TipAnchor {
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number };
}

export interface ShownTip {
  anchor: TipAnchor;
  text: string;
}

export interface TooltipTiming {
  /** Hover this long before a tooltip shows (GTK's own delay). */
  delayMs: number;
  /** Within this long after one tooltip went, the next shows at once (moving along a toolbar). */
  warmMs: number;
}

/** Pixels around the control within which the pointer still counts as on it. */
const SLACK = 2;

export class Tooltips {
  /** The tooltip on screen, if any. */
  shown = $state.raw<ShownTip | null>(null);

  private waiting: { anchor: TipAnchor; text: string; timer: ReturnType<typeof setTimeout> } | null = null;
  private hiddenAt = -Infinity;
  private readonly timing: TooltipTiming;
  private readonly now: () => number;

  constructor(options: { timing?: Partial<TooltipTiming>; now?: () => number } = {}) {
    this.timing = { delayMs: 500, warmMs: 300, ...options.timing };
    this.now = options.now ?? (() => Date.now());
  }

  /** The pointer (or the keyboard's focus) came onto a control with a tooltip. */
  enter(anchor: TipAnchor, text: string): void {
    this.cancel();
    if (text.trim() === '') return;
    if (this.shown || this.now() - this.hiddenAt < this.timing.warmMs) {
      this.shown = { anchor, text };
      return;
    }
    const timer = setTimeout(() => {
      // The words may have changed while it was due.
      const due = this.waiting?.text ?? text;
      this.waiting = null;
      this.shown = { anchor, text: due };
    }, this.timing.delayMs);
    this.waiting = { anchor, text, timer };
  }

  /** The pointer left the control, it lost focus, or it is gone. */
  leave(anchor: TipAnchor): void {
    if (this.waiting?.anchor === anchor) this.cancel();
    if (this.shown?.anchor === anchor) this.hide();
  }

  /** The control's words changed (a language switch): a tooltip shown or due says the new ones. */
  update(anchor: TipAnchor, text: string): void {
    if (text.trim() === '') {
      this.leave(anchor);
      return;
    }
    if (this.waiting?.anchor === anchor) this.waiting.text = text;
    if (this.shown?.anchor === anchor && this.shown.text !== text) this.shown = { anchor, text };
  }

  /**
   * The pointer moved to (x, y) in the window. Off the control the tooltip goes, even when the
   * control sent no leave: a disabled button, or one that moved away under a still pointer.
   */
  moved(x: number, y: number): void {
    const tip = this.shown ?? this.waiting;
    if (!tip) return;
    const r = tip.anchor.getBoundingClientRect();
    const on = x >= r.left - SLACK && x <= r.right + SLACK && y >= r.top - SLACK && y <= r.bottom + SLACK;
    if (!on) this.dismiss();
  }

  /** A click, a key, a scroll, the window losing focus: no tooltip stays. */
  dismiss(): void {
    this.cancel();
    if (this.shown) this.hide();
  }

  private hide(): void {
    this.shown = null;
    this.hiddenAt = this.now();
  }

  private cancel(): void {
    if (this.waiting) clearTimeout(this.waiting.timer);
    this.waiting = null;
  }
}

export const tooltips = new Tooltips();

/** What the action needs of an element: its box, its events, and `:focus-visible`. */
export interface TipNode extends TipAnchor, EventTarget {
  matches(selector: string): boolean;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

/**
 * `use:tip={text}` gives a control its tooltip (in place of `title=`). The text is also the
 * control's accessible description. An empty text means no tooltip.
 */
export function tip(node: TipNode, text: string | null | undefined, host: Tooltips = tooltips) {
  let current = text ?? '';
  const describe = () => {
    if (current) node.setAttribute('aria-description', current);
    else node.removeAttribute('aria-description');
  };
  const enter = () => host.enter(node, current);
  const leave = () => host.leave(node);
  // Keyboard focus shows the tooltip too; a click's focus does not.
  const focus = () => {
    if (node.matches(':focus-visible')) enter();
  };
  describe();
  node.addEventListener('pointerenter', enter);
  node.addEventListener('pointerleave', leave);
  node.addEventListener('focus', focus);
  node.addEventListener('blur', leave);
  return {
    update(next: string | null | undefined) {
      current = next ?? '';
      describe();
      host.update(node, current);
    },
    destroy() {
      node.removeEventListener('pointerenter', enter);
      node.removeEventListener('pointerleave', leave);
      node.removeEventListener('focus', focus);
      node.removeEventListener('blur', leave);
      host.leave(node);
    },
  };
}
