import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration003 } from '../../../../src/main/db/migrations/003-inventory';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createSmtpUsersRepo } from '../../../../src/main/db/smtp-users-repo';
import { createSnapshotsRepo } from '../../../../src/main/db/snapshots-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

const user = (id: string, login: string, changed = '2026-11-26T10:00:00.000Z') => ({
  id,
  login,
  createdAt: '2026-11-26T10:00:00.000Z',
  passwordChangedAt: changed,
});

beforeEach(() => {
  temp = makeTempDir('kyrios-inventory-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

describe('migration 003: inventory', () => {
  it('is the third app migration; deletion time and reason go together', () => {
    expect(appMigrations[2]).toBe(migration003);
    expect(() =>
      db.exec(
        "INSERT INTO smtp_users (account_id, id, domain_id, domain, login, created_at, password_changed_at, note, first_seen_at, last_seen_at, deleted_at, deleted_reason) VALUES ('acc','u','d','x.test','a@x.test','t','t',NULL,'t','t','t',NULL)",
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec(
        "INSERT INTO smtp_users (account_id, id, domain_id, domain, login, created_at, password_changed_at, note, first_seen_at, last_seen_at, deleted_at, deleted_reason) VALUES ('acc','u','d','x.test','a@x.test','t','t',NULL,'t','t','t','stolen')",
      ),
    ).toThrow(/CHECK/);
  });
});

describe('SMTP users inventory', () => {
  it('syncs a domain: new users stored, missing ones marked, notes kept, revived when back', () => {
    const repo = createSmtpUsersRepo(db);
    repo.add('acc', 'd1', 'x.test', user('u1', 'a@x.test'), 'Alice', 't0');
    repo.syncDomain('acc', 'd1', 'x.test', [user('u1', 'a@x.test'), user('u2', 'b@x.test')], 't1');
    expect(repo.active('acc', 'd1').map((u) => [u.login, u.note])).toEqual([
      ['a@x.test', 'Alice'],
      ['b@x.test', null],
    ]);
    repo.syncDomain('acc', 'd1', 'x.test', [user('u2', 'b@x.test')], 't2');
    expect(repo.get('acc', 'u1')).toMatchObject({
      deletedAt: 't2',
      deletedReason: 'missing',
      note: 'Alice',
    });
    repo.syncDomain('acc', 'd1', 'x.test', [user('u1', 'a@x.test'), user('u2', 'b@x.test')], 't3');
    expect(repo.get('acc', 'u1')).toMatchObject({ deletedAt: null, deletedReason: null });
  });

  it('gives a user seen as missing the real reason later, but never overwrites a real reason', () => {
    const repo = createSmtpUsersRepo(db);
    repo.add('acc', 'd1', 'x.test', user('u1', 'a@x.test'), null, 't0');
    repo.add('acc', 'd1', 'x.test', user('u2', 'b@x.test'), null, 't0');
    repo.syncDomain('acc', 'd1', 'x.test', [user('u2', 'b@x.test')], 't1');
    expect(repo.markDeleted('acc', ['u1', 'u2'], 'daily_limit', 't2')).toBe(2);
    expect(repo.get('acc', 'u1')).toMatchObject({ deletedReason: 'daily_limit', deletedAt: 't2' });
    expect(repo.markDeleted('acc', ['u1'], 'deleted', 't3')).toBe(0);
    expect(repo.get('acc', 'u1')).toMatchObject({ deletedReason: 'daily_limit' });
  });

  it('marks a deleted domain’s users and keeps them readable after a reopen', () => {
    const repo = createSmtpUsersRepo(db);
    repo.add('acc', 'd1', 'x.test', user('u1', 'a@x.test'), 'CRM', 't0');
    expect(repo.markDomainDeleted('acc', 'd1', 't1')).toBe(1);
    db.close();
    db = openAppDatabase(temp.dir);
    expect(createSmtpUsersRepo(db).all('acc')).toMatchObject([
      { login: 'a@x.test', note: 'CRM', deletedReason: 'domain_deleted' },
    ]);
  });
});

describe('snapshots', () => {
  it('keeps the last value per key with when it was synced', () => {
    const repo = createSnapshotsRepo(db);
    expect(repo.get('acc', 'account')).toBeNull();
    repo.put('acc', 'account', { sentToday: 3 }, 't1');
    repo.put('acc', 'account', { sentToday: 4 }, 't2');
    expect(repo.get('acc', 'account')).toEqual({ value: { sentToday: 4 }, syncedAt: 't2' });
  });
});
