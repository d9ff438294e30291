import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../../src/shared/domain';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createDomainsRepo } from '../../../../src/main/db/domains-repo';

let dir: string;
let db: SqliteDatabase;

function domain(id: string, name: string, records = 2): Domain {
  return {
    id,
    name,
    status: 'pending',
    createdAt: '2026-11-26T10:00:00.000Z',
    verifiedAt: null,
    lastCheckedAt: null,
    records: Array.from({ length: records }, (_, i) => ({
      id: `${id}-r${i}`,
      purpose: i === 0 ? 'mx' : 'spf',
      type: i === 0 ? 'MX' : 'TXT',
      name,
      value: i === 0 ? 'mx.kyrios.test' : 'v=spf1 include:spf.kyrios.test ~all',
      ...(i === 0 ? { priority: 10 } : {}),
      required: i === 0,
      status: 'pending',
    })),
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyrios-repo-'));
  db = openAppDatabase(dir);
  const accounts = createAccountsRepo(db);
  accounts.ensure({
    id: 'acc',
    kind: 'sandbox',
    label: 'Embedded sandbox',
    baseUrl: 'http://127.0.0.1:1',
  });
  accounts.ensure({ id: 'other', kind: 'remote', label: 'Other', baseUrl: 'https://api.example' });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('domains repository', () => {
  it('round-trips domains with their records in order, priority and required intact', () => {
    const repo = createDomainsRepo(db);
    const input = [domain('d2', 'b.example'), domain('d1', 'a.example', 3)];
    repo.replaceAll('acc', input, '2026-11-26T11:00:00.000Z');
    expect(repo.list('acc')).toEqual([input[1], input[0]]);
    expect(repo.lastSyncedAt('acc')).toBe('2026-11-26T11:00:00.000Z');
  });

  it('drops domains the service no longer lists, and keeps other accounts apart', () => {
    const repo = createDomainsRepo(db);
    repo.replaceAll('acc', [domain('d1', 'a.example'), domain('d2', 'b.example')], 't1');
    repo.replaceAll('other', [domain('d9', 'z.example')], 't1');
    repo.replaceAll('acc', [domain('d2', 'b.example', 1)], 't2');
    expect(repo.list('acc').map((d) => [d.id, d.records.length])).toEqual([['d2', 1]]);
    expect(repo.list('other').map((d) => d.id)).toEqual(['d9']);
    expect(
      db.prepare("SELECT COUNT(*) AS n FROM domain_records WHERE account_id = 'acc'").get(),
    ).toEqual({ n: 1 });
  });

  it('takes a domain that came back under a new id with the same name', () => {
    const repo = createDomainsRepo(db);
    repo.replaceAll('acc', [domain('dom_old', 'a.example')], 't1');
    repo.replaceAll('acc', [domain('dom_new', 'a.example')], 't2');
    expect(repo.list('acc').map((d) => d.id)).toEqual(['dom_new']);
  });

  it('survives a reopen of the database file', () => {
    createDomainsRepo(db).upsert('acc', domain('d1', 'a.example'), 't1');
    db.close();
    db = openAppDatabase(dir);
    expect(createDomainsRepo(db).list('acc')).toEqual([domain('d1', 'a.example')]);
  });

  it('writes all or nothing: a failing record leaves the previous state', () => {
    const repo = createDomainsRepo(db);
    repo.replaceAll('acc', [domain('d1', 'a.example')], 't1');
    const broken = domain('d2', 'b.example');
    (broken.records[1] as { type: string }).type = 'A';
    expect(() => repo.replaceAll('acc', [domain('d1', 'a.example', 1), broken], 't2')).toThrow(
      /CHECK/,
    );
    expect(repo.list('acc')).toEqual([domain('d1', 'a.example')]);
  });

  it('has no domains for an account never synced', () => {
    const repo = createDomainsRepo(db);
    expect(repo.list('acc')).toEqual([]);
    expect(repo.lastSyncedAt('acc')).toBeNull();
  });
});
