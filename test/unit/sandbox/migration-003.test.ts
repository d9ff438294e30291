import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxMigrations } from '../../../src/sandbox/db/migrations';
import { migrate } from '../../../src/sqlite/migrate';
import { openDatabase } from '../../../src/sqlite/open-database';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function freshDb() {
  const temp = makeTempDir('kyrios-sandbox-m003-');
  cleanup.add(() => temp.remove());
  const db = openDatabase(join(temp.dir, 'sandbox.db'));
  cleanup.add(() => db.close());
  return db;
}

const seed = `
INSERT INTO accounts VALUES ('acc_1', 'A', 'now');
INSERT INTO domains (id, account_id, name, status, verification_token, dkim_selector, dkim_private_key, created_at)
  VALUES ('dom_1', 'acc_1', 'a.example.com', 'verified', 't', 's', 'k', 'now');
INSERT INTO smtp_users (id, account_id, domain_id, login, password_hash, created_at, password_changed_at)
  VALUES ('smtp_1', 'acc_1', 'dom_1', 'x@a.example.com', 'h', 'now', 'now');
INSERT INTO outbound_messages (id, account_id, smtp_user_id, mail_from, recipients, size, received_at, raw)
  VALUES ('msg_1', 'acc_1', 'smtp_1', 'x@a.example.com', '["y@b.test"]', 3, 'now', x'414243');
`;

describe('sandbox migration 3 (outbox)', () => {
  it('upgrades a version-2 database: sent mail stays, the outbox starts empty', () => {
    const db = freshDb();
    migrate(db, sandboxMigrations.slice(0, 2));
    db.exec(seed);
    expect(migrate(db, sandboxMigrations)).toEqual({ from: 2, to: 3, applied: [3] });
    expect(db.prepare('SELECT id, raw FROM outbound_messages').all()).toEqual([
      { id: 'msg_1', raw: Buffer.from('ABC') },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox_messages').get()).toEqual({ n: 0 });
  });

  it('keeps an outbox entry tied to a sent message, and its size sane', () => {
    const db = freshDb();
    migrate(db, sandboxMigrations);
    db.exec(seed);
    const insert = db.prepare(
      `INSERT INTO outbox_messages (id, account_id, domain_id, envelope_from, recipients, sent_from, size, accepted_at)
       VALUES (?, 'acc_1', 'dom_1', 'bounce@kbounce.a.example.com', '["y@b.test"]', '192.0.2.10', ?, 'now')`,
    );
    insert.run('msg_1', 3);
    expect(() => insert.run('msg_1', 3)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('msg_missing', 3)).toThrow(/FOREIGN KEY/);
    db.exec(
      `INSERT INTO outbound_messages (id, account_id, smtp_user_id, mail_from, recipients, size, received_at, raw)
       VALUES ('msg_2', 'acc_1', 'smtp_1', 'x@a.example.com', '[]', 0, 'now', x'')`,
    );
    expect(() => insert.run('msg_2', -1)).toThrow(/CHECK/);
  });
});
