// Tests of the preview's pacing: at most one run per interval, one at a time, the last request wins.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, leadingDebounce, throttle } from './pace';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttle', () => {
  it('runs at once when idle, then at most once per interval, with a trailing run', async () => {
    const starts: number[] = [];
    const t0 = Date.now();
    const paced = throttle(() => {
      starts.push(Date.now() - t0);
    }, 150);
    for (let i = 0; i < 20; i++) {
      paced.request();
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(starts[0]).toBe(0);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(150);
    // The last request (at 380 ms) is served by a run that starts after it.
    expect(starts.at(-1)).toBeGreaterThanOrEqual(380);
    expect(starts.length).toBeLessThanOrEqual(4);
  });

  it('never overlaps a slow run', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const paced = throttle(async () => {
      runs += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 400));
      active -= 1;
    }, 150);
    for (let i = 0; i < 10; i++) {
      paced.request();
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(maxActive).toBe(1);
    // Requests until 450 ms: the run from 0 to 400, one from 400 to 800 and one trailing run.
    expect(runs).toBe(3);
  });

  it('stops after cancel()', async () => {
    const run = vi.fn();
    const paced = throttle(run, 150);
    paced.request();
    await vi.advanceTimersByTimeAsync(0);
    paced.request();
    paced.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('debounce', () => {
  it('runs once after the input goes quiet, with the last arguments', async () => {
    const run = vi.fn();
    const d = debounce(run, 200);
    d('就');
    await vi.advanceTimersByTimeAsync(100);
    d('就业');
    await vi.advanceTimersByTimeAsync(199);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledWith('就业');
  });
});

describe('leadingDebounce', () => {
  it('runs a call after a pause at once and a burst after it once, with its last arguments', async () => {
    const run = vi.fn();
    const d = leadingDebounce(run, 16);
    d('就');
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenLastCalledWith('就');
    await vi.advanceTimersByTimeAsync(5);
    d('就业');
    await vi.advanceTimersByTimeAsync(5);
    d('就业局');
    await vi.advanceTimersByTimeAsync(15);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenLastCalledWith('就业局');
    // A pause as long as the wait: the next call runs at once again.
    await vi.advanceTimersByTimeAsync(16);
    d('茶');
    expect(run).toHaveBeenCalledTimes(3);
    d.cancel();
  });
});
