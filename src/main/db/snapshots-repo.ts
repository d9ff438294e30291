import type { SqliteDatabase } from '../../sqlite/open-database';

/** The last value the service gave for a key (account, usage, event cursor), readable offline. */
export function createSnapshotsRepo(db: SqliteDatabase) {
  const put = db.prepare(`
    INSERT INTO snapshots (account_id, key, json, synced_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET json = excluded.json, synced_at = excluded.synced_at`);
  const get = db.prepare('SELECT json, synced_at FROM snapshots WHERE account_id = ? AND key = ?');
  return {
    put(accountId: string, key: string, value: unknown, at: string): void {
      put.run(accountId, key, JSON.stringify(value), at);
    },
    get<T>(accountId: string, key: string): { value: T; syncedAt: string } | null {
      const row = get.get(accountId, key) as { json: string; synced_at: string } | undefined;
      return row ? { value: JSON.parse(row.json) as T, syncedAt: row.synced_at } : null;
    },
  };
}
export type SnapshotsRepo = ReturnType<typeof createSnapshotsRepo>;
