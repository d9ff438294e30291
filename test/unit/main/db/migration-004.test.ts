import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration004 } from '../../../../src/main/db/migrations/004-settings-secrets';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createSecretsRepo } from '../../../../src/main/db/secrets-repo';
import { createStateRepo } from '../../../../src/main/db/state-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-m004-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'r1', kind: 'remote', label: 'R', baseUrl: 'http://x' });
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

describe('migration 004: settings and secrets', () => {
  it('is the fourth app migration', () => {
    expect(appMigrations[3]).toBe(migration004);
  });

  it('keeps app-wide values as JSON, a damaged one reading as absent', () => {
    const state = createStateRepo(db);
    expect(state.get('settings')).toBeUndefined();
    state.put('settings', { notifications: false }, '2026-05-01T00:00:00.000Z');
    state.put('settings', { notifications: true }, '2026-05-01T00:01:00.000Z');
    expect(state.get('settings')).toEqual({ notifications: true });
    db.prepare("UPDATE app_state SET json = '{not json' WHERE key = 'settings'").run();
    expect(state.get('settings')).toBeUndefined();
  });

  it('keeps one opaque blob per account, gone with the account', () => {
    const secrets = createSecretsRepo(db);
    expect(secrets.get('r1')).toBeNull();
    secrets.put('r1', Buffer.from([1, 2, 3]));
    secrets.put('r1', Buffer.from([4, 5]));
    expect(secrets.get('r1')).toEqual(Buffer.from([4, 5]));
    expect(() => secrets.put('nobody', Buffer.from([1]))).toThrow(/FOREIGN KEY/);
    createAccountsRepo(db).remove('r1');
    expect(secrets.get('r1')).toBeNull();
  });
});
