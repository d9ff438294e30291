import type { TimerHandle, Timers } from './timers';

export type RunTrigger = 'start' | 'interval' | 'manual';

export interface MonitorSchedulerOptions<T> {
  timers: Timers;
  /** The interval between runs (the setting, read each time). */
  intervalMs: () => number;
  /** ± this fraction of the interval, so many installations do not ask DNS in lockstep. */
  jitter?: number;
  /** The first run after start: a random delay in [min, max], to stay out of the start-up rush. */
  startDelayMs?: { min: number; max: number };
  random?: () => number;
  run: (trigger: RunTrigger, signal: AbortSignal) => Promise<T>;
}

/**
 * When monitoring runs: once soon after start, then every interval (with jitter) counted from the
 * end of the previous run, and on demand. Runs never overlap: asking while one runs joins it. A
 * changed interval re-plans the next run from the last one. A pause holds planned runs back until
 * it ends (a run that fell due meanwhile comes then); a run in progress finishes, and asking for
 * one still runs it. `stop` cancels the plan, aborts the run in progress and waits for it.
 */
export function createMonitorScheduler<T>(options: MonitorSchedulerOptions<T>) {
  const jitter = options.jitter ?? 0.1;
  const random = options.random ?? Math.random;
  const start = options.startDelayMs ?? { min: 15_000, max: 45_000 };
  let handle: TimerHandle | null = null;
  let nextAt: number | null = null;
  let lastEndedAt: number | null = null;
  let current: Promise<T> | null = null;
  let controller: AbortController | null = null;
  let stopped = false;
  /** The run the plan is for, as wanted before any pause held it back. */
  let wanted: { atMs: number; trigger: RunTrigger } | null = null;
  let pausedUntil: number | null = null;

  function plan(atMs: number, trigger: RunTrigger): void {
    if (handle) options.timers.clearTimeout(handle);
    handle = null;
    nextAt = null;
    wanted = null;
    if (stopped) return;
    wanted = { atMs, trigger };
    const at = pausedUntil !== null && pausedUntil > atMs ? pausedUntil : atMs;
    const delay = Math.max(0, at - options.timers.now().getTime());
    nextAt = at;
    handle = options.timers.setTimeout(() => {
      handle = null;
      nextAt = null;
      wanted = null;
      void runNow(trigger).catch(() => undefined);
    }, delay);
  }

  /** The plan again, under the pause as it is now (nothing to do while a run is in progress). */
  function reapply(): void {
    if (wanted && !current) plan(wanted.atMs, wanted.trigger);
  }

  function jittered(): number {
    const interval = options.intervalMs();
    return Math.round(interval * (1 + jitter * (2 * random() - 1)));
  }

  function runNow(trigger: RunTrigger): Promise<T> {
    if (current) return current;
    if (handle) options.timers.clearTimeout(handle);
    handle = null;
    nextAt = null;
    wanted = null;
    controller = new AbortController();
    const signal = controller.signal;
    current = options.run(trigger, signal).finally(() => {
      current = null;
      controller = null;
      lastEndedAt = options.timers.now().getTime();
      if (!stopped) plan(lastEndedAt + jittered(), 'interval');
    });
    return current;
  }

  return {
    start(): void {
      stopped = false;
      const delay = start.min + random() * Math.max(0, start.max - start.min);
      plan(options.timers.now().getTime() + delay, 'start');
    },
    /** Runs now (or joins the run in progress). */
    runNow: () => runNow('manual'),
    /** After the interval setting changed: the next run counts from the last one. */
    replan(): void {
      if (stopped || current || lastEndedAt === null) return;
      plan(Math.max(options.timers.now().getTime(), lastEndedAt + jittered()), 'interval');
    },
    /** Holds planned runs back until `untilMs`; a later pause replaces an earlier one. */
    pause(untilMs: number): void {
      pausedUntil = untilMs;
      reapply();
    },
    /** Ends a pause now: a run that fell due during it comes at once. */
    resume(): void {
      pausedUntil = null;
      reapply();
    },
    /** When the pause ends; null when there is none (or it is over). */
    pausedUntil(): string | null {
      if (pausedUntil === null || pausedUntil <= options.timers.now().getTime()) return null;
      return new Date(pausedUntil).toISOString();
    },
    status(): { running: boolean; nextRunAt: string | null } {
      return {
        running: current !== null,
        nextRunAt: nextAt === null ? null : new Date(nextAt).toISOString(),
      };
    },
    async stop(): Promise<void> {
      stopped = true;
      if (handle) options.timers.clearTimeout(handle);
      handle = null;
      nextAt = null;
      wanted = null;
      controller?.abort();
      await current?.catch(() => undefined);
    },
  };
}
export type MonitorScheduler<T> = ReturnType<typeof createMonitorScheduler<T>>;
