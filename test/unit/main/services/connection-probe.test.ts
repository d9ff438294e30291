import { describe, expect, it } from 'vitest';
import { createConnectivity } from '../../../../src/main/kyrios/connectivity';
import { createConnectionProbe } from '../../../../src/main/services/connection-probe';
import { createFakeTimers } from '../../helpers/fake-timers';

function setup() {
  const clock = createFakeTimers();
  const connectivity = createConnectivity(() => clock.now);
  const probes: number[] = [];
  let serviceUp = false;
  const start = clock.now.getTime();
  const probe = createConnectionProbe({
    connectivity,
    timers: clock.timers,
    probe: () => {
      probes.push(clock.now.getTime() - start);
      if (serviceUp) connectivity.reached();
      else connectivity.unreachable('connect ECONNREFUSED');
      return Promise.resolve();
    },
  });
  return { clock, connectivity, probe, probes, up: () => (serviceUp = true) };
}

describe('the offline probe (fake clock)', () => {
  it('asks again with backoff from 5 s to 60 s while offline', async () => {
    const t = setup();
    t.connectivity.reached();
    await t.clock.advance(10 * 60_000);
    expect(t.probes).toEqual([]);

    t.connectivity.unreachable('connect ECONNREFUSED');
    const wentOffline = t.clock.now.getTime();
    expect(t.probe.view()).toMatchObject({
      online: false,
      reason: 'connect ECONNREFUSED',
      since: new Date(wentOffline).toISOString(),
      nextProbeAt: new Date(wentOffline + 5_000).toISOString(),
    });
    await t.clock.advance(5_000 + 10_000 + 20_000 + 40_000 + 60_000 + 60_000);
    const gaps = t.probes.map((p, i) => p - (i === 0 ? 10 * 60_000 : (t.probes[i - 1] ?? 0)));
    expect(gaps).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  });

  it('recovers by itself: the first answer makes it online and the probing stops', async () => {
    const t = setup();
    const changes: boolean[] = [];
    t.connectivity.subscribe((state) => changes.push(state.online));
    t.connectivity.unreachable('timeout');
    await t.clock.advance(15_000);
    expect(t.probes).toEqual([5_000, 15_000]);
    t.up();
    await t.clock.advance(20_000);
    expect(t.probes).toEqual([5_000, 15_000, 35_000]);
    expect(changes).toEqual([false, true]);
    expect(t.probe.view()).toMatchObject({ online: true, reason: null, nextProbeAt: null });
    await t.clock.advance(10 * 60_000);
    expect(t.probes).toHaveLength(3);

    // Offline again later: the backoff starts from 5 s again.
    t.connectivity.unreachable('timeout');
    expect(t.clock.waiting()).toEqual([5_000]);
  });

  it('stops probing once stopped', async () => {
    const t = setup();
    t.connectivity.unreachable('timeout');
    t.probe.stop();
    await t.clock.advance(10 * 60_000);
    expect(t.probes).toEqual([]);
  });
});

describe('an explanation from outside (the embedded sandbox supervisor)', () => {
  it('takes the state offline at once with its words, which a failed call does not replace', async () => {
    const t = setup();
    t.connectivity.reached();
    const pushed: (string | null)[] = [];
    t.connectivity.subscribe((state) => pushed.push(state.online ? 'online' : state.reason));
    t.connectivity.explain('The embedded sandbox stopped unexpectedly; restarting it (attempt 1)…');
    t.connectivity.unreachable('connect ECONNREFUSED');
    expect(t.probe.view()).toMatchObject({
      online: false,
      reason: 'The embedded sandbox stopped unexpectedly; restarting it (attempt 1)…',
    });
    // New words while offline are pushed; the same ones are not.
    t.connectivity.explain('The embedded sandbox stopped unexpectedly; restarting it (attempt 2)…');
    t.connectivity.explain('The embedded sandbox stopped unexpectedly; restarting it (attempt 2)…');
    expect(pushed).toEqual([
      'The embedded sandbox stopped unexpectedly; restarting it (attempt 1)…',
      'The embedded sandbox stopped unexpectedly; restarting it (attempt 2)…',
    ]);

    // Cleared: the client's own reason shows again until an answer brings it online.
    t.connectivity.explain(null);
    expect(t.probe.view().reason).toBe('connect ECONNREFUSED');
    t.up();
    t.probe.now();
    await t.clock.flush();
    expect(pushed.at(-1)).toBe('online');
    expect(t.probe.view()).toMatchObject({ online: true, reason: null, nextProbeAt: null });
  });

  it('asks now instead of at the planned time, and starts the backoff over', async () => {
    const t = setup();
    t.connectivity.unreachable('connect ECONNREFUSED');
    await t.clock.advance(5_000 + 10_000);
    expect(t.probes).toEqual([5_000, 15_000]);
    t.probe.now();
    await t.clock.flush();
    expect(t.probes).toEqual([5_000, 15_000, 15_000]);
    // Still down: the next wait is the shortest but one (10 s), not 40 s.
    expect(t.clock.waiting()).toEqual([10_000]);
  });
});
