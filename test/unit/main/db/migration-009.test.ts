import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../../../src/sqlite/open-database';
import { migrate } from '../../../../src/sqlite/migrate';
import { APP_DATABASE_FILE, openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration009 } from '../../../../src/main/db/migrations/009-revoked-links';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createRevocationsRepo } from '../../../../src/main/db/revocations-repo';
import { createSmtpUsersRepo } from '../../../../src/main/db/smtp-users-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-m009-');
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

const account = (id: string) => ({ id, kind: 'remote' as const, label: id, baseUrl: 'http://x' });

describe('migration 009: links of revoked logins known only from the event', () => {
  it('is the ninth app migration; links made before it survive', () => {
    expect(appMigrations[8]).toBe(migration009);
    db = openDatabase(join(temp.dir, APP_DATABASE_FILE));
    migrate(db, appMigrations.slice(0, 8));
    createAccountsRepo(db).ensure(account('acc'));
    createSmtpUsersRepo(db).add(
      'acc',
      'd1',
      'x.test',
      { id: 'u1', login: 'a@x.test', createdAt: 't', passwordChangedAt: 't' },
      null,
      't',
    );
    createRevocationsRepo(db).link('acc', 'u1', 'u2', '2026-05-02T08:00:00.000Z');
    // Before 009 a link needed the old inventory row.
    expect(() => createRevocationsRepo(db).link('acc', 'nobody', 'u3', 't')).toThrow(/FOREIGN KEY/);
    db.close();

    db = openAppDatabase(temp.dir);
    expect(createRevocationsRepo(db).links('acc')).toEqual(
      new Map([['u1', { newId: 'u2', at: '2026-05-02T08:00:00.000Z' }]]),
    );
  });

  it('links a login the inventory never had; one link per revoked login; gone with the account', () => {
    db = openAppDatabase(temp.dir);
    const accounts = createAccountsRepo(db);
    accounts.ensure(account('acc'));
    accounts.ensure(account('other'));
    const revocations = createRevocationsRepo(db);
    revocations.link('acc', 'never-listed', 'u9', 't1');
    revocations.link('other', 'never-listed', 'u8', 't1');
    expect(revocations.links('acc').get('never-listed')).toEqual({ newId: 'u9', at: 't1' });
    expect(() => revocations.link('acc', 'never-listed', 'u10', 't2')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => revocations.link('nobody', 'x', 'y', 't')).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM accounts WHERE id = 'acc'").run();
    expect(revocations.links('acc').size).toBe(0);
    expect(revocations.links('other').size).toBe(1);
  });
});
