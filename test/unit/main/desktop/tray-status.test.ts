import { afterEach, describe, expect, it } from 'vitest';
import { trayState, type TrayState } from '../../../../src/main/desktop/tray-state';
import { watchTrayStatus } from '../../../../src/main/desktop/tray-status';
import type { AppCore } from '../../../../src/main/app-core';
import { startFaultyProxy } from '../../helpers/faulty-proxy';
import { call, sendThrough, startGuardCore, verifyInSandbox } from '../../helpers/guard-core';
import { GOOD_IP, ipZones, TEST_BLOCKLISTS } from '../../helpers/ip-dns';
import { startTestSandbox } from '../../helpers/sandbox';
import { startVerificationDns } from '../../helpers/sandbox-dns';
import { createCleanup } from '../../helpers/temp-dir';

// The tray's state kept current from a real app core: its pushes and its contract, as the
// desktop shell wires them (src/main/electron/shell.ts).

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** Watches a core; `until` resolves with the first state (now or later) matching. */
function watch(core: AppCore) {
  let current: TrayState | undefined;
  const waiters: { match: (s: TrayState) => boolean; resolve: (s: TrayState) => void }[] = [];
  const watcher = watchTrayStatus(
    {
      dispatch: core.dispatch,
      events: core.events,
      pausedUntil: () => core.monitoringPausedUntil(),
    },
    (inputs) => {
      const state = trayState(inputs, (iso) => iso.slice(11, 16));
      current = state;
      for (const w of [...waiters]) {
        if (w.match(state)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(state);
        }
      }
    },
  );
  cleanup.add(() => watcher.stop());
  return {
    refresh: () => watcher.refresh(),
    until(match: (s: TrayState) => boolean): Promise<TrayState> {
      if (current && match(current)) return Promise.resolve(current);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

describe('the tray status from a running core', () => {
  it('turns to attention when monitoring sees a record break, and back when it is fixed', async () => {
    const dns = await startVerificationDns(cleanup, ['example.test'], ipZones());
    const { core } = await startGuardCore(cleanup, {
      dns: { authoritative: dns.dns.authoritative ?? [], resolvers: dns.dns.resolvers ?? [] },
      sandbox: { dedicatedIp: GOOD_IP },
    });
    await call(core, 'settings:update', { blocklists: TEST_BLOCKLISTS.slice(0, 2) });
    const tray = watch(core);
    await tray.refresh();
    expect(await tray.until(() => true)).toMatchObject({ level: 'passing', icon: 'normal' });

    const domain = await call(core, 'domains:add', { name: 'example.test' });
    dns.publish(domain);
    await call(core, 'domains:verify', { domainId: domain.id });
    await call(core, 'monitor:run', {});
    const spf = domain.records.find((r) => r.purpose === 'spf');
    if (!spf) throw new Error('no SPF record');

    dns.fixture.setRecords(spf.name, 'TXT', ['v=spf1 -all']);
    const broke = tray.until((s) => s.level === 'drift');
    await call(core, 'monitor:run', {});
    expect(await broke).toMatchObject({
      icon: 'attention',
      headline: '1 DNS record broke: example.test',
    });

    dns.fixture.setRecords(spf.name, 'TXT', [spf.value]);
    const fixed = tray.until((s) => s.level === 'passing');
    await call(core, 'monitor:run', {});
    expect(await fixed).toMatchObject({ icon: 'normal', headline: 'All domains passing' });

    // Broken again, then the domain is deleted: its alert no longer counts.
    dns.fixture.setRecords(spf.name, 'TXT', ['v=spf1 -all']);
    await call(core, 'monitor:run', {});
    await tray.until((s) => s.level === 'drift');
    const gone = tray.until((s) => s.level === 'passing');
    await call(core, 'domains:delete', { domainId: domain.id });
    expect(await gone).toMatchObject({ icon: 'normal' });
  });

  it('shows offline while Kyrios cannot be reached, and the daily limit coming near', async () => {
    const sb = await startTestSandbox(cleanup);
    const proxy = await startFaultyProxy(sb.sandbox.api);
    cleanup.add(() => proxy.close());
    const { core } = await startGuardCore(cleanup, {
      remote: { baseUrl: proxy.url, apiKey: sb.sandbox.apiKey, label: 'Behind a proxy' },
      background: { enabled: false, probe: { minMs: 100, maxMs: 400 } },
    });
    const tray = watch(core);
    await tray.refresh();
    const domain = await call(core, 'domains:add', { name: 'limit.example.com' });
    await verifyInSandbox(core, sb.sandbox, domain);
    const user = await call(core, 'smtp:create', { domainId: domain.id, login: 'ops' });

    proxy.setPlan(() => ({ kind: 'reset' }));
    const offline = tray.until((s) => s.level === 'offline');
    await call(core, 'domains:list', {});
    expect(await offline).toMatchObject({ icon: 'offline' });
    expect((await offline).headline).toMatch(/^Offline since \d\d:\d\d$/);

    const online = tray.until((s) => s.level === 'passing');
    proxy.setPlan(() => ({ kind: 'pass' }));
    await online;

    expect(sendThrough(sb.sandbox, user.user.id, 1300)).toBe(1300);
    const near = tray.until((s) => s.level === 'limit');
    await call(core, 'account:get', {});
    expect(await near).toMatchObject({
      icon: 'attention',
      headline: 'Near the daily limit: 1,300 of 1,500 emails (86.7%)',
    });
  });
});
