import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../../src/main/app-core';
import type { RunningSandbox } from '../../../../src/sandbox/start';
import { createCleanup } from '../../helpers/temp-dir';
import { createKyriosClient } from '../../../../src/main/kyrios/client';
import {
  call,
  sandboxAccountId,
  sendThrough,
  startGuardCore,
  verifyInSandbox,
} from '../../helpers/guard-core';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const DAY_MS = 86_400_000;

/** A core on the embedded sandbox whose clock the test moves. */
async function setup(start = '2026-05-01T09:00:00.000Z') {
  let sandboxNow = Date.parse(start);
  const started = await startGuardCore(cleanup, {
    sandbox: { now: () => new Date(sandboxNow) },
  });
  const sandbox = started.core.sandbox as RunningSandbox;
  return {
    ...started,
    sandbox,
    moveSandboxClock: (ms: number) => (sandboxNow += ms),
  };
}

async function verifiedDomainWithUsers(
  core: AppCore,
  sandbox: RunningSandbox,
  users: [string, string, string?][],
) {
  const domain = await call(core, 'domains:add', { name: 'example.test' });
  await verifyInSandbox(core, sandbox, domain);
  const created = [];
  for (const [login, note, whereUsed] of users) {
    created.push(
      await call(core, 'smtp:create', {
        domainId: domain.id,
        login,
        note,
        ...(whereUsed ? { whereUsed } : {}),
      }),
    );
  }
  return { domain, created };
}

describe('the limit guard through the contract', () => {
  it('warns at 80 % and 95 %: a push for the usage panel and a notification, each once', async () => {
    const { core, sandbox, pushed } = await setup();
    const { created } = await verifiedDomainWithUsers(core, sandbox, [['alice', 'CRM']]);
    const userId = created[0]?.user.id ?? '';

    expect(await call(core, 'guard:get', {})).toMatchObject({ sentToday: null, level: 'ok' });
    sendThrough(sandbox, userId, 1199);
    await call(core, 'account:get', {});
    expect(pushed.of('guard:warning')).toEqual([]);
    expect(await call(core, 'guard:get', {})).toMatchObject({ sentToday: 1199, level: 'ok' });

    sendThrough(sandbox, userId, 1);
    await call(core, 'account:get', {});
    expect(pushed.of('guard:warning')).toMatchObject([
      { threshold: 80, sentToday: 1200, dailyLimit: 1500, day: '2026-05-01' },
    ]);
    expect(pushed.of('notification:show')).toMatchObject([
      { kind: 'limit_warning', level: 'warning', accountId: 'sandbox' },
    ]);
    expect(pushed.of('guard:changed').at(-1)).toMatchObject({ sentToday: 1200, level: 'warning' });

    // Notifications off: the push still comes (the panel shows it), the notification does not.
    await call(core, 'settings:update', { notifications: false });
    sendThrough(sandbox, userId, 225);
    // A usage answer is a reading too.
    await call(core, 'usage:get', { days: 7 });
    expect(pushed.of('guard:warning').map((w) => w.threshold)).toEqual([80, 95]);
    expect(pushed.of('notification:show')).toHaveLength(1);

    await call(core, 'account:get', {});
    expect(pushed.of('guard:warning')).toHaveLength(2);
    expect(await call(core, 'guard:get', {})).toMatchObject({
      sentToday: 1425,
      remaining: 75,
      level: 'critical',
      warned: [80, 95],
      resetsAt: '2026-05-02T00:00:00.000Z',
    });
  });

  it('shows password age and the rotation reminder from the setting', async () => {
    const { core, sandbox, moveSandboxClock } = await setup('2026-01-01T09:00:00.000Z');
    const { domain } = await verifiedDomainWithUsers(core, sandbox, [['old', 'Legacy app']]);
    moveSandboxClock(100 * DAY_MS);
    await call(core, 'smtp:create', { domainId: domain.id, login: 'new' });
    // The app's clock is real; the sandbox's dates are what count for age.
    const list = await call(core, 'smtp:list', { domainId: domain.id });
    const byLogin = Object.fromEntries(list.users.map((u) => [u.login, u]));
    const oldAge = byLogin['old@example.test']?.passwordAgeDays ?? 0;
    const newAge = byLogin['new@example.test']?.passwordAgeDays ?? 0;
    expect(oldAge - newAge).toBe(100);
    expect(byLogin['old@example.test']?.rotationDue).toBe(oldAge >= 90);

    await call(core, 'settings:update', { rotationReminderDays: oldAge + 1 });
    const later = await call(core, 'smtp:list', { domainId: domain.id });
    expect(later.users.every((u) => u.rotationDue === false)).toBe(true);
    await call(core, 'settings:update', { rotationReminderDays: Math.max(1, newAge) });
    const due = await call(core, 'smtp:list', { domainId: domain.id });
    expect(due.users.map((u) => u.rotationDue)).toEqual([true, true]);
  });
});

