import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../../src/main/app-core';
import type {
  AccountView,
  SmtpUserListView,
  SmtpUserView,
  UsageView,
  Verified,
} from '../../../../src/shared/contract';
import type { Domain } from '../../../../src/shared/domain';
import type { Result } from '../../../../src/shared/errors';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createSmtpUsersRepo } from '../../../../src/main/db/smtp-users-repo';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';
import { startVerificationDns, type VerificationDns } from '../../helpers/sandbox-dns';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

let core: AppCore;
let dataDir: string;
let dns: VerificationDns;

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function verifiedDomain(name: string): Promise<Domain> {
  const domain = value<Domain>(await core.dispatch('domains:add', { name }));
  dns.publish(domain);
  const verified = value<Verified>(await core.dispatch('domains:verify', { domainId: domain.id }));
  expect(verified.domain.status).toBe('verified');
  return verified.domain;
}

function inventory() {
  const db = openAppDatabase(dataDir);
  try {
    return createSmtpUsersRepo(db).all('sandbox');
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  dns = await startVerificationDns(cleanup, ['example.test']);
  const temp = makeTempDir('kyrios-credentials-');
  cleanup.add(() => temp.remove());
  dataDir = temp.dir;
  core = await createAppCore({
    dataDir,
    mode: 'browser',
    version: '0.0.0-test',
    dns: { authoritative: dns.dns.authoritative ?? [], resolvers: dns.dns.resolvers ?? [] },
  });
  cleanup.add(() => core.close());
});

describe('Verify Now', () => {
  it('verifies at the service and diagnoses locally in one call', async () => {
    const domain = value<Domain>(await core.dispatch('domains:add', { name: 'example.test' }));
    const before = value<Verified>(await core.dispatch('domains:verify', { domainId: domain.id }));
    expect(before.domain.status).toBe('pending');
    expect(before.check?.records.find((r) => r.purpose === 'verification')?.codes).toEqual([
      'missing',
    ]);
    dns.publish(domain);
    const after = value<Verified>(await core.dispatch('domains:verify', { domainId: domain.id }));
    expect(after.domain.status).toBe('verified');
    expect(after.check?.status).not.toBe('fail');
    const list = value<{ domains: Domain[] }>(await core.dispatch('domains:list', {}));
    expect(list.domains[0]?.status).toBe('verified');
  });
});

