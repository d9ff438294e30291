import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { openDatabase } from '../../../src/sqlite/open-database';

/**
 * Every table of a database as row count and a digest of its rows, read on a connection of its
 * own (WAL lets it read beside the app's). Two equal snapshots: nothing was written in between.
 */
export function snapshotDatabase(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const db = openDatabase(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[]
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((table) => {
        const rows = db
          .prepare(`SELECT * FROM "${table}"`)
          .raw()
          .all()
          .map((row) => JSON.stringify(row))
          .sort();
        const digest = createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);
        return [table, `${rows.length} rows ${digest}`];
      }),
    );
  } finally {
    db.close();
  }
}
