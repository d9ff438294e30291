import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../../src/sandbox/start';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';
import { OFFLINE_DNS } from '../../helpers/sandbox';
import { call, startGuardCore, verifyInSandbox } from '../../helpers/guard-core';
import { ipZones } from '../../helpers/ip-dns';
import { startVerificationDns } from '../../helpers/sandbox-dns';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** A remote Kyrios (a sandbox in this process) that can be stopped and started on the same port. */
async function restartableRemote() {
  const temp = makeTempDir('kyrios-remote-');
  cleanup.add(() => temp.remove());
  let running: RunningSandbox = await startSandbox({
    dataDir: temp.dir,
    port: 0,
    dns: OFFLINE_DNS,
  });
  const port = Number(new URL(running.api).port);
  let up = true;
  cleanup.add(() => (up ? running.close() : undefined));
  return {
    get sandbox() {
      return running;
    },
    async stop() {
      up = false;
      await running.close();
    },
    async start() {
      running = await startSandbox({ dataDir: temp.dir, port, dns: OFFLINE_DNS });
      up = true;
    },
  };
}

describe('offline', () => {
  it('keeps every cached read working, says since when and why, and recovers by itself', async () => {
    const remote = await restartableRemote();
    const dns = await startVerificationDns(cleanup, ['cached.example.test'], ipZones());
    const { core, pushed } = await startGuardCore(cleanup, {
      remote: { baseUrl: remote.sandbox.api, apiKey: remote.sandbox.apiKey, label: 'Remote' },
      // The app's DNS asks the loopback fixture only: nothing leaves the machine.
      dns: { authoritative: dns.dns.authoritative ?? [], resolvers: dns.dns.resolvers ?? [] },
      background: { enabled: false, probe: { minMs: 100, maxMs: 400 } },
    });

    // Fill the caches while the service answers.
    const domain = await call(core, 'domains:add', { name: 'cached.example.test' });
    dns.publish(domain);
    await verifyInSandbox(core, remote.sandbox, domain);
    await call(core, 'smtp:create', { domainId: domain.id, login: 'ops', note: 'Ops mailer' });
    await call(core, 'dns:check', { domainId: domain.id });
    await call(core, 'monitor:run', {});
    await call(core, 'account:get', {});
    await call(core, 'usage:get', { days: 30 });
    expect(await call(core, 'connection:get', {})).toMatchObject({
      online: true,
      reason: null,
      nextProbeAt: null,
    });

    await remote.stop();
    const offline = pushed.next('connection:changed', (s) => !s.online);
    const list = await call(core, 'domains:list', {});
    expect(list).toMatchObject({
      source: 'cache',
      domains: [{ id: domain.id, status: 'verified' }],
    });
    const state = await offline;
    expect(state.reason).toMatch(/could not be reached/);
    const connection = await call(core, 'connection:get', {});
    expect(connection).toMatchObject({ online: false, since: state.since });
    expect(connection.nextProbeAt).not.toBeNull();
    // The push already says when the next try is, so the banner needs no second call.
    expect(state.nextProbeAt).toBe(connection.nextProbeAt);

    // Everything cached still reads.
    expect(await call(core, 'smtp:list', { domainId: domain.id })).toMatchObject({
      source: 'cache',
      users: [{ login: 'ops@cached.example.test', note: 'Ops mailer', rotationDue: false }],
    });
    expect(await call(core, 'account:get', {})).toMatchObject({ source: 'cache' });
    expect(await call(core, 'usage:get', { days: 30 })).toMatchObject({ source: 'cache' });
    expect(await call(core, 'dns:latest', { domainId: domain.id })).not.toBeNull();
    expect((await call(core, 'dns:history', { domainId: domain.id })).runs).toHaveLength(2);
    expect(
      (await call(core, 'dns:timeline', { domainId: domain.id })).changes.length,
    ).toBeGreaterThan(0);
    expect(await call(core, 'guard:get', {})).toMatchObject({ sentToday: 0, source: 'cache' });
    expect(await call(core, 'ip:latest', {})).toMatchObject({ ip: '192.0.2.10', source: 'cache' });
    expect(await call(core, 'monitor:status', {})).toMatchObject({ lastRun: { checked: 1 } });
    expect(await call(core, 'monitor:alerts', {})).toBeDefined();
    expect(await call(core, 'revocation:list', {})).toMatchObject({ users: [], latest: null });
    expect((await call(core, 'usage:export-csv', {})).csv).toMatch(/^day_utc,sent,daily_limit/);
    expect((await call(core, 'audit:list', {})).entries.length).toBeGreaterThan(0);
    expect(await call(core, 'accounts:list', {})).toBeDefined();
    // The DNS needs no Kyrios: checks still run.
    expect(await call(core, 'dns:check', { domainId: domain.id })).toBeDefined();
    // Actions that need the service say so.
    expect(await core.dispatch('smtp:create', { domainId: domain.id, login: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });

    // The service comes back; nobody clicks anything.
    const online = pushed.next('connection:changed', (s) => s.online);
    await remote.start();
    expect(await online).toMatchObject({ online: true, reason: null, nextProbeAt: null });
    expect(await call(core, 'connection:get', {})).toMatchObject({
      online: true,
      nextProbeAt: null,
    });
    expect(await call(core, 'domains:list', {})).toMatchObject({ source: 'live' });
  });
});
