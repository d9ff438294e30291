import { createHash, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../../sqlite/open-database';
import type { Clock } from '../clock';
import { newId } from '../ids';

export interface Account {
  id: string;
  name: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function createAccountsStore(db: SqliteDatabase, now: Clock) {
  const s = {
    insertAccount: db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)'),
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, account_id, key_hash, created_at) VALUES (?, ?, ?, ?)',
    ),
    firstAccount: db.prepare('SELECT id, name FROM accounts ORDER BY created_at, id LIMIT 1'),
    accountByKey: db.prepare(
      'SELECT a.id, a.name FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = ?',
    ),
  };
  return {
    /** The first account, created when the database is new. */
    ensureAccount: db.transaction((name: string): { account: Account } => {
      const existing = s.firstAccount.get() as Account | undefined;
      if (existing) return { account: existing };
      const account = { id: newId('acc'), name };
      s.insertAccount.run(account.id, account.name, now().toISOString());
      return { account };
    }),

    /** Another account (benchmarks and tests of several accounts; the CLI serves the first). */
    create(name: string): Account {
      const account = { id: newId('acc'), name };
      s.insertAccount.run(account.id, account.name, now().toISOString());
      return account;
    },

    /** Issues an API key for the account; only its hash is stored. */
    issueApiKey(accountId: string): string {
      const key = `kys_${randomBytes(32).toString('base64url')}`;
      s.insertKey.run(newId('key'), accountId, hashApiKey(key), now().toISOString());
      return key;
    },

    accountForKey(key: string): Account | undefined {
      return s.accountByKey.get(hashApiKey(key)) as Account | undefined;
    },
  };
}
