import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../src/sqlite/open-database';
import { migrate } from '../../../src/sqlite/migrate';
import { sandboxMigrations } from '../../../src/sandbox/db/migrations';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function freshDb() {
  const temp = makeTempDir('kyrios-sandbox-migrations-');
  cleanup.add(() => temp.remove());
  const db = openDatabase(join(temp.dir, 'sandbox.db'));
  cleanup.add(() => db.close());
  return db;
}

describe('sandbox migration 2 (SMTP users, counts, events, idempotency, messages)', () => {
  it('upgrades a version-1 database with its data in place', () => {
    const db = freshDb();
    migrate(db, sandboxMigrations.slice(0, 1));
    db.prepare("INSERT INTO accounts VALUES ('acc_1', 'A', '2030-01-01T00:00:00Z')").run();
    db.prepare(
      `INSERT INTO domains (id, account_id, name, status, verification_token, dkim_selector, dkim_private_key, created_at)
       VALUES ('dom_1', 'acc_1', 'a.example.com', 'verified', 't', 's', 'k', '2030-01-01T00:00:00Z')`,
    ).run();

    expect(migrate(db, sandboxMigrations.slice(0, 2))).toEqual({ from: 1, to: 2, applied: [2] });
    expect(db.prepare('SELECT name FROM domains').all()).toEqual([{ name: 'a.example.com' }]);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    for (const table of [
      'smtp_users',
      'daily_sends',
      'user_daily_sends',
      'events',
      'idempotency_keys',
      'outbound_messages',
      'inbound_messages',
    ]) {
      expect(tables).toContain(table);
    }
  });

  it('enforces one active user per login, the deletion reason, and the daily count bounds', () => {
    const db = freshDb();
    migrate(db, sandboxMigrations);
    db.prepare("INSERT INTO accounts VALUES ('acc_1', 'A', 'now')").run();
    db.prepare(
      `INSERT INTO domains (id, account_id, name, status, verification_token, dkim_selector, dkim_private_key, created_at)
       VALUES ('dom_1', 'acc_1', 'a.example.com', 'verified', 't', 's', 'k', 'now')`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO smtp_users (id, account_id, domain_id, login, password_hash, created_at, password_changed_at, deleted_at, deleted_reason)
       VALUES (?, 'acc_1', 'dom_1', 'x@a.example.com', 'h', 'now', 'now', ?, ?)`,
    );
    insert.run('u1', null, null);
    expect(() => insert.run('u2', null, null)).toThrow(/UNIQUE/);
    insert.run('u3', 'later', 'daily_limit'); // a deleted one may share the login
    expect(() => insert.run('u4', 'later', null)).toThrow(/CHECK/);
    expect(() => insert.run('u5', 'later', 'because')).toThrow(/CHECK/);

    const count = db.prepare("INSERT INTO daily_sends VALUES ('acc_1', '2030-01-01', ?)");
    expect(() => count.run(-1)).toThrow(/CHECK/);
    expect(() => count.run(1501)).toThrow(/CHECK/);
    count.run(1500);
  });
});
