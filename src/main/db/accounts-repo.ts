import type { SqliteDatabase } from '../../sqlite/open-database';
import type { AccountInfo } from '../../shared/contract';

export interface AccountRow extends AccountInfo {
  id: string;
}

export function createAccountsRepo(db: SqliteDatabase) {
  const upsert = db.prepare(`
    INSERT INTO accounts (id, kind, label, base_url, created_at)
    VALUES (@id, @kind, @label, @baseUrl, @createdAt)
    ON CONFLICT (id) DO UPDATE SET label = excluded.label, base_url = excluded.base_url`);
  const byId = db.prepare('SELECT id, kind, label, base_url AS baseUrl FROM accounts WHERE id = ?');
  const all = db.prepare(
    "SELECT id, kind, label, base_url AS baseUrl FROM accounts ORDER BY kind = 'remote', created_at, label",
  );
  const removeOne = db.prepare('DELETE FROM accounts WHERE id = ?');
  // Check history is deliberately not tied to the domains cache (a deleted domain keeps it), so
  // it goes with its account explicitly; everything else cascades.
  const removeHistory = db.prepare('DELETE FROM check_runs WHERE account_id = ?');

  return {
    /** Records the account in use; its id stays stable across launches. */
    ensure(account: AccountRow): void {
      upsert.run({ ...account, createdAt: new Date().toISOString() });
    },
    get(id: string): AccountRow | undefined {
      return byId.get(id) as AccountRow | undefined;
    },
    /** The sandbox first, then remote accounts in the order they were added. */
    list(): AccountRow[] {
      return all.all() as AccountRow[];
    },
    /** Removes the account and everything cached for it (the audit log stays). */
    remove(id: string): boolean {
      removeHistory.run(id);
      return removeOne.run(id).changes > 0;
    },
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
