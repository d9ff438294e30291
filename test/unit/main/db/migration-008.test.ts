import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../../../src/sqlite/open-database';
import { migrate } from '../../../../src/sqlite/migrate';
import { APP_DATABASE_FILE, openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration008 } from '../../../../src/main/db/migrations/008-where-used';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createSmtpUsersRepo } from '../../../../src/main/db/smtp-users-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

const user = (id: string, login: string) => ({
  id,
  login,
  createdAt: '2026-11-26T10:00:00.000Z',
  passwordChangedAt: '2026-11-26T10:00:00.000Z',
});

beforeEach(() => {
  temp = makeTempDir('kyrios-m008-');
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

describe('migration 008: where it is used', () => {
  it('is the eighth app migration; users stored before it keep their note, with no place yet', () => {
    expect(appMigrations[7]).toBe(migration008);
    // A database as version 7 left it.
    db = openDatabase(join(temp.dir, APP_DATABASE_FILE));
    migrate(db, appMigrations.slice(0, 7));
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
    db.exec(
      "INSERT INTO smtp_users (account_id, id, domain_id, domain, login, created_at, password_changed_at, note, first_seen_at, last_seen_at) VALUES ('acc', 'u1', 'd1', 'x.test', 'a@x.test', 't', 't', 'Alice', 't', 't')",
    );
    db.close();

    db = openAppDatabase(temp.dir);
    const repo = createSmtpUsersRepo(db);
    expect(repo.get('acc', 'u1')).toMatchObject({ note: 'Alice', whereUsed: null });
  });

  it('keeps the place apart from the note: set, kept across a sync, cleared', () => {
    db = openAppDatabase(temp.dir);
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
    const repo = createSmtpUsersRepo(db);
    repo.add('acc', 'd1', 'x.test', user('u1', 'a@x.test'), 'Alice', 't0', 'HubSpot');
    repo.add('acc', 'd1', 'x.test', user('u2', 'b@x.test'), null, 't0');
    expect(repo.active('acc', 'd1').map((u) => [u.login, u.note, u.whereUsed])).toEqual([
      ['a@x.test', 'Alice', 'HubSpot'],
      ['b@x.test', null, null],
    ]);

    expect(repo.setWhereUsed('acc', 'u2', 'Invoices app')).toBe(true);
    expect(repo.setWhereUsed('acc', 'nobody', 'x')).toBe(false);
    // The service's list knows nothing of it: a sync keeps what is stored locally.
    repo.syncDomain('acc', 'd1', 'x.test', [user('u1', 'a@x.test'), user('u2', 'b@x.test')], 't1');
    expect(repo.get('acc', 'u2')).toMatchObject({ note: null, whereUsed: 'Invoices app' });
    repo.setNote('acc', 'u1', null);
    expect(repo.get('acc', 'u1')).toMatchObject({ note: null, whereUsed: 'HubSpot' });
    repo.setWhereUsed('acc', 'u1', null);
    expect(repo.get('acc', 'u1')?.whereUsed).toBeNull();
  });
});
