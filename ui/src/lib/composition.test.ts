// Tests that edits made while an input method composes wait for it to commit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composition } from './composition';

/** A document that only keeps listeners, and notes which were asked for in the capture phase. */
function fakeDocument() {
  const listeners = new Map<string, Set<() => void>>();
  const captured: string[] = [];
  return {
    captured,
    addEventListener(type: string, fn: () => void, capture?: boolean) {
      if (capture) captured.push(type);
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(fn);
    },
    removeEventListener(type: string, fn: () => void) {
      listeners.get(type)?.delete(fn);
    },
    dispatch(type: string) {
      for (const fn of listeners.get(type) ?? []) fn();
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Composition', () => {
  it('holds work while composing and runs it once after the commit', async () => {
    const committed = vi.fn();
    const c = new Composition(committed);
    expect(c.hold()).toBe(false);
    c.start();
    expect(c.composing).toBe(true);
    expect(c.hold()).toBe(true);
    expect(c.hold()).toBe(true);
    c.end();
    expect(c.composing).toBe(false);
    // The commit's own input event may still be on its way: the held work runs after it.
    expect(committed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(committed).toHaveBeenCalledTimes(1);
    c.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(committed).toHaveBeenCalledTimes(1);
  });

  it('runs nothing after a composition that held nothing back', async () => {
    const committed = vi.fn();
    const c = new Composition(committed);
    c.start();
    c.end();
    await vi.advanceTimersByTimeAsync(10);
    expect(committed).not.toHaveBeenCalled();
  });

  it('follows the document, and a focus lost mid-composition ends it', async () => {
    const committed = vi.fn();
    const c = new Composition(committed);
    const doc = fakeDocument();
    const stop = c.listen(doc as unknown as Document);
    expect(doc.captured).toEqual(['compositionstart', 'compositionend', 'focusout']);
    doc.dispatch('compositionstart');
    expect(c.hold()).toBe(true);
    doc.dispatch('focusout');
    await vi.advanceTimersByTimeAsync(0);
    expect(c.composing).toBe(false);
    expect(committed).toHaveBeenCalledTimes(1);
    stop();
    doc.dispatch('compositionstart');
    expect(c.composing).toBe(false);
  });
});
