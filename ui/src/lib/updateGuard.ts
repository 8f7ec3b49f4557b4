// The unsaved-work guard of an update: installing restarts the app, so it goes ahead only when
// everything typed is in the database. The save is flushed first; a save that fails, or edits
// that are still not saved after it (an input method's composition, typing during the flush),
// refuse the install.

/** What the guard needs to know of the open article. */
export interface OpenWork {
  /** Edits not yet saved, or a save still under way. */
  readonly pending: boolean;
  /** An input method holds text that is not text yet: it cannot be saved until it ends. */
  readonly composing: boolean;
  /** Sends what is pending and waits for it; false when the save failed. */
  flush(): Promise<boolean>;
}

export type InstallVerdict =
  | { install: true }
  | { install: false; reason: 'save_failed' | 'still_unsaved' };

/** The decision itself, from what the flush answered and what is left after it. */
export function installVerdict(flushed: boolean, pendingAfter: boolean, composing: boolean): InstallVerdict {
  if (!flushed) return { install: false, reason: 'save_failed' };
  if (pendingAfter || composing) return { install: false, reason: 'still_unsaved' };
  return { install: true };
}

/** Flushes the open article's saves, then decides. A flush that throws counts as a failed save. */
export async function guardInstall(work: OpenWork): Promise<InstallVerdict> {
  let flushed: boolean;
  try {
    flushed = await work.flush();
  } catch {
    flushed = false;
  }
  return installVerdict(flushed, work.pending, work.composing);
}

/** What the window tells the shell, which refuses too: true when anything is still unsaved. */
export function unsavedNow(work: OpenWork): boolean {
  return work.pending || work.composing;
}
