import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxEvent } from '../../../src/sandbox/store/events';
import type { UsageReport } from '../../../src/sandbox/store/usage';
import { accountId, addVerifiedDomain, createSmtpUser } from '../helpers/sandbox-smtp';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function get<T>(sb: TestSandbox, path: string, status = 200): Promise<T> {
  const response = await sb.request(path);
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

describe('GET /v1/account', () => {
  it('reports the account, the daily limit, today (UTC) and the SMTP address', async () => {
    const now = new Date('2030-07-04T13:14:15.000Z');
    const sb = await startTestSandbox(cleanup, undefined, { now: () => now });
    const account = await get<Record<string, unknown>>(sb, '/v1/account');
    expect(account).toEqual({
      id: expect.stringMatching(/^acc_/) as unknown,
      name: 'Sandbox account',
      dailyLimit: 1500,
      sentToday: 0,
      day: '2030-07-04',
      resetsAt: '2030-07-05T00:00:00.000Z',
      dedicatedIp: '192.0.2.10',
      smtp: sb.sandbox.smtp,
    });
  });
});

describe('GET /v1/usage', () => {
  it('lists every day of the window with zeros, 30 by default, and refuses days outside 1–90', async () => {
    const sb = await startTestSandbox(cleanup, undefined, {
      now: () => new Date('2030-03-02T10:00:00Z'),
    });
    const usage = await get<UsageReport & { dailyLimit: number; today: unknown }>(sb, '/v1/usage');
    expect(usage.dailyLimit).toBe(1500);
    expect(usage.today).toEqual({ day: '2030-03-02', sent: 0, remaining: 1500 });
    expect(usage.days).toHaveLength(30);
    expect(usage.days[0]).toEqual({ day: '2030-02-01', sent: 0 });
    expect(usage.days.at(-1)).toEqual({ day: '2030-03-02', sent: 0 });
    expect((await get<UsageReport>(sb, '/v1/usage?days=90')).days).toHaveLength(90);
    expect((await get<UsageReport>(sb, '/v1/usage?days=1')).days).toEqual([
      { day: '2030-03-02', sent: 0 },
    ]);
    for (const bad of ['0', '91', 'abc', '1.5', '-1', '']) {
      const problem = await get<{ code: string; detail: string }>(sb, `/v1/usage?days=${bad}`, 400);
      expect(problem.code).toBe('invalid_request');
      expect(problem.detail).toContain('"days"');
    }
  });

  it('keeps the counts of deleted users and deleted domains', async () => {
    let now = new Date('2030-05-10T08:00:00Z');
    const sb = await startTestSandbox(cleanup, undefined, { now: () => now });
    const account = await accountId(sb);
    const kept = await addVerifiedDomain(sb, 'kept.example.com');
    const gone = await addVerifiedDomain(sb, 'gone.example.com');
    const a = await createSmtpUser(sb, kept.id, 'a');
    const b = await createSmtpUser(sb, kept.id, 'b');
    const c = await createSmtpUser(sb, gone.id, 'c');
    const count = (userId: string, n: number) => {
      for (let i = 0; i < n; i++) sb.sandbox.store.sending.reserve(account, userId);
    };
    count(a.user.id, 3);
    count(b.user.id, 4);
    count(c.user.id, 5);
    now = new Date('2030-05-11T08:00:00Z');
    count(a.user.id, 1);

    await sb.request(`/v1/domains/${kept.id}/smtp-users/${b.user.id}`, { method: 'DELETE' });
    await sb.request(`/v1/domains/${gone.id}`, { method: 'DELETE' });

    const usage = await get<UsageReport>(sb, '/v1/usage?days=2');
    expect(usage.days).toEqual([
      { day: '2030-05-10', sent: 12 },
      { day: '2030-05-11', sent: 1 },
    ]);
    expect(usage.byUser).toEqual([
      {
        userId: c.user.id,
        login: 'c@gone.example.com',
        domainId: gone.id,
        domain: 'gone.example.com',
        sent: 5,
        deleted: true,
      },
      {
        userId: a.user.id,
        login: 'a@kept.example.com',
        domainId: kept.id,
        domain: 'kept.example.com',
        sent: 4,
        deleted: false,
      },
      {
        userId: b.user.id,
        login: 'b@kept.example.com',
        domainId: kept.id,
        domain: 'kept.example.com',
        sent: 4,
        deleted: true,
      },
    ]);
    expect(usage.byDomain).toEqual([
      { domainId: gone.id, domain: 'gone.example.com', sent: 5 },
      { domainId: kept.id, domain: 'kept.example.com', sent: 8 },
    ]);
    // Only today in the window: the deleted domain sent nothing today and drops out.
    const today = await get<UsageReport>(sb, '/v1/usage?days=1');
    expect(today.byDomain).toEqual([{ domainId: kept.id, domain: 'kept.example.com', sent: 1 }]);
    expect(today.byUser.map((u) => [u.login, u.sent])).toEqual([['a@kept.example.com', 1]]);
  });
});

describe('GET /v1/events', () => {
  it('lists what happened, oldest first, with ids to page on', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'events.example.com');
    const { user } = await createSmtpUser(sb, domain.id, 'ev');
    const base = `/v1/domains/${domain.id}/smtp-users/${user.id}`;
    await sb.request(`${base}/password`, { method: 'PUT', body: { password: 'a-fresh-password' } });
    await sb.request(base, { method: 'DELETE' });

    const { events } = await get<{ events: SandboxEvent[] }>(sb, '/v1/events');
    const ref = {
      userId: user.id,
      login: 'ev@events.example.com',
      domainId: domain.id,
      domain: 'events.example.com',
    };
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ['domain_added', { domainId: domain.id, domain: 'events.example.com' }],
      ['domain_verified', { domainId: domain.id, domain: 'events.example.com' }],
      ['smtp_user_created', ref],
      ['password_reset', ref],
      ['smtp_user_deleted', { ...ref, reason: 'deleted' }],
    ]);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    for (const e of events) expect(Number.isNaN(Date.parse(e.at))).toBe(false);

    const after = await get<{ events: SandboxEvent[] }>(sb, `/v1/events?after=${ids[2]}`);
    expect(after.events.map((e) => e.type)).toEqual(['password_reset', 'smtp_user_deleted']);
    expect((await get<{ events: unknown[] }>(sb, `/v1/events?after=${ids.at(-1)}`)).events).toEqual(
      [],
    );
    for (const bad of ['-1', 'x', '1e3']) {
      expect((await get<{ code: string }>(sb, `/v1/events?after=${bad}`, 400)).code).toBe(
        'invalid_request',
      );
    }
  });

  it('pages by 500', async () => {
    const sb = await startTestSandbox(cleanup);
    const account = await accountId(sb);
    const store = sb.sandbox.store;
    store.db.transaction(() => {
      for (let i = 0; i < 620; i++) {
        store.events.append(account, 'domain_added', {
          domainId: `dom_${i}`,
          domain: `d${i}.test`,
        });
      }
    })();
    const first = await get<{ events: SandboxEvent[] }>(sb, '/v1/events');
    expect(first.events).toHaveLength(500);
    const rest = await get<{ events: SandboxEvent[] }>(
      sb,
      `/v1/events?after=${first.events.at(-1)?.id}`,
    );
    expect(rest.events).toHaveLength(120);
  });
});
