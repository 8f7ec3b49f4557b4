// The autosave schedule of one open article: debounced saves with a max wait, a `pause` save that
// closes the revision after a pause in typing, and never two saves in flight.
import type { SaveKind } from './bindings';

export type SavePhase = 'clean' | 'pending' | 'saving' | 'saved' | 'failed';

export interface SaveStatus {
  phase: SavePhase;
  /** When the last save succeeded. */
  savedAt: Date | null;
  /** Why the last save failed, when phase is 'failed'. */
  error: unknown;
}

export interface AutosaveTiming {
  /** Quiet time after an edit before an autosave. */
  debounceMs: number;
  /** The longest an edit may wait unsaved while typing goes on. */
  maxWaitMs: number;
  /** Quiet time after which the open revision is closed (a `pause` save). */
  idleMs: number;
}

export const DEFAULT_TIMING: AutosaveTiming = { debounceMs: 300, maxWaitMs: 1000, idleMs: 3000 };

export interface AutosaveOptions {
  /**
   * Sends whatever is unsaved right now. It is called synchronously when a save starts, so it
   * must take its snapshot of the form before its first await.
   */
  save: (kind: SaveKind) => Promise<void>;
  onStatus?: (status: SaveStatus) => void;
  /**
   * True while the form holds text that is not text yet (an IME composition); timed saves wait
   * for it to end. Explicit saves (checkpoint, flush) do not wait.
   */
  paused?: () => boolean;
  timing?: Partial<AutosaveTiming>;
  now?: () => number;
}

/** Coalesced saves take the strongest kind asked for: an explicit checkpoint over a pause. */
const rank: Record<SaveKind, number> = { autosave: 0, pause: 1, checkpoint: 2 };

export class Autosave {
  private readonly saveFn: (kind: SaveKind) => Promise<void>;
  private readonly onStatus: (status: SaveStatus) => void;
  private readonly timing: AutosaveTiming;
  private readonly now: () => number;
  private readonly paused: () => boolean;

  /** Edits the core has not been sent yet. */
  private dirty = false;
  private firstDirtyAt: number | null = null;
  /** The newest revision was written by autosaves and is still open. */
  private revisionOpen = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<boolean> | null = null;
  private queued: SaveKind | null = null;
  private queuedRun: Promise<boolean> | null = null;
  private disposed = false;
  private status: SaveStatus = { phase: 'clean', savedAt: null, error: null };

  constructor(options: AutosaveOptions) {
    this.saveFn = options.save;
    this.onStatus = options.onStatus ?? (() => {});
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.now = options.now ?? (() => Date.now());
    this.paused = options.paused ?? (() => false);
  }

  /** True while some edit has not reached the core or the revision is still open. */
  get pending(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  get current(): SaveStatus {
    return this.status;
  }

  /** Call after every change to the form. */
  edit(): void {
    if (this.disposed) return;
    const now = this.now();
    this.dirty = true;
    if (this.firstDirtyAt === null) this.firstDirtyAt = now;
    const due = Math.min(now + this.timing.debounceMs, this.firstDirtyAt + this.timing.maxWaitMs);
    this.armSave(Math.max(0, due - now));
    this.armIdle(this.timing.idleMs);
    if (this.inFlight === null) this.setStatus({ ...this.status, phase: 'pending' });
  }

  /** Saves now and closes the revision (Ctrl/Cmd+S, a status change). Resolves true on success. */
  checkpoint(): Promise<boolean> {
    this.clearSaveTimer();
    this.clearIdleTimer();
    return this.request('checkpoint');
  }

  /**
   * Sends everything pending and waits for it, before the article is left or the window closes.
   * Resolves false when a save failed, so the caller can keep the article open. The revision is
   * closed as after a pause: the editor asked for nothing, so the history calls it an autosave.
   */
  async flush(): Promise<boolean> {
    this.clearSaveTimer();
    this.clearIdleTimer();
    if (this.inFlight !== null || this.dirty || this.revisionOpen) {
      return this.request('pause');
    }
    return this.status.phase !== 'failed';
  }

  /** Stops the timers; a save already sent still completes. */
  dispose(): void {
    this.disposed = true;
    this.clearSaveTimer();
    this.clearIdleTimer();
  }

  private request(kind: SaveKind): Promise<boolean> {
    if (this.inFlight !== null) {
      // Coalesce: one queued save covers every edit made while the current one is in flight,
      // and it is a checkpoint if any of the requests was.
      this.queued = this.queued === null || rank[kind] > rank[this.queued] ? kind : this.queued;
      if (this.queuedRun === null) {
        const current = this.inFlight;
        this.queuedRun = current.then(() => {
          const next = this.queued ?? 'autosave';
          this.queued = null;
          this.queuedRun = null;
          return this.request(next);
        });
      }
      return this.queuedRun;
    }
    return this.start(kind);
  }

  private armSave(delay: number): void {
    this.clearSaveTimer();
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.request('autosave');
    }, delay);
  }

  private armIdle(delay: number): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.paused()) {
        this.armIdle(this.timing.debounceMs);
        return;
      }
      void this.request('pause');
    }, delay);
  }

  private start(kind: SaveKind): Promise<boolean> {
    if (kind === 'autosave' && this.paused() && !this.disposed) {
      this.armSave(this.timing.debounceMs);
      return Promise.resolve(true);
    }
    const needed = kind === 'autosave' ? this.dirty : this.dirty || this.revisionOpen;
    if (!needed) return Promise.resolve(this.status.phase !== 'failed');
    if (kind !== 'autosave') this.clearIdleTimer();
    this.clearSaveTimer();
    this.dirty = false;
    this.firstDirtyAt = null;
    this.setStatus({ ...this.status, phase: 'saving' });
    let sent: Promise<void>;
    try {
      sent = this.saveFn(kind);
    } catch (e) {
      sent = Promise.reject(e);
    }
    const run = sent.then(
      () => {
        this.revisionOpen = kind === 'autosave';
        this.inFlight = null;
        this.setStatus({
          phase: this.dirty ? 'pending' : 'saved',
          savedAt: new Date(this.now()),
          error: null,
        });
        return true;
      },
      (error: unknown) => {
        // The edits were not stored: keep them pending so the next save sends them again.
        this.dirty = true;
        this.inFlight = null;
        this.setStatus({ phase: 'failed', savedAt: this.status.savedAt, error });
        return false;
      },
    );
    this.inFlight = run;
    return run;
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    this.onStatus(status);
  }

  private clearSaveTimer(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
