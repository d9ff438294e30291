import { createHash } from 'node:crypto';
import type { SqliteDatabase } from './open-database';

/** One schema change: numbered from 1 with no gaps, never edited once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'migration_edited' | 'database_newer' | 'migrations_misnumbered',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * Brings a database up to the newest migration. Each migration runs in its own transaction together
 * with the row that records it, so a crash leaves either the old version or the new one. An applied
 * migration whose text changed since is refused: the database would no longer match the code.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): MigrationReport {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new MigrationError(
        'migrations_misnumbered',
        `Migration "${m.name}" is number ${m.version}; expected ${index + 1}.`,
      );
    }
  });

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const applied = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; name: string; checksum: string }[];

  const latestKnown = migrations.length;
  const current = applied.at(-1)?.version ?? 0;
  if (current > latestKnown) {
    throw new MigrationError(
      'database_newer',
      `The database is at schema version ${current}, newer than this app knows (${latestKnown}). Update the app.`,
    );
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (!known || checksum(known) !== row.checksum) {
      throw new MigrationError(
        'migration_edited',
        `Migration ${row.version} ("${row.name}") was changed after it was applied to this database.`,
      );
    }
  }

  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const done: number[] = [];
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, checksum(m), new Date().toISOString());
    })();
    done.push(m.version);
  }
  return { from: current, to: latestKnown, applied: done };
}
