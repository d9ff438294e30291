import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/sqlite/migrate';
import { openDatabase, type SqliteDatabase } from '../../../../src/sqlite/open-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration001 } from '../../../../src/main/db/migrations/001-accounts-domains';

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyrios-m001-'));
  db = openDatabase(join(dir, 'app.db'));
  migrate(db, [migration001]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const account =
  "INSERT INTO accounts VALUES ('a1', 'sandbox', 'Embedded sandbox', 'http://127.0.0.1:1', '2026-01-01')";
const domain = (id = 'd1', name = 'example.com') =>
  `INSERT INTO domains VALUES ('a1', '${id}', '${name}', 'pending', '2026-01-01', NULL, NULL, '2026-01-01')`;
const record = (id: string, domainId = 'd1', type = 'TXT') =>
  `INSERT INTO domain_records VALUES ('a1', '${domainId}', '${id}', 0, 'spf', '${type}', 'example.com', 'v=spf1', NULL, 1, 'pending')`;

describe('migration 001: accounts, domains, domain_records', () => {
  it('is the first app migration', () => {
    expect(appMigrations[0]).toBe(migration001);
  });

  it('creates strict tables', () => {
    const sql = (
      db
        .prepare(
          "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('accounts', 'domains', 'domain_records')",
        )
        .all() as { sql: string }[]
    ).map((r) => r.sql);
    expect(sql).toHaveLength(3);
    for (const statement of sql) expect(statement).toMatch(/STRICT$/);
    expect(() => db.exec("INSERT INTO accounts VALUES ('a2', 'sandbox', 'x', 'y', X'00')")).toThrow(
      /cannot store BLOB value in TEXT column/,
    );
  });

  it('keeps one domain name per account', () => {
    db.exec(account);
    db.exec(domain());
    expect(() => db.exec(domain('d2', 'example.com'))).toThrow(/UNIQUE/);
  });

  it('refuses unknown statuses, kinds and record types', () => {
    expect(() => db.exec("INSERT INTO accounts VALUES ('a3', 'other', 'x', 'y', 'z')")).toThrow(
      /CHECK/,
    );
    db.exec(account);
    expect(() => db.exec(domain().replace("'pending'", "'bogus'"))).toThrow(/CHECK/);
    db.exec(domain());
    expect(() => db.exec(record('r1', 'd1', 'A'))).toThrow(/CHECK/);
  });

  it('refuses records of unknown domains and removes records with their domain', () => {
    db.exec(account);
    expect(() => db.exec(record('r1', 'missing'))).toThrow(/FOREIGN KEY/);
    db.exec(domain());
    db.exec(record('r1'));
    db.exec(record('r2'));
    db.exec("DELETE FROM domains WHERE id = 'd1'");
    expect(db.prepare('SELECT COUNT(*) AS n FROM domain_records').get()).toEqual({ n: 0 });
  });

  it('removes an account with its domains', () => {
    db.exec(account);
    db.exec(domain());
    db.exec("DELETE FROM accounts WHERE id = 'a1'");
    expect(db.prepare('SELECT COUNT(*) AS n FROM domains').get()).toEqual({ n: 0 });
  });
});
