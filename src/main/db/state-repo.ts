import type { SqliteDatabase } from '../../sqlite/open-database';

/** App-wide values by key (the settings document, the account in use), stored as JSON. */
export function createStateRepo(db: SqliteDatabase) {
  const s = {
    get: db.prepare('SELECT json FROM app_state WHERE key = ?'),
    put: db.prepare(`
      INSERT INTO app_state (key, json, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`),
  };
  return {
    /** The stored value, or undefined; a value that is not JSON any more reads as absent. */
    get(key: string): unknown {
      const row = s.get.get(key) as { json: string } | undefined;
      if (!row) return undefined;
      try {
        return JSON.parse(row.json) as unknown;
      } catch {
        return undefined;
      }
    },
    put(key: string, value: unknown, at: string): void {
      s.put.run(key, JSON.stringify(value), at);
    },
  };
}
export type StateRepo = ReturnType<typeof createStateRepo>;
