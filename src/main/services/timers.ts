/**
 * The clock and timers the background services use (limit-guard sampling, monitoring, the offline
 * probe), behind an interface so tests drive them with a fake clock instead of waiting.
 */
export interface Timers {
  now(): Date;
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque: whatever the implementation hands back. */
export type TimerHandle = { readonly timer: unknown };

/** Real time; timers are unref'd so a pending one never keeps the process alive. */
export const systemTimers: Timers = {
  now: () => new Date(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, Math.max(0, ms));
    timer.unref();
    return { timer };
  },
  clearTimeout(handle) {
    clearTimeout(handle.timer as ReturnType<typeof setTimeout>);
  },
};

/** A repeating task on `timers`: runs, then waits `delayMs()` after it finishes. Never overlaps. */
export function every(
  timers: Timers,
  delayMs: () => number,
  task: () => Promise<unknown>,
  firstDelayMs = delayMs(),
): { stop(): void } {
  let handle: TimerHandle | null = null;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    handle = timers.setTimeout(() => {
      handle = null;
      void task()
        .catch(() => undefined)
        .finally(() => schedule(delayMs()));
    }, ms);
  };
  schedule(firstDelayMs);
  return {
    stop() {
      stopped = true;
      if (handle) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
