import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError, type Migration } from '../../../src/sqlite/migrate';
import { openDatabase, type SqliteDatabase } from '../../../src/sqlite/open-database';

const m1: Migration = {
  version: 1,
  name: 'one',
  sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;',
};
const m2: Migration = {
  version: 2,
  name: 'two',
  sql: 'CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;',
};

let dir: string;
let file: string;
let db: SqliteDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyrios-migrate-'));
  file = join(dir, 'test.db');
  db = openDatabase(file);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function tables(database: SqliteDatabase): string[] {
  return (
    database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys enforced', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});

describe('migrate', () => {
  it('applies every migration in order and records each version', () => {
    expect(migrate(db, [m1, m2])).toEqual({ from: 0, to: 2, applied: [1, 2] });
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual([
      { version: 1, name: 'one' },
      { version: 2, name: 'two' },
    ]);
  });

  it('applies only the new ones on the next start, after a reopen', () => {
    migrate(db, [m1]);
    db.close();
    db = openDatabase(file);
    expect(migrate(db, [m1, m2])).toEqual({ from: 1, to: 2, applied: [2] });
    expect(migrate(db, [m1, m2]).applied).toEqual([]);
  });

  it('detects a migration edited after it was applied', () => {
    migrate(db, [m1]);
    const edited = { ...m1, sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT) STRICT;' };
    let caught: unknown;
    try {
      migrate(db, [edited, m2]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationError);
    expect((caught as MigrationError).code).toBe('migration_edited');
    expect((caught as MigrationError).message).toContain('Migration 1 ("one")');
    expect(tables(db)).not.toContain('b');
  });

  it('refuses a database newer than the code', () => {
    migrate(db, [m1, m2]);
    expect(() => migrate(db, [m1])).toThrow(/newer than this app knows/);
  });

  it('refuses misnumbered migrations before touching the database', () => {
    expect(() => migrate(db, [m2])).toThrow(/expected 1/);
    expect(tables(db)).toEqual([]);
  });

  it('rolls a failing migration back entirely, version row included', () => {
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT; INSERT INTO nowhere VALUES (1);',
    };
    migrate(db, [m1]);
    expect(() => migrate(db, [m1, broken])).toThrow(/no such table: nowhere/);
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
  });
});
