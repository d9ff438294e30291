import type { TimerHandle, Timers } from '../../../src/main/services/timers';

interface Pending {
  id: number;
  at: number;
  run: () => void;
}

/**
 * A fake clock for the background services: time moves only when the test says so, and every
 * timer due by then runs in order, with pending promise callbacks settled between them.
 */
export function createFakeTimers(start = '2026-05-01T10:00:00.000Z') {
  let now = Date.parse(start);
  let nextId = 1;
  const pending: Pending[] = [];

  const flush = async () => {
    // A few rounds of macrotask yields let chained promises (fetches excluded) settle.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const timers: Timers = {
    now: () => new Date(now),
    setTimeout(run, ms) {
      const entry = { id: nextId++, at: now + Math.max(0, ms), run };
      pending.push(entry);
      return { timer: entry.id };
    },
    clearTimeout(handle: TimerHandle) {
      const index = pending.findIndex((p) => p.id === handle.timer);
      if (index >= 0) pending.splice(index, 1);
    },
  };

  return {
    timers,
    /** Moves the clock forward by `ms`, running every timer that falls due on the way. */
    async advance(ms: number): Promise<void> {
      const end = now + ms;
      await flush();
      for (;;) {
        pending.sort((a, b) => a.at - b.at || a.id - b.id);
        const next = pending[0];
        if (!next || next.at > end) break;
        pending.shift();
        now = next.at;
        next.run();
        await flush();
      }
      now = end;
      await flush();
    },
    /** Delays of the timers waiting now, from the current time (ms). */
    waiting(): number[] {
      return pending.map((p) => p.at - now).sort((a, b) => a - b);
    },
    get now(): Date {
      return new Date(now);
    },
    flush,
  };
}
export type FakeTimers = ReturnType<typeof createFakeTimers>;
