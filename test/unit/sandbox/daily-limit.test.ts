import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxEvent } from '../../../src/sandbox/store/events';
import type { UsageReport } from '../../../src/sandbox/store/usage';
import {
  accountId,
  addVerifiedDomain,
  createSmtpUser,
  submissionTransport,
  type CreatedUser,
} from '../helpers/sandbox-smtp';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

interface Usage extends UsageReport {
  dailyLimit: number;
  today: { day: string; sent: number; remaining: number };
}

async function json<T>(sb: TestSandbox, path: string): Promise<T> {
  const response = await sb.request(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function revocations(sb: TestSandbox): Promise<SandboxEvent[]> {
  const { events } = await json<{ events: SandboxEvent[] }>(sb, '/v1/events');
  return events.filter((e) => e.type === 'credentials_revoked_daily_limit');
}

function recipients(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}@example.org`);
}

/** Counts `count` recipients for the user straight in the store (no SMTP), as earlier sending would. */
function preCount(sb: TestSandbox, account: string, userId: string, count: number): void {
  for (let i = 0; i < count; i++) {
    expect(sb.sandbox.store.sending.reserve(account, userId).ok).toBe(true);
  }
}

async function send(sb: TestSandbox, sender: CreatedUser, to: string[]) {
  const transport = submissionTransport(sb, { user: sender.user.login, pass: sender.password });
  cleanup.add(() => transport.close());
  return transport.sendMail({ from: sender.user.login, to, subject: 'x', text: 'x' });
}

describe('the daily limit of 1,500 emails per account', () => {
  it('20 parallel sessions sending 1,600 recipients: exactly 1,500 accepted, every SMTP user deleted, the event with every login, usage intact', async () => {
    const sb = await startTestSandbox(cleanup);
    const account = await accountId(sb);
    const domains = await Promise.all(
      ['d1', 'd2', 'd3', 'd4', 'idle'].map((d) => addVerifiedDomain(sb, `${d}.example.com`)),
    );
    const senders: CreatedUser[] = [];
    for (const domain of domains.slice(0, 4)) {
      for (let i = 1; i <= 5; i++) senders.push(await createSmtpUser(sb, domain.id, `user${i}`));
    }
    const idleDomain = domains[4];
    if (!idleDomain) throw new Error('no idle domain');
    const idle = await createSmtpUser(sb, idleDomain.id, 'nobody');

    // 20 sessions at once, each sending 8 messages of 10 recipients: 1,600 recipients.
    const outcomes = await Promise.all(
      senders.map(async (sender, s) => {
        const transport = submissionTransport(sb, {
          user: sender.user.login,
          pass: sender.password,
        });
        let accepted = 0;
        let refused = 0;
        for (let m = 0; m < 8; m++) {
          try {
            const info = await transport.sendMail({
              from: sender.user.login,
              to: recipients(`s${s}m${m}`, 10),
              subject: `message ${m}`,
              text: 'hello',
            });
            accepted += info.accepted.length;
            refused += info.rejected.length;
          } catch {
            refused += 10;
          }
        }
        transport.close();
        return { accepted, refused };
      }),
    );
    const accepted = outcomes.reduce((n, o) => n + o.accepted, 0);
    expect(accepted).toBe(1500);
    expect(outcomes.reduce((n, o) => n + o.refused, 0)).toBe(100);

    // Every SMTP user of every domain is gone, the idle domain's too.
    for (const domain of domains) {
      const { users } = await json<{ users: unknown[] }>(sb, `/v1/domains/${domain.id}/smtp-users`);
      expect(users).toEqual([]);
    }
    const [event, ...more] = await revocations(sb);
    expect(more).toEqual([]);
    const allLogins = [...senders, idle].map((u) => u.user.login).sort();
    if (event?.type !== 'credentials_revoked_daily_limit') throw new Error('no revocation event');
    const detail = event.detail as { logins: string[]; sent: number; dailyLimit: number };
    expect([...detail.logins].sort()).toEqual(allLogins);
    expect(detail).toMatchObject({ sent: 1500, dailyLimit: 1500 });

    // Usage keeps every count, for deleted users too.
    const usage = await json<Usage>(sb, '/v1/usage?days=1');
    expect(usage.today).toMatchObject({ sent: 1500, remaining: 0 });
    expect(usage.days).toEqual([{ day: usage.today.day, sent: 1500 }]);
    expect(usage.byUser.reduce((n, u) => n + u.sent, 0)).toBe(1500);
    expect(usage.byUser.every((u) => u.deleted)).toBe(true);
    // Every sender that got a message through is listed; the idle user, deleted with nothing
    // sent, is not (nor a sender whose AUTH waited its turn until the limit had been reached).
    const sent = outcomes.filter((o) => o.accepted > 0).length;
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(usage.byUser).toHaveLength(sent);
    expect(usage.byUser.map((u) => u.login)).not.toContain(idle.user.login);
    expect(usage.byDomain.reduce((n, d) => n + d.sent, 0)).toBe(1500);
    const account1 = await json<{ sentToday: number }>(sb, '/v1/account');
    expect(account1.sentToday).toBe(1500);

    // Every accepted recipient is in a stored message.
    const stored = sb.sandbox.store.db
      .prepare('SELECT recipients FROM outbound_messages WHERE account_id = ?')
      .all(account) as { recipients: string }[];
    expect(stored.reduce((n, m) => n + (JSON.parse(m.recipients) as string[]).length, 0)).toBe(
      1500,
    );
  });

  it('allows reaching exactly 1,500; the next recipient is refused and revokes every credential', async () => {
    const sb = await startTestSandbox(cleanup);
    const account = await accountId(sb);
    const domain = await addVerifiedDomain(sb, 'edge.example.com');
    const sender = await createSmtpUser(sb, domain.id, 'sender');
    const other = await createSmtpUser(sb, domain.id, 'other');
    preCount(sb, account, other.user.id, 1497);

    const info = await send(sb, sender, recipients('last', 3));
    expect(info.accepted).toHaveLength(3);
    expect((await json<{ sentToday: number }>(sb, '/v1/account')).sentToday).toBe(1500);
    expect(await revocations(sb)).toEqual([]);
    expect(
      (await json<{ users: unknown[] }>(sb, `/v1/domains/${domain.id}/smtp-users`)).users,
    ).toHaveLength(2);

    const error = await send(sb, sender, ['over@example.org']).then(
      () => undefined,
      (e: unknown) => e as { responseCode?: number; rejectedErrors?: { response: string }[] },
    );
    expect(error).toBeDefined();
    expect(error?.rejectedErrors?.[0]?.response).toMatch(/^550 .*Daily sending limit/);
    expect((await json<{ sentToday: number }>(sb, '/v1/account')).sentToday).toBe(1500);
    const [event] = await revocations(sb);
    expect(event?.detail).toMatchObject({
      trigger: { userId: sender.user.id, login: sender.user.login },
      logins: [sender.user.login, other.user.login],
    });
    expect(
      (await json<{ users: unknown[] }>(sb, `/v1/domains/${domain.id}/smtp-users`)).users,
    ).toEqual([]);
  });

  it('delivers the recipients of a message accepted before the limit, refusing the rest of it', async () => {
    const sb = await startTestSandbox(cleanup);
    const account = await accountId(sb);
    const domain = await addVerifiedDomain(sb, 'partial.example.com');
    const sender = await createSmtpUser(sb, domain.id, 'sender');
    preCount(sb, account, sender.user.id, 1498);

    const info = await send(sb, sender, recipients('p', 5));
    expect(info.accepted).toEqual(['p-0@example.org', 'p-1@example.org']);
    expect(info.rejected).toEqual(['p-2@example.org', 'p-3@example.org', 'p-4@example.org']);
    const stored = sb.sandbox.store.db
      .prepare('SELECT recipients FROM outbound_messages')
      .all() as { recipients: string }[];
    expect(stored.map((m) => JSON.parse(m.recipients) as string[])).toEqual([
      ['p-0@example.org', 'p-1@example.org'],
    ]);
    const usage = await json<Usage>(sb, '/v1/usage');
    expect(usage.today.sent).toBe(1500);
    expect(usage.byUser).toEqual([
      expect.objectContaining({ login: sender.user.login, sent: 1500, deleted: true }),
    ]);
    expect(await revocations(sb)).toHaveLength(1);
  });

  it('counts per UTC day: a new day starts from zero, and the old day stays in usage', async () => {
    let now = new Date('2031-03-10T23:59:58.000Z');
    const sb = await startTestSandbox(cleanup, undefined, { now: () => now });
    const account = await accountId(sb);
    const domain = await addVerifiedDomain(sb, 'days.example.com');
    const sender = await createSmtpUser(sb, domain.id, 'sender');
    preCount(sb, account, sender.user.id, 1500);
    const before = await json<{ day: string; sentToday: number; resetsAt: string }>(
      sb,
      '/v1/account',
    );
    expect(before).toMatchObject({
      day: '2031-03-10',
      sentToday: 1500,
      resetsAt: '2031-03-11T00:00:00.000Z',
    });

    now = new Date('2031-03-11T00:00:01.000Z');
    const info = await send(sb, sender, ['new-day@example.org']);
    expect(info.accepted).toEqual(['new-day@example.org']);
    expect(await revocations(sb)).toEqual([]);
    const after = await json<{ day: string; sentToday: number; resetsAt: string }>(
      sb,
      '/v1/account',
    );
    expect(after).toMatchObject({
      day: '2031-03-11',
      sentToday: 1,
      resetsAt: '2031-03-12T00:00:00.000Z',
    });
    const usage = await json<Usage>(sb, '/v1/usage?days=2');
    expect(usage.days).toEqual([
      { day: '2031-03-10', sent: 1500 },
      { day: '2031-03-11', sent: 1 },
    ]);
    expect(usage.today).toEqual({ day: '2031-03-11', sent: 1, remaining: 1499 });
    expect(usage.byUser[0]).toMatchObject({ sent: 1501, deleted: false });
  });

  it('never lets the stored count pass 1,500, whatever the caller', async () => {
    // The CHECK on daily_sends is the last guard behind the transaction.
    const sb = await startTestSandbox(cleanup);
    const account = await accountId(sb);
    const day = new Date().toISOString().slice(0, 10);
    expect(() =>
      sb.sandbox.store.db
        .prepare('INSERT INTO daily_sends (account_id, day, sent) VALUES (?, ?, 1501)')
        .run(account, day),
    ).toThrow(/CHECK constraint failed/);
  });
});
