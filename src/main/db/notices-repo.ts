import type { SqliteDatabase } from '../../sqlite/open-database';

/**
 * Notices already given, by key (`guard:2026-05-01:80`, `revocation:42`, `alert:7`), so a warning
 * is given once — across restarts too.
 */
export function createNoticesRepo(db: SqliteDatabase) {
  const s = {
    claim: db.prepare('INSERT OR IGNORE INTO notices (account_id, key, at) VALUES (?, ?, ?)'),
    withPrefix: db.prepare(
      "SELECT key FROM notices WHERE account_id = ? AND key >= ? AND key < ? || '~' ORDER BY key",
    ),
  };
  return {
    /** True the first time a key is claimed for the account; false ever after. */
    claim(accountId: string, key: string, at: string): boolean {
      return s.claim.run(accountId, key, at).changes > 0;
    },
    keysWithPrefix(accountId: string, prefix: string): string[] {
      return (s.withPrefix.all(accountId, prefix, prefix) as { key: string }[]).map((r) => r.key);
    },
  };
}
export type NoticesRepo = ReturnType<typeof createNoticesRepo>;