describe('revocation by the daily-limit rule', () => {
  it('is noticed as soon as a reading shows the count at the limit, without listing users', async () => {
    const { core, sandbox, pushed } = await setup('2026-05-01T17:00:00.000Z');
    const { created } = await verifiedDomainWithUsers(core, sandbox, [['alice', 'CRM']]);
    expect(sendThrough(sandbox, created[0]?.user.id ?? '', 1501)).toBe(1500);
    const detected = pushed.next('revocation:detected');
    await call(core, 'account:get', {});
    expect(await detected).toMatchObject({
      day: '2026-05-01',
      count: 1,
      logins: ['alice@example.test'],
    });
  });

  it('lists every deleted login with its note, refuses Recreate until the day resets, then recreates', async () => {
    const { core, sandbox, pushed, moveSandboxClock } = await setup('2026-05-01T17:00:00.000Z');
    const { domain, created } = await verifiedDomainWithUsers(core, sandbox, [
      ['alice', 'Alice — warm-up service', 'Lemwarm, HubSpot sequences'],
      ['invoices', 'Billing system'],
    ]);
    const [alice] = created;
    if (!alice) throw new Error('no user');
    expect(sendThrough(sandbox, alice.user.id, 1501)).toBe(1500);

    const detected = pushed.next('revocation:detected');
    await call(core, 'smtp:list', { domainId: domain.id });
    expect(await detected).toMatchObject({
      day: '2026-05-01',
      count: 2,
      logins: expect.arrayContaining(['alice@example.test', 'invoices@example.test']) as unknown,
    });
    expect(pushed.of('notification:show')).toMatchObject([
      {
        kind: 'revocation',
        level: 'critical',
        title: 'All SMTP credentials were deleted: the daily limit was exceeded',
      },
    ]);

    const before = await call(core, 'revocation:list', {});
    expect(before.latest).toMatchObject({
      day: '2026-05-01',
      count: 2,
      sent: 1500,
      trigger: 'alice@example.test',
    });
    expect(
      before.users.map((u) => [u.login, u.domain, u.note, u.whereUsed, u.revokedOn, u.recreatedAs]),
    ).toEqual([
      [
        'alice@example.test',
        'example.test',
        'Alice — warm-up service',
        'Lemwarm, HubSpot sequences',
        '2026-05-01',
        null,
      ],
      ['invoices@example.test', 'example.test', 'Billing system', null, '2026-05-01', null],
    ]);
    expect(before.users.every((u) => u.inInventory && u.domainKnown)).toBe(true);
    expect(before.sending).toMatchObject({ possible: false, resetsAt: '2026-05-02T00:00:00.000Z' });
    expect(before.sending.reason).toMatch(/exceeded on 2026-05-01/);

    const early = await core.dispatch('smtp:recreate', { userId: alice.user.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'limit_not_reset' } });
    expect(early.ok ? '' : early.error.message).toMatch(/resets at 2026-05-02T00:00:00.000Z/);

    // The UTC day is over at the service.
    moveSandboxClock(8 * 3_600_000);
    const after = await call(core, 'revocation:list', {});
    expect(after.sending).toEqual({
      possible: true,
      reason: null,
      resetsAt: '2026-05-03T00:00:00.000Z',
    });
    const recreated = await call(core, 'smtp:recreate', { userId: alice.user.id });
    expect(recreated.replaces).toBe(alice.user.id);
    expect(recreated.user).toMatchObject({
      login: 'alice@example.test',
      domainId: domain.id,
      note: 'Alice — warm-up service',
      whereUsed: 'Lemwarm, HubSpot sequences',
    });
    expect(recreated.user.id).not.toBe(alice.user.id);
    expect(recreated.password.length).toBeGreaterThanOrEqual(24);
    expect(recreated.password).not.toBe(alice.password);

    const listed = await call(core, 'smtp:list', { domainId: domain.id });
    expect(listed.users.map((u) => [u.login, u.note, u.whereUsed])).toEqual([
      ['alice@example.test', 'Alice — warm-up service', 'Lemwarm, HubSpot sequences'],
    ]);
    const linked = await call(core, 'revocation:list', {});
    expect(linked.users.find((u) => u.id === alice.user.id)?.recreatedAs?.id).toBe(
      recreated.user.id,
    );
    expect(await core.dispatch('smtp:recreate', { userId: alice.user.id })).toMatchObject({
      ok: false,
      error: { code: 'smtp_user_exists' },
    });
    expect(await core.dispatch('smtp:recreate', { userId: recreated.user.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    const audit = await call(core, 'audit:list', {});
    expect(audit.entries[0]).toMatchObject({
      action: 'smtp_user_recreated',
      target: 'alice@example.test',
      accountId: 'sandbox',
      detail: {
        replaces: alice.user.id,
        note: 'Alice — warm-up service',
        whereUsed: 'Lemwarm, HubSpot sequences',
      },
    });
  });
});

describe('“Where it’s used”, kept locally beside the owner/purpose note', () => {
  it('is its own field: given at creation, edited with the note, listed, and audited', async () => {
    const { core, sandbox } = await setup();
    const { domain, created } = await verifiedDomainWithUsers(core, sandbox, [
      ['crm', 'Sales team (Anna)', 'HubSpot'],
    ]);
    const user = created[0]?.user;
    if (!user) throw new Error('no user');
    expect(user).toMatchObject({ note: 'Sales team (Anna)', whereUsed: 'HubSpot' });

    // Only the place changes: the note stays, one audit entry for it.
    const moved = await call(core, 'smtp:set-note', {
      domainId: domain.id,
      userId: user.id,
      note: 'Sales team (Anna)',
      whereUsed: '  HubSpot, Zapier  ',
    });
    expect(moved).toMatchObject({ note: 'Sales team (Anna)', whereUsed: 'HubSpot, Zapier' });
    // Without `whereUsed` the note changes alone.
    await call(core, 'smtp:set-note', { domainId: domain.id, userId: user.id, note: 'Anna' });
    const listed = await call(core, 'smtp:list', { domainId: domain.id });
    expect(listed.users.map((u) => [u.note, u.whereUsed])).toEqual([['Anna', 'HubSpot, Zapier']]);
    // Blank clears it.
    const cleared = await call(core, 'smtp:set-note', {
      domainId: domain.id,
      userId: user.id,
      note: 'Anna',
      whereUsed: ' ',
    });
    expect(cleared).toMatchObject({ note: 'Anna', whereUsed: null });

    const { entries } = await call(core, 'audit:list', {});
    expect(entries.slice(0, 4).map((e) => [e.action, e.target, e.detail])).toEqual([
      ['smtp_where_used_changed', 'crm@example.test', { domain: 'example.test', whereUsed: null }],
      ['smtp_note_changed', 'crm@example.test', { domain: 'example.test', note: 'Anna' }],
      [
        'smtp_where_used_changed',
        'crm@example.test',
        { domain: 'example.test', whereUsed: 'HubSpot, Zapier' },
      ],
      [
        'smtp_user_created',
        'crm@example.test',
        { domain: 'example.test', note: 'Sales team (Anna)', whereUsed: 'HubSpot' },
      ],
    ]);
    expect(
      await core.dispatch('smtp:set-note', {
        domainId: domain.id,
        userId: user.id,
        note: null,
        whereUsed: 'x'.repeat(501),
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

describe('revoked logins the app never listed', () => {
  it('are in the banner from the event: the domain from the login, Recreate once the domain is known', async () => {
    const { core, sandbox, pushed, moveSandboxClock } = await setup('2026-05-01T17:00:00.000Z');
    const { domain, created } = await verifiedDomainWithUsers(core, sandbox, [
      ['alice', 'Alice', 'Warm-up service'],
    ]);
    const alice = created[0]?.user;
    if (!alice) throw new Error('no user');

    // Elsewhere (the dashboard, another tool): a login on the same domain, and a whole domain
    // with its login, none of which this app lists before the rule deletes them.
    const dashboard = createKyriosClient({ baseUrl: sandbox.api, apiKey: sandbox.apiKey });
    const ops = await dashboard.createSmtpUser(domain.id, 'ops');
    const other = await dashboard.createDomain('other.test');
    sandbox.store.domains.applyVerification(
      sandboxAccountId(sandbox),
      other.id,
      other.records.map((r) => ({ recordId: r.id, status: 'pass', codes: ['ok'] })),
    );
    const news = await dashboard.createSmtpUser(other.id, 'news');

    expect(sendThrough(sandbox, alice.id, 1501)).toBe(1500);
    const detected = pushed.next('revocation:detected');
    await call(core, 'account:get', {});
    expect((await detected).count).toBe(3);

    const view = await call(core, 'revocation:list', {});
    expect(view.latest?.count).toBe(3);
    const row = (login: string) => view.users.find((u) => u.login === login);
    expect(view.users.map((u) => u.login).sort()).toEqual([
      'alice@example.test',
      'news@other.test',
      'ops@example.test',
    ]);
    expect(row('alice@example.test')).toMatchObject({
      inInventory: true,
      domainKnown: true,
      note: 'Alice',
      whereUsed: 'Warm-up service',
    });
    expect(row('ops@example.test')).toEqual({
      id: ops.user.id,
      login: 'ops@example.test',
      domainId: domain.id,
      domain: 'example.test',
      domainKnown: true,
      inInventory: false,
      note: null,
      whereUsed: null,
      createdAt: null,
      deletedAt: view.latest?.at,
      revokedOn: '2026-05-01',
      recreatedAs: null,
    });
    expect(row('news@other.test')).toMatchObject({
      id: news.user.id,
      domainId: null,
      domain: 'other.test',
      domainKnown: false,
      inInventory: false,
    });

    moveSandboxClock(8 * 3_600_000);
    const unknownDomain = await core.dispatch('smtp:recreate', { userId: news.user.id });
    expect(unknownDomain).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(unknownDomain.ok ? '' : unknownDomain.error.message).toMatch(
      /other\.test is not on the account/,
    );

    const recreatedOps = await call(core, 'smtp:recreate', { userId: ops.user.id });
    expect(recreatedOps).toMatchObject({
      replaces: ops.user.id,
      user: { login: 'ops@example.test', domainId: domain.id, note: null, whereUsed: null },
    });
    expect(recreatedOps.password.length).toBeGreaterThanOrEqual(24);
    expect(await core.dispatch('smtp:recreate', { userId: ops.user.id })).toMatchObject({
      ok: false,
      error: { code: 'smtp_user_exists' },
    });
    const listed = await call(core, 'smtp:list', { domainId: domain.id });
    expect(listed.users.map((u) => u.login)).toEqual(['ops@example.test']);

    // Once the app lists the account's domains, other.test is known and its login comes back too.
    await call(core, 'domains:list', {});
    const known = await call(core, 'revocation:list', {});
    const newsRow = known.users.find((u) => u.id === news.user.id);
    expect(newsRow).toMatchObject({ domainId: other.id, domainKnown: true });
    expect(known.users.find((u) => u.id === ops.user.id)?.recreatedAs?.id).toBe(
      recreatedOps.user.id,
    );
    const recreatedNews = await call(core, 'smtp:recreate', { userId: news.user.id });
    expect(recreatedNews.user).toMatchObject({ login: 'news@other.test', domainId: other.id });
    const audit = await call(core, 'audit:list', {});
    expect(audit.entries[0]).toMatchObject({
      action: 'smtp_user_recreated',
      target: 'news@other.test',
      detail: { domain: 'other.test', replaces: news.user.id },
    });
  });
});
