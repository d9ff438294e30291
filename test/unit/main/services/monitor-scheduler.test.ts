import { describe, expect, it } from 'vitest';
import {
  createMonitorScheduler,
  type RunTrigger,
} from '../../../../src/main/services/monitor-scheduler';
import { createFakeTimers } from '../../helpers/fake-timers';

const MIN = 60_000;
const HOUR = 60 * MIN;

function setup(options: { random?: () => number; runMs?: number; intervalMs?: number } = {}) {
  const clock = createFakeTimers();
  const runs: { trigger: RunTrigger; at: number; signal: AbortSignal }[] = [];
  let interval = options.intervalMs ?? HOUR;
  const scheduler = createMonitorScheduler({
    timers: clock.timers,
    intervalMs: () => interval,
    jitter: 0.1,
    startDelayMs: { min: 10_000, max: 30_000 },
    random: options.random ?? (() => 0.5),
    run: (trigger, signal) => {
      runs.push({ trigger, at: clock.now.getTime(), signal });
      const runMs = options.runMs ?? 0;
      return new Promise<number>((resolve) => {
        clock.timers.setTimeout(() => resolve(runs.length), runMs);
      });
    },
  });
  const start = clock.now.getTime();
  return {
    clock,
    runs,
    scheduler,
    start,
    setInterval: (ms: number) => (interval = ms),
    offsets: () => runs.map((r) => r.at - start),
  };
}