describe('SMTP credentials', () => {
  it('creates, lists with the local note, resets, deletes, and keeps the inventory (never a password)', async () => {
    const domain = await verifiedDomain('example.test');
    const created = value<{ user: SmtpUserView; password: string }>(
      await core.dispatch('smtp:create', {
        domainId: domain.id,
        login: 'alice',
        note: ' Alice — warm-up tool ',
      }),
    );
    expect(created.user).toMatchObject({
      login: 'alice@example.test',
      note: 'Alice — warm-up tool',
    });
    expect(created.password.length).toBeGreaterThanOrEqual(24);

    const listed = value<SmtpUserListView>(
      await core.dispatch('smtp:list', { domainId: domain.id }),
    );
    expect(listed).toMatchObject({ limit: 5, source: 'live' });
    expect(listed.users.map((u) => [u.login, u.note])).toEqual([
      ['alice@example.test', 'Alice — warm-up tool'],
    ]);

    expect(
      await core.dispatch('smtp:reset-password', {
        domainId: domain.id,
        userId: created.user.id,
        password: 'alice-is-here-1234',
      }),
    ).toMatchObject({ ok: false, error: { code: 'weak_password' } });
    const reset = value<SmtpUserView>(
      await core.dispatch('smtp:reset-password', {
        domainId: domain.id,
        userId: created.user.id,
        password: 'a-much-longer-secret-42',
      }),
    );
    expect(reset.passwordChangedAt >= created.user.passwordChangedAt).toBe(true);

    const noted = value<SmtpUserView>(
      await core.dispatch('smtp:set-note', {
        domainId: domain.id,
        userId: created.user.id,
        note: 'CRM',
      }),
    );
    expect(noted.note).toBe('CRM');

    value(await core.dispatch('smtp:delete', { domainId: domain.id, userId: created.user.id }));
    expect(
      value<SmtpUserListView>(await core.dispatch('smtp:list', { domainId: domain.id })).users,
    ).toEqual([]);
    const kept = inventory();
    expect(kept).toMatchObject([
      { login: 'alice@example.test', note: 'CRM', deletedReason: 'deleted' },
    ]);
    expect(JSON.stringify(kept)).not.toContain(created.password);
  });

  it('refuses a sixth user and an unverified domain with the service codes', async () => {
    const unverified = value<Domain>(await core.dispatch('domains:add', { name: 'example.test' }));
    expect(
      await core.dispatch('smtp:create', { domainId: unverified.id, login: 'a' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'domain_not_verified' },
    });
    dns.publish(unverified);
    value(await core.dispatch('domains:verify', { domainId: unverified.id }));
    for (const login of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      value(await core.dispatch('smtp:create', { domainId: unverified.id, login }));
    }
    expect(
      await core.dispatch('smtp:create', { domainId: unverified.id, login: 'u6' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'smtp_user_limit' },
    });
    expect(
      await core.dispatch('smtp:create', { domainId: unverified.id, login: 'u1' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'smtp_user_exists' },
    });
  });

  it('shows the last known credentials, account and usage when Kyrios is unreachable', async () => {
    const domain = await verifiedDomain('example.test');
    value(await core.dispatch('smtp:create', { domainId: domain.id, login: 'bob', note: 'Bob' }));
    const account = value<AccountView>(await core.dispatch('account:get', {}));
    expect(account.account).toMatchObject({ dailyLimit: 1500, sentToday: 0 });
    value<UsageView>(await core.dispatch('usage:get', { days: 30 }));

    await core.sandbox?.close();
    const users = value<SmtpUserListView>(
      await core.dispatch('smtp:list', { domainId: domain.id }),
    );
    expect(users).toMatchObject({
      source: 'cache',
      users: [{ login: 'bob@example.test', note: 'Bob' }],
    });
    expect(users.offlineReason).toMatch(/could not be reached/);
    expect(value<AccountView>(await core.dispatch('account:get', {}))).toMatchObject({
      source: 'cache',
      account: { dailyLimit: 1500 },
    });
    expect(value<UsageView>(await core.dispatch('usage:get', { days: 30 }))).toMatchObject({
      source: 'cache',
      usage: { dailyLimit: 1500 },
    });
    expect(
      await core.dispatch('smtp:create', { domainId: domain.id, login: 'carol' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
  });

  it('marks every login deleted by the daily-limit rule, with that reason, from the event feed', async () => {
    const domain = await verifiedDomain('example.test');
    const a = value<{ user: SmtpUserView; password: string }>(
      await core.dispatch('smtp:create', {
        domainId: domain.id,
        login: 'sender',
        note: 'Newsletter',
      }),
    );
    value(
      await core.dispatch('smtp:create', { domainId: domain.id, login: 'other', note: 'Invoices' }),
    );
    const account = value<AccountView>(await core.dispatch('account:get', {}));
    const smtp = account.account?.smtp;
    if (!smtp) throw new Error('no SMTP address');

    // One message to 1,501 recipients: the 1,501st is refused and the rule deletes every user.
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: a.user.login, pass: a.password },
    });
    cleanup.add(() => transport.close());
    const to = Array.from({ length: 1501 }, (_, i) => `r${i}@elsewhere.test`);
    const info = await transport
      .sendMail({ from: a.user.login, to, subject: 'hi', text: 'hello' })
      .catch((e: unknown) => e);
    expect(info).toBeTruthy();

    const changed = new Promise<void>((resolve) =>
      core.events.subscribe((name) => name === 'smtp:changed' && resolve()),
    );
    const listed = value<SmtpUserListView>(
      await core.dispatch('smtp:list', { domainId: domain.id }),
    );
    await changed;
    expect(listed.users).toEqual([]);
    const lost = inventory().sort((x, y) => x.login.localeCompare(y.login));
    expect(lost.map((u) => [u.login, u.note, u.deletedReason])).toEqual([
      ['other@example.test', 'Invoices', 'daily_limit'],
      ['sender@example.test', 'Newsletter', 'daily_limit'],
    ]);
    const usage = value<UsageView>(await core.dispatch('usage:get', {}));
    expect(usage.usage?.today).toMatchObject({ sent: 1500, remaining: 0 });
  });
});
