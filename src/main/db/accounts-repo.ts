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

  return {
    /** Records the account in use; its id stays stable across launches. */
    ensure(account: AccountRow): void {
      upsert.run({ ...account, createdAt: new Date().toISOString() });
    },
    get(id: string): AccountRow | undefined {
      return byId.get(id) as AccountRow | undefined;
    },
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
