import { afterEach, describe, expect, it } from 'vitest';
import { createKyriosClient } from '../../../../src/main/kyrios/client';
import type { RunningSandbox } from '../../../../src/sandbox/start';
import { createFakeTimers } from '../../helpers/fake-timers';
import { call, sendThrough, startGuardCore, verifyInSandbox } from '../../helpers/guard-core';
import { startVerificationDns } from '../../helpers/sandbox-dns';
import { createCleanup } from '../../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const START = '2026-05-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

describe("an account's background work on a fake clock", () => {
  it('reads the count 3 s after start and every 60 s, and follows the event feed every 15 s', async () => {
    const clock = createFakeTimers(START);
    const { core, pushed } = await startGuardCore(cleanup, {
      timers: clock.timers,
      sandbox: { now: () => clock.now },
      // Defaults for the sampler (60 s) and the event feed (15 s); monitoring far away.
      background: { enabled: true, monitor: { startDelayMs: { min: 36e6, max: 36e6 } } },
    });
    const sandbox = core.sandbox as RunningSandbox;
    const domain = await call(core, 'domains:add', { name: 'example.test' });
    await verifyInSandbox(core, sandbox, domain);
    const alice = (await call(core, 'smtp:create', { domainId: domain.id, login: 'alice' })).user;
    const bob = (await call(core, 'smtp:create', { domainId: domain.id, login: 'bob' })).user;
    // Nothing has read the count yet; the first reading and the first feed read are planned.
    expect(pushed.of('guard:changed')).toEqual([]);
    expect(clock.waiting()).toEqual(expect.arrayContaining([3_000, 15_000]));
    sendThrough(sandbox, alice.id, 5);

    // 3 s: the first reading, without anything asked from the UI.
    const first = pushed.next('guard:changed', (v) => v.sentToday === 5);
    await clock.advance(3_000);
    expect(await first).toMatchObject({ sentToday: 5, sampledAt: at(3_000), source: 'live' });
    await clock.flush();
    expect(clock.waiting()).toContain(60_000);

    // Bob is deleted elsewhere: the feed is read at 15 s and the inventory learns it.
    const dashboard = createKyriosClient({ baseUrl: sandbox.api, apiKey: sandbox.apiKey });
    await dashboard.deleteSmtpUser(domain.id, bob.id);
    const followed = pushed.next('smtp:changed', (c) => c.domainId === domain.id);
    await clock.advance(12_000);
    await followed;
    await clock.flush();

    // The rule deletes every credential: the next turn of the feed (30 s) shows it, long before
    // the next reading (63 s) would look at the count.
    expect(sendThrough(sandbox, alice.id, 1501)).toBe(1495);
    const revoked = pushed.next('revocation:detected');
    await clock.advance(15_000);
    expect(await revoked).toMatchObject({ day: '2026-05-01', logins: ['alice@example.test'] });
    await clock.flush();
    const listed = await call(core, 'revocation:list', {});
    expect(listed.users.map((u) => u.login)).toEqual(['alice@example.test']);

    // 63 s: the second reading, 60 s after the first.
    const second = pushed.next('guard:changed', (v) => v.sentToday === 1500);
    await clock.advance(33_000);
    expect(await second).toMatchObject({ sampledAt: at(63_000), level: 'reached' });
  });
});

describe('the DNS resolvers setting', () => {
  it('is what checks ask when no resolver is given on the command line', async () => {
    // The zone's own server, and two resolvers: one still serving an old SPF record.
    const auth = await startVerificationDns(cleanup, ['example.test']);
    const stale = await startVerificationDns(cleanup, ['example.test']);
    const fresh = await startVerificationDns(cleanup, ['example.test']);
    const address = (f: typeof auth) => `${f.fixture.host}:${f.fixture.port}`;
    const { core } = await startGuardCore(cleanup, {
      // No `resolvers`: the setting decides (and must, or the check would leave the machine).
      dns: { authoritative: auth.dns.authoritative ?? [] },
    });
    await call(core, 'settings:update', { dnsResolvers: [address(stale)] });

    const domain = await call(core, 'domains:add', { name: 'example.test' });
    for (const f of [auth, stale, fresh]) f.publish(domain);
    const spf = domain.records.find((r) => r.purpose === 'spf');
    if (!spf) throw new Error('no SPF record');
    stale.fixture.setRecords(spf.name, 'TXT', ['v=spf1 -all']);

    const resolversOf = (check: Awaited<ReturnType<typeof runCheck>>) =>
      check.records.find((r) => r.purpose === 'spf')?.servers.filter((s) => s.role === 'resolver');
    const runCheck = () => call(core, 'dns:check', { domainId: domain.id });

    const first = await runCheck();
    expect(resolversOf(first)).toMatchObject([
      { server: address(stale), answers: ['v=spf1 -all'], agrees: false },
    ]);
    expect(stale.fixture.queries.length).toBeGreaterThan(0);
    expect(fresh.fixture.queries).toEqual([]);

    // Changed in the settings: the next check asks the new resolver.
    await call(core, 'settings:update', { dnsResolvers: [address(fresh)] });
    const second = await runCheck();
    expect(resolversOf(second)).toMatchObject([
      { server: address(fresh), answers: [spf.value], agrees: true },
    ]);
    expect(fresh.fixture.queries.length).toBeGreaterThan(0);
  });
});
