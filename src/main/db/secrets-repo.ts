import type { SqliteDatabase } from '../../sqlite/open-database';

/** Where a secret store keeps what the OS encrypted: opaque bytes per account, never a key. */
export interface SecretBlobs {
  get(accountId: string): Buffer | null;
  put(accountId: string, blob: Buffer): void;
  delete(accountId: string): void;
}

export function createSecretsRepo(db: SqliteDatabase): SecretBlobs {
  const s = {
    get: db.prepare('SELECT blob FROM account_secrets WHERE account_id = ?'),
    put: db.prepare(`
      INSERT INTO account_secrets (account_id, blob, stored_at) VALUES (?, ?, ?)
      ON CONFLICT (account_id) DO UPDATE SET blob = excluded.blob, stored_at = excluded.stored_at`),
    delete: db.prepare('DELETE FROM account_secrets WHERE account_id = ?'),
  };
  return {
    get(accountId) {
      const row = s.get.get(accountId) as { blob: Buffer } | undefined;
      return row ? row.blob : null;
    },
    put(accountId, blob) {
      s.put.run(accountId, blob, new Date().toISOString());
    },
    delete(accountId) {
      s.delete.run(accountId);
    },
  };
}
