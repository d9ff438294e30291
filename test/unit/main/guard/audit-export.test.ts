import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../src/sandbox/start';
import { createCleanup } from '../../helpers/temp-dir';
import { call, sendThrough, startGuardCore, verifyInSandbox } from '../../helpers/guard-core';
import { parseCsv } from '../../../../src/shared/csv';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

describe('the audit log and CSV exports', () => {
  it('records every action with its time and account, and exports it as CSV', async () => {
    const { core } = await startGuardCore(cleanup);
    const sandbox = core.sandbox as RunningSandbox;
    const domain = await call(core, 'domains:add', { name: 'audit.example.test' });
    await call(core, 'domains:verify', { domainId: domain.id });
    await verifyInSandbox(core, sandbox, domain);
    const created = await call(core, 'smtp:create', {
      domainId: domain.id,
      login: 'crm',
      note: '=HYPERLINK("x"), "quoted"',
      whereUsed: 'Zapier; HubSpot',
    });
    await call(core, 'smtp:reset-password', {
      domainId: domain.id,
      userId: created.user.id,
      password: 'a-long-new-secret-9876',
    });
    await call(core, 'smtp:set-note', {
      domainId: domain.id,
      userId: created.user.id,
      note: 'CRM',
    });
    await call(core, 'smtp:delete', { domainId: domain.id, userId: created.user.id });
    await call(core, 'domains:delete', { domainId: domain.id });
    await call(core, 'settings:update', { clipboardClearSeconds: 30 });

    const { entries, nextBeforeId } = await call(core, 'audit:list', {});
    expect(nextBeforeId).toBeNull();
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['settings_changed', 'clipboardClearSeconds'],
      ['domain_deleted', 'audit.example.test'],
      ['smtp_user_deleted', 'crm@audit.example.test'],
      ['smtp_note_changed', 'crm@audit.example.test'],
      ['smtp_password_reset', 'crm@audit.example.test'],
      ['smtp_user_created', 'crm@audit.example.test'],
      ['domain_verify', 'audit.example.test'],
      ['domain_added', 'audit.example.test'],
    ]);
    expect(
      entries.every((e) => e.accountId === 'sandbox' && e.accountLabel === 'Embedded sandbox'),
    ).toBe(true);
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('a-long-new-secret-9876');

    const page = await call(core, 'audit:list', { limit: 3 });
    expect(page.entries).toHaveLength(3);
    const rest = await call(core, 'audit:list', { limit: 10, beforeId: page.nextBeforeId ?? 0 });
    expect(rest.entries.map((e) => e.action)).toEqual(entries.slice(3).map((e) => e.action));

    const exported = await call(core, 'audit:export-csv', {});
    expect(exported.filename).toMatch(/^kyrios-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.rows).toBe(8);
    const rows = parseCsv(exported.csv);
    expect(rows[0]).toEqual(['time_utc', 'account', 'account_id', 'action', 'target', 'details']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(entries.map((e) => e.action).reverse());
    const createdRow = rows.find((r) => r[3] === 'smtp_user_created');
    // The note and where it is used made it through intact, defused for spreadsheets only where
    // a cell starts.
    expect(createdRow?.[5]).toBe(
      'domain=audit.example.test; note==HYPERLINK("x"), "quoted"; whereUsed=Zapier; HubSpot',
    );
  });

  it('exports usage as CSV per day, per user and per domain', async () => {
    const { core } = await startGuardCore(cleanup);
    const sandbox = core.sandbox as RunningSandbox;
    const domain = await call(core, 'domains:add', { name: 'usage.example.test' });
    await verifyInSandbox(core, sandbox, domain);
    const a = await call(core, 'smtp:create', { domainId: domain.id, login: 'a' });
    const b = await call(core, 'smtp:create', { domainId: domain.id, login: 'b' });
    sendThrough(sandbox, a.user.id, 7);
    sendThrough(sandbox, b.user.id, 5);

    const byDay = await call(core, 'usage:export-csv', { days: 3 });
    const days = parseCsv(byDay.csv);
    expect(days[0]).toEqual(['day_utc', 'sent', 'daily_limit', 'remaining']);
    expect(days).toHaveLength(4);
    expect(days.at(-1)?.slice(1)).toEqual(['12', '1500', '1488']);
    expect(byDay.filename).toMatch(/^kyrios-usage-embedded-sandbox-by-day-/);

    const byUser = parseCsv((await call(core, 'usage:export-csv', { by: 'user' })).csv);
    expect(byUser).toEqual([
      ['login', 'domain', 'sent', 'deleted'],
      ['a@usage.example.test', 'usage.example.test', '7', 'false'],
      ['b@usage.example.test', 'usage.example.test', '5', 'false'],
    ]);
    const byDomain = parseCsv((await call(core, 'usage:export-csv', { by: 'domain' })).csv);
    expect(byDomain).toEqual([
      ['domain', 'sent'],
      ['usage.example.test', '12'],
    ]);
  });
});
