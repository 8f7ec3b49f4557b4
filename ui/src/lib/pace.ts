// A trailing throttle for async work such as the preview: at most one run per interval, never two
// at once, and the last request always runs.

export interface Paced {
  /** Asks for a run; requests made while one is waiting or running fold into the next run. */
  request(): void;
  cancel(): void;
}

export function throttle(run: () => Promise<unknown> | unknown, intervalMs: number, now: () => number = Date.now): Paced {
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let wanted = false;
  let cancelled = false;

  const schedule = () => {
    if (timer !== null || running || cancelled) return;
    const wait = Math.max(0, lastStart + intervalMs - now());
    timer = setTimeout(fire, wait);
  };

  const fire = () => {
    timer = null;
    if (!wanted || cancelled) return;
    wanted = false;
    running = true;
    lastStart = now();
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(run());
    } catch (e) {
      result = Promise.reject(e);
    }
    result
      .catch(() => {
        // The run reports its own failures; the pacing goes on.
      })
      .finally(() => {
        running = false;
        if (wanted) schedule();
      });
  };

  return {
    request() {
      cancelled = false;
      wanted = true;
      schedule();
    },
    cancel() {
      cancelled = true;
      wanted = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Runs `run` once input has been quiet for `waitMs` (the search box, the list refresh). */
export function debounce<A extends unknown[]>(run: (...args: A) => void, waitMs: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const debounced = (...args: A) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      run(...args);
    }, waitMs);
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return debounced;
}

/**
 * Runs `run` at once when it has not run for `waitMs`, else once `waitMs` after the last call:
 * a single key is answered without waiting, and keys typed in a burst ask once more at its end.
 */
export function leadingDebounce<A extends unknown[]>(
  run: (...args: A) => void,
  waitMs: number,
): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  const fire = (args: A) => {
    timer = null;
    last = Date.now();
    run(...args);
  };
  const paced = (...args: A) => {
    if (timer === null && Date.now() - last >= waitMs) {
      fire(args);
      return;
    }
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => fire(args), waitMs);
  };
  paced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return paced;
}
