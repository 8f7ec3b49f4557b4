// The unsaved-work guard: the save is flushed first, and a failed or unfinished save refuses the install.
import { describe, expect, it, vi } from 'vitest';
import { guardInstall, installVerdict, unsavedNow, type OpenWork } from './updateGuard';

function work(opts: { flush: () => Promise<boolean>; pendingAfter?: boolean; composing?: boolean }): OpenWork & {
  flush: ReturnType<typeof vi.fn>;
} {
  let flushed = false;
  const flush = vi.fn(async () => {
    const ok = await opts.flush();
    flushed = true;
    return ok;
  });
  return {
    get pending() {
      // Before the flush there is always something typed: that is what the flush is for.
      return flushed ? (opts.pendingAfter ?? false) : true;
    },
    get composing() {
      return opts.composing ?? false;
    },
    flush,
  };
}

describe('the install guard', () => {
  it('installs only after a flush that saved everything', () => {
    expect(installVerdict(true, false, false)).toEqual({ install: true });
    expect(installVerdict(false, false, false)).toEqual({ install: false, reason: 'save_failed' });
    expect(installVerdict(false, true, false)).toEqual({ install: false, reason: 'save_failed' });
    expect(installVerdict(true, true, false)).toEqual({ install: false, reason: 'still_unsaved' });
    expect(installVerdict(true, false, true)).toEqual({ install: false, reason: 'still_unsaved' });
  });

  it('flushes the pending save first, and then lets the install go ahead', async () => {
    const w = work({ flush: async () => true });
    expect(w.pending, 'edits are waiting before the guard runs').toBe(true);
    await expect(guardInstall(w)).resolves.toEqual({ install: true });
    expect(w.flush).toHaveBeenCalledTimes(1);
    expect(unsavedNow(w)).toBe(false);
  });

  it('refuses when the save fails', async () => {
    await expect(guardInstall(work({ flush: async () => false, pendingAfter: true }))).resolves.toEqual({
      install: false,
      reason: 'save_failed',
    });
  });

  it('refuses when the save throws instead of answering', async () => {
    const w = work({
      flush: async () => {
        throw new Error('the bridge broke');
      },
    });
    await expect(guardInstall(w)).resolves.toEqual({ install: false, reason: 'save_failed' });
  });

  it('refuses when edits are still unsaved after the flush (typing went on, or a composition)', async () => {
    await expect(guardInstall(work({ flush: async () => true, pendingAfter: true }))).resolves.toEqual({
      install: false,
      reason: 'still_unsaved',
    });
    const composing = work({ flush: async () => true, composing: true });
    await expect(guardInstall(composing)).resolves.toEqual({ install: false, reason: 'still_unsaved' });
    expect(unsavedNow(composing), 'the shell is told there is unsaved work').toBe(true);
  });
});
