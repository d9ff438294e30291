import { afterEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../../src/shared/domain';
import { createCleanup } from '../../helpers/temp-dir';
import { call, startGuardCore } from '../../helpers/guard-core';
import { startVerificationDns } from '../../helpers/sandbox-dns';
import { ipZones, LISTED_IP, TEST_BLOCKLISTS } from '../../helpers/ip-dns';
import { createFakeTimers } from '../../helpers/fake-timers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/**
 * A core on the embedded sandbox whose DNS (the sandbox's verification and the app's checks) is
 * one loopback fixture serving the domains, the sandbox's service zone, and the dedicated IP's
 * reverse zone and blocklists.
 */
async function setup(options: { fakeClock?: boolean } = {}) {
  const dns = await startVerificationDns(cleanup, ['example.test', 'pending.test'], ipZones());
  const clock = options.fakeClock ? createFakeTimers() : undefined;
  const started = await startGuardCore(cleanup, {
    dns: { authoritative: dns.dns.authoritative ?? [], resolvers: dns.dns.resolvers ?? [] },
    sandbox: { dedicatedIp: LISTED_IP },
    ...(clock
      ? {
          timers: clock.timers,
          background: { enabled: true, monitor: { startDelayMs: { min: 5_000, max: 5_000 } } },
        }
      : {}),
  });
  await call(started.core, 'settings:update', { blocklists: TEST_BLOCKLISTS });
  return { ...started, dns, clock };
}

async function verified(
  core: Parameters<typeof call>[0],
  dns: { publish(d: Domain): void },
  name: string,
) {
  const domain = await call(core, 'domains:add', { name });
  dns.publish(domain);
  const result = await call(core, 'domains:verify', { domainId: domain.id });
  expect(result.domain.status).toBe('verified');
  return result.domain;
}

describe('monitoring through the contract', () => {
  it('re-checks every domain into the history, raises drift with what changed and since when, and clears it', async () => {
    const { core, dns, pushed } = await setup();
    const domain = await verified(core, dns, 'example.test');
    const pending = await call(core, 'domains:add', { name: 'pending.test' });

    const first = await call(core, 'monitor:run', {});
    expect(first).toMatchObject({
      trigger: 'manual',
      domains: 2,
      checked: 2,
      errors: 0,
      drift: 0,
      ready: 0,
    });
    expect(pushed.of('monitor:finished')).toEqual([first]);
    const history = await call(core, 'dns:history', { domainId: domain.id });
    expect(history.runs.map((r) => r.trigger)).toEqual(['monitor', 'manual']);

    // Someone edits the zone: SPF loses the service's include.
    const spf = domain.records.find((r) => r.purpose === 'spf');
    if (!spf) throw new Error('no SPF record');
    dns.fixture.setRecords(spf.name, 'TXT', ['v=spf1 -all']);
    const broke = await call(core, 'monitor:run', {});
    expect(broke.drift).toBe(1);
    const { alerts } = await call(core, 'monitor:alerts', {});
    const drift = alerts.find((a) => a.kind === 'drift');
    expect(drift).toMatchObject({
      domainId: domain.id,
      domain: 'example.test',
      record: { purpose: 'spf', type: 'TXT', name: 'example.test' },
      before: { status: 'pass', found: [spf.value] },
      after: { status: 'fail', found: ['v=spf1 -all'] },
      resolvedAt: null,
    });
    // Since the check that first saw it fail: within that run.
    expect(drift && drift.since >= broke.startedAt && drift.since <= broke.finishedAt).toBe(true);
    expect(pushed.of('monitor:alert').filter((a) => a.kind === 'drift')).toEqual([drift]);
    expect(pushed.of('notification:show').filter((n) => n.kind === 'drift')).toMatchObject([
      { title: 'DNS record broke on example.test', domainId: domain.id },
    ]);

    // The timeline: the change between the two monitoring runs, newest first.
    const { changes } = await call(core, 'dns:timeline', { domainId: domain.id });
    expect(changes[0]).toMatchObject({
      purpose: 'spf',
      before: { status: 'pass', found: [spf.value] },
      after: { status: 'fail', found: ['v=spf1 -all'] },
      at: drift?.since,
    });

    // Still broken an hour later: no second alert.
    expect((await call(core, 'monitor:run', {})).drift).toBe(0);

    dns.fixture.setRecords(spf.name, 'TXT', [spf.value]);
    await call(core, 'monitor:run', {});
    const resolved = pushed.of('monitor:alert').filter((a) => a.kind === 'drift' && a.resolvedAt);
    expect(resolved).toHaveLength(1);
    expect((await call(core, 'monitor:alerts', {})).alerts.some((a) => a.kind === 'drift')).toBe(
      false,
    );
    expect(
      (await call(core, 'monitor:alerts', { includeResolved: true })).alerts.some(
        (a) => a.kind === 'drift',
      ),
    ).toBe(true);
    expect(pending.status).toBe('pending');
  });

  it('says a pending domain is ready to Verify Now once its records are all published', async () => {
    const { core, dns, pushed } = await setup();
    const pending = await call(core, 'domains:add', { name: 'pending.test' });
    expect((await call(core, 'monitor:run', {})).ready).toBe(0);
    dns.publish(pending);
    const run = await call(core, 'monitor:run', {});
    expect(run.ready).toBe(1);
    expect(pushed.of('notification:show').filter((n) => n.kind === 'ready')).toMatchObject([
      { title: 'pending.test is ready to Verify Now', level: 'info', domainId: pending.id },
    ]);
    expect(
      (await call(core, 'monitor:alerts', {})).alerts.filter((a) => a.kind === 'ready'),
    ).toMatchObject([{ kind: 'ready', domainId: pending.id }]);
    await call(core, 'domains:verify', { domainId: pending.id });
    expect(
      (await call(core, 'monitor:alerts', {})).alerts.filter((a) => a.kind === 'ready'),
    ).toEqual([]);
    expect(
      pushed.of('monitor:alert').filter((a) => a.kind === 'ready' && a.resolvedAt),
    ).toHaveLength(1);
  });

  it('checks the dedicated IP in every run: listing and reverse DNS alerts, the result kept', async () => {
    const { core, pushed } = await setup();
    const run = await call(core, 'monitor:run', {});
    expect(run.ip).toBe('fail');
    const latest = await call(core, 'ip:latest', {});
    expect(latest).toMatchObject({ ip: LISTED_IP, source: 'cache', result: { status: 'fail' } });
    expect(latest.result?.blocklists.map((b) => [b.zone, b.status])).toEqual([
      ['zen.spamhaus.org', 'not_listed'],
      ['bl.spamcop.net', 'listed'],
      ['dnsbl.refused.test', 'unknown'],
    ]);
    expect(pushed.of('ip:checked')).toMatchObject([{ ip: LISTED_IP, status: 'fail' }]);
    const { alerts } = await call(core, 'monitor:alerts', {});
    expect(alerts.map((a) => [a.kind, a.subject]).sort()).toEqual([
      ['ip_listed', 'bl.spamcop.net'],
      ['ip_reverse', LISTED_IP],
    ]);
    // Checked again on demand: the same alerts stay open, nothing new is notified.
    const notified = pushed.of('notification:show').length;
    const again = await call(core, 'ip:check', {});
    expect(again).toMatchObject({ source: 'live', result: { ip: LISTED_IP } });
    expect(pushed.of('notification:show')).toHaveLength(notified);
  });

  it('runs on its own soon after start and then every interval (fake clock)', async () => {
    const { core, clock, pushed } = await setup({ fakeClock: true });
    if (!clock) throw new Error('no clock');
    await call(core, 'domains:add', { name: 'pending.test' });
    const first = pushed.next('monitor:finished');
    await clock.advance(5_000);
    expect(await first).toMatchObject({ trigger: 'start', domains: 1, checked: 1 });
    await clock.flush();
    const status = await call(core, 'monitor:status', {});
    expect(status).toMatchObject({ intervalMinutes: 60, running: false });
    const next = Date.parse(status.nextRunAt ?? '') - clock.now.getTime();
    expect(next).toBeGreaterThanOrEqual(54 * 60_000);
    expect(next).toBeLessThanOrEqual(66 * 60_000);

    // A shorter interval re-plans the next run from the last one.
    await call(core, 'settings:update', { monitorIntervalMinutes: 5 });
    const replanned = await call(core, 'monitor:status', {});
    expect(Date.parse(replanned.nextRunAt ?? '') - clock.now.getTime()).toBeLessThanOrEqual(
      5.5 * 60_000,
    );
    const second = pushed.next('monitor:finished');
    await clock.advance(6 * 60_000);
    expect(await second).toMatchObject({ trigger: 'interval' });
  });

  it('pauses for every account until the pause ends; asking still runs (fake clock)', async () => {
    const { core, clock, pushed } = await setup({ fakeClock: true });
    if (!clock) throw new Error('no clock');
    await call(core, 'domains:add', { name: 'pending.test' });
    const until = new Date(clock.now.getTime() + 60 * 60_000);
    core.pauseMonitoring(until);
    expect(core.monitoringPausedUntil()).toBe(until.toISOString());
    expect(await call(core, 'monitor:status', {})).toMatchObject({
      nextRunAt: until.toISOString(),
    });
    await clock.advance(30 * 60_000);
    expect(pushed.of('monitor:finished')).toEqual([]);

    // Check all now, during the pause.
    const manual = await call(core, 'monitor:run', {});
    expect(manual).toMatchObject({ trigger: 'manual', checked: 1 });

    // Another account in use: the pause holds for it too.
    const sandbox = core.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    await call(core, 'accounts:add', {
      label: 'Second',
      baseUrl: sandbox.api,
      apiKey: sandbox.apiKey,
      activate: true,
    });
    expect(core.monitoringPausedUntil()).toBe(until.toISOString());
    expect(await call(core, 'monitor:status', {})).toMatchObject({
      nextRunAt: until.toISOString(),
    });
    const resumed = pushed.next('monitor:finished', (s) => s.trigger === 'start');
    await clock.advance(30 * 60_000);
    expect(await resumed).toMatchObject({ startedAt: until.toISOString() });
    expect(core.monitoringPausedUntil()).toBeNull();

    // Resuming early brings the held run at once.
    await clock.flush();
    core.pauseMonitoring(new Date(clock.now.getTime() + 5 * 60 * 60_000));
    await clock.advance(2 * 60 * 60_000);
    const caughtUp = pushed.next('monitor:finished', (s) => s.trigger === 'interval');
    core.pauseMonitoring(null);
    await clock.advance(0);
    expect(await caughtUp).toMatchObject({ startedAt: clock.now.toISOString() });
  });
});