describe('the monitoring schedule (fake clock)', () => {
  it('runs once soon after start, then every interval counted from the end of a run', async () => {
    const t = setup({ runMs: 2 * MIN });
    t.scheduler.start();
    expect(t.scheduler.status().nextRunAt).toBe(new Date(t.start + 20_000).toISOString());
    await t.clock.advance(19_999);
    expect(t.runs).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.runs.map((r) => r.trigger)).toEqual(['start']);
    expect(t.scheduler.status().running).toBe(true);
    await t.clock.advance(2 * MIN + HOUR);
    expect(t.offsets()).toEqual([20_000, 20_000 + 2 * MIN + HOUR]);
    expect(t.runs.map((r) => r.trigger)).toEqual(['start', 'interval']);
  });

  it('spreads runs by ±10 % of the interval (jitter), and the start delay over its window', async () => {
    // The start delay at the window's start, then +10 %, then −10 %.
    const draws = [0, 1, 0, 0.5];
    const t = setup({ random: () => draws.shift() ?? 0.5 });
    t.scheduler.start();
    await t.clock.advance(10_000 + 66 * MIN + 54 * MIN);
    expect(t.offsets()).toEqual([10_000, 10_000 + 66 * MIN, 10_000 + 120 * MIN]);
  });

  it('never overlaps: Run now during a run joins it, and the plan waits for it', async () => {
    const t = setup({ runMs: 5 * MIN });
    t.scheduler.start();
    await t.clock.advance(20_000);
    const joined = t.scheduler.runNow();
    expect(t.runs).toHaveLength(1);
    await t.clock.advance(5 * MIN);
    expect(await joined).toBe(1);
    expect(t.scheduler.status()).toEqual({
      running: false,
      nextRunAt: new Date(t.start + 20_000 + 5 * MIN + HOUR).toISOString(),
    });
  });

  it('runs on demand between runs and counts the next interval from it', async () => {
    const t = setup();
    t.scheduler.start();
    await t.clock.advance(20_000 + 10 * MIN);
    const manual = t.scheduler.runNow();
    await t.clock.advance(0);
    await manual;
    expect(t.runs.map((r) => r.trigger)).toEqual(['start', 'manual']);
    await t.clock.advance(HOUR);
    expect(t.offsets()).toEqual([20_000, 20_000 + 10 * MIN, 20_000 + 10 * MIN + HOUR]);
  });

  it('re-plans when the interval setting changes, from the last run', async () => {
    const t = setup();
    t.scheduler.start();
    await t.clock.advance(20_000);
    t.setInterval(15 * MIN);
    t.scheduler.replan();
    expect(t.scheduler.status().nextRunAt).toBe(
      new Date(t.start + 20_000 + 15 * MIN).toISOString(),
    );
    await t.clock.advance(15 * MIN);
    expect(t.runs).toHaveLength(2);
    // A longer interval whose time has passed already: the next run comes at once.
    await t.clock.advance(10 * MIN);
    t.setInterval(5 * MIN);
    t.scheduler.replan();
    await t.clock.advance(0);
    expect(t.runs).toHaveLength(3);
  });

  it('stop cancels the plan and aborts the run in progress', async () => {
    const t = setup({ runMs: HOUR });
    t.scheduler.start();
    await t.clock.advance(20_000);
    const signal = t.runs[0]?.signal;
    const stopped = t.scheduler.stop();
    expect(signal?.aborted).toBe(true);
    await t.clock.advance(HOUR);
    await stopped;
    expect(t.scheduler.status()).toEqual({ running: false, nextRunAt: null });
    await t.clock.advance(10 * HOUR);
    expect(t.runs).toHaveLength(1);
  });

  describe('pausing (the tray: Pause monitoring for 1 h)', () => {
    it('holds the first run back until the pause ends, then runs it', async () => {
      const t = setup();
      t.scheduler.start();
      await t.clock.advance(10_000);
      t.scheduler.pause(t.start + 10_000 + HOUR);
      expect(t.scheduler.pausedUntil()).toBe(new Date(t.start + 10_000 + HOUR).toISOString());
      expect(t.scheduler.status().nextRunAt).toBe(new Date(t.start + 10_000 + HOUR).toISOString());
      await t.clock.advance(HOUR - 1);
      expect(t.runs).toHaveLength(0);
      await t.clock.advance(1);
      expect(t.runs.map((r) => r.trigger)).toEqual(['start']);
      expect(t.scheduler.pausedUntil()).toBeNull();
      // Back to the interval, counted from that run.
      await t.clock.advance(HOUR);
      expect(t.offsets()).toEqual([10_000 + HOUR, 10_000 + 2 * HOUR]);
    });

    it('moves a run that falls due during the pause to its end, and counts on from there', async () => {
      const t = setup();
      t.scheduler.start();
      await t.clock.advance(20_000 + 30 * MIN);
      t.scheduler.pause(t.clock.now.getTime() + HOUR);
      await t.clock.advance(HOUR - 1);
      expect(t.runs).toHaveLength(1);
      await t.clock.advance(1);
      expect(t.offsets()).toEqual([20_000, 20_000 + 90 * MIN]);
      expect(t.runs.map((r) => r.trigger)).toEqual(['start', 'interval']);
      await t.clock.advance(HOUR);
      expect(t.offsets()).toEqual([20_000, 20_000 + 90 * MIN, 20_000 + 150 * MIN]);
    });

    it('leaves a run planned after the pause where it was', async () => {
      const t = setup();
      t.scheduler.start();
      await t.clock.advance(20_000);
      t.scheduler.pause(t.clock.now.getTime() + 15 * MIN);
      expect(t.scheduler.status().nextRunAt).toBe(new Date(t.start + 20_000 + HOUR).toISOString());
      await t.clock.advance(HOUR);
      expect(t.offsets()).toEqual([20_000, 20_000 + HOUR]);
    });

    it('resuming early runs what fell due at once; what is not due yet keeps its time', async () => {
      const t = setup();
      t.scheduler.start();
      await t.clock.advance(20_000 + 50 * MIN);
      t.scheduler.pause(t.clock.now.getTime() + HOUR);
      await t.clock.advance(20 * MIN);
      expect(t.runs).toHaveLength(1);
      t.scheduler.resume();
      expect(t.scheduler.pausedUntil()).toBeNull();
      await t.clock.advance(0);
      expect(t.offsets()).toEqual([20_000, 20_000 + 70 * MIN]);

      const u = setup();
      u.scheduler.start();
      await u.clock.advance(20_000);
      u.scheduler.pause(u.clock.now.getTime() + 2 * HOUR);
      await u.clock.advance(10 * MIN);
      u.scheduler.resume();
      expect(u.scheduler.status().nextRunAt).toBe(new Date(u.start + 20_000 + HOUR).toISOString());
    });

    it('still runs when asked (Check all now), and keeps the next planned run paused', async () => {
      const t = setup();
      t.scheduler.start();
      await t.clock.advance(20_000);
      const until = t.clock.now.getTime() + 3 * HOUR;
      t.scheduler.pause(until);
      await t.clock.advance(10 * MIN);
      const manual = t.scheduler.runNow();
      await t.clock.advance(0);
      await manual;
      expect(t.runs.map((r) => r.trigger)).toEqual(['start', 'manual']);
      expect(t.scheduler.status().nextRunAt).toBe(new Date(until).toISOString());
      await t.clock.advance(3 * HOUR - 10 * MIN - 1);
      expect(t.runs).toHaveLength(2);
      await t.clock.advance(1);
      expect(t.runs).toHaveLength(3);
    });

    it('lets a run in progress finish, and plans the next one after the pause', async () => {
      const t = setup({ runMs: 5 * MIN });
      t.scheduler.start();
      await t.clock.advance(20_000 + MIN);
      const signal = t.runs[0]?.signal;
      t.scheduler.pause(t.clock.now.getTime() + 2 * HOUR);
      await t.clock.advance(4 * MIN);
      expect(signal?.aborted).toBe(false);
      expect(t.scheduler.status()).toEqual({
        running: false,
        nextRunAt: new Date(t.start + 20_000 + MIN + 2 * HOUR).toISOString(),
      });
    });
  });
});
