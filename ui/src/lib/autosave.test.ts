// Tests of the autosave schedule with fake timers: debounce, max wait, idle checkpoint, one save at a time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, type SaveStatus } from './autosave';
import type { SaveKind } from './bindings';

interface Call {
  kind: SaveKind;
  at: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function harness(opts: { manual?: boolean } = {}) {
  const calls: Call[] = [];
  const statuses: SaveStatus[] = [];
  let active = 0;
  let maxActive = 0;
  const autosave = new Autosave({
    save: (kind) =>
      new Promise<void>((resolve, reject) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        const done = () => {
          active -= 1;
        };
        const call: Call = {
          kind,
          at: Date.now(),
          resolve: () => {
            done();
            resolve();
          },
          reject: (e) => {
            done();
            reject(e);
          },
        };
        calls.push(call);
        if (!opts.manual) call.resolve();
      }),
    onStatus: (s) => statuses.push(s),
  });
  return { autosave, calls, statuses, maxActive: () => maxActive };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2024-05-01T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Autosave', () => {
  it('saves once, 300 ms after the last of a burst of edits', async () => {
    const { autosave, calls } = harness();
    autosave.edit();
    await vi.advanceTimersByTimeAsync(100);
    autosave.edit();
    await vi.advanceTimersByTimeAsync(100);
    autosave.edit();
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.kind)).toEqual(['autosave']);
  });

  it('never waits more than 1 s after the first unsaved edit while typing goes on', async () => {
    const { autosave, calls } = harness();
    const start = Date.now();
    for (let i = 0; i < 30; i++) {
      autosave.edit();
      await vi.advanceTimersByTimeAsync(100);
    }
    const autosaves = calls.filter((c) => c.kind === 'autosave');
    expect(autosaves.length).toBeGreaterThanOrEqual(2);
    expect(autosaves[0].at - start).toBeLessThanOrEqual(1000);
    for (let i = 1; i < autosaves.length; i++) {
      expect(autosaves[i].at - autosaves[i - 1].at).toBeLessThanOrEqual(1100);
    }
  });

  it('closes the revision with a pause save after 3 s without edits', async () => {
    const { autosave, calls } = harness();
    autosave.edit();
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls.map((c) => c.kind)).toEqual(['autosave']);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.kind)).toEqual(['autosave', 'pause']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });

  it('keeps one save in flight and folds edits made meanwhile into one next save', async () => {
    const h = harness({ manual: true });
    h.autosave.edit();
    await vi.advanceTimersByTimeAsync(300);
    expect(h.calls).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      h.autosave.edit();
      await vi.advanceTimersByTimeAsync(400);
    }
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1].kind).toBe('autosave');
    h.calls[1].resolve();
    await vi.advanceTimersByTimeAsync(5000);
    h.calls.slice(2).forEach((c) => c.resolve());
    await vi.advanceTimersByTimeAsync(0);
    expect(h.maxActive()).toBe(1);
  });

  it('upgrades a queued save to a checkpoint when one is asked for meanwhile', async () => {
    const h = harness({ manual: true });
    h.autosave.edit();
    await vi.advanceTimersByTimeAsync(300);
    h.autosave.edit();
    const done = h.autosave.checkpoint();
    await vi.advanceTimersByTimeAsync(500);
    expect(h.calls.map((c) => c.kind)).toEqual(['autosave']);
    h.calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.calls.map((c) => c.kind)).toEqual(['autosave', 'checkpoint']);
    h.calls[1].resolve();
    await expect(done).resolves.toBe(true);
  });

  it('an explicit checkpoint asked while a pause save waits makes the queued save a checkpoint', async () => {
    const h = harness({ manual: true });
    h.autosave.edit();
    await vi.advanceTimersByTimeAsync(300);
    h.autosave.edit();
    const flushed = h.autosave.flush();
    const saved = h.autosave.checkpoint();
    h.calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.calls.map((c) => c.kind)).toEqual(['autosave', 'checkpoint']);
    h.calls[1].resolve();
    await expect(Promise.all([flushed, saved])).resolves.toEqual([true, true]);
  });

  it('checkpoint() saves at once, and sends nothing when nothing is pending', async () => {
    const { autosave, calls } = harness();
    await autosave.checkpoint();
    expect(calls).toHaveLength(0);
    autosave.edit();
    await autosave.checkpoint();
    expect(calls.map((c) => c.kind)).toEqual(['checkpoint']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
  });

  it('flush() closes an open revision as a pause would and waits for the save', async () => {
    const h = harness({ manual: true });
    h.autosave.edit();
    await vi.advanceTimersByTimeAsync(300);
    const flushed = h.autosave.flush();
    h.calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.calls.map((c) => c.kind)).toEqual(['autosave', 'pause']);
    h.calls[1].resolve();
    await expect(flushed).resolves.toBe(true);
    expect(h.autosave.pending).toBe(false);
  });

  it('keeps failed edits pending, reports the error, and sends them with the next save', async () => {
    const h = harness({ manual: true });
    h.autosave.edit();
    await vi.advanceTimersByTimeAsync(300);
    const error = { kind: 'validation', message: 'bad' };
    h.calls[0].reject(error);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.statuses.at(-1)).toMatchObject({ phase: 'failed', error });
    expect(h.autosave.pending).toBe(true);
    const flushed = h.autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.calls).toHaveLength(2);
    h.calls[1].reject(error);
    await expect(flushed).resolves.toBe(false);
  });

  it('reports saving, then saved with the time', async () => {
    const { autosave, statuses } = harness();
    autosave.edit();
    expect(statuses.at(-1)?.phase).toBe('pending');
    await vi.advanceTimersByTimeAsync(300);
    const phases = statuses.map((s) => s.phase);
    expect(phases).toContain('saving');
    expect(statuses.at(-1)?.phase).toBe('saved');
    expect(statuses.at(-1)?.savedAt).toBeInstanceOf(Date);
  });

  it('holds timed saves while paused (IME composition) but not an explicit checkpoint', async () => {
    let composing = true;
    const calls: SaveKind[] = [];
    const autosave = new Autosave({
      save: async (kind) => {
        calls.push(kind);
      },
      paused: () => composing,
    });
    autosave.edit();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([]);
    composing = false;
    await vi.advanceTimersByTimeAsync(300);
    // The composition outlasted the idle time, so the held edits may go straight into a pause save.
    expect(calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    calls.length = 0;
    composing = true;
    autosave.edit();
    await autosave.checkpoint();
    expect(calls).toEqual(['checkpoint']);
  });

  it('dispose() stops the timers', async () => {
    const { autosave, calls } = harness();
    autosave.edit();
    autosave.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(0);
  });
});
