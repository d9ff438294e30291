import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../../sqlite/open-database';
import type { Clock } from '../clock';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

export type IdempotencyLookup =
  { found: false } | { found: true; requestHash: string; response: StoredResponse };

/**
 * Responses remembered per (account, Idempotency-Key). The row is found by a hash of the key and
 * the body is encrypted (AES-256-GCM) with a key derived from the Idempotency-Key itself: a
 * replayed response may hold a generated SMTP password, and the database alone must not reveal it.
 */
export function createIdempotencyStore(db: SqliteDatabase, now: Clock) {
  const s = {
    get: db.prepare(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE account_id = ? AND key_hash = ? AND created_at >= ?',
    ),
    put: db.prepare(
      `INSERT INTO idempotency_keys (account_id, key_hash, request_hash, status, response, created_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, key_hash) DO UPDATE SET request_hash = excluded.request_hash,
         status = excluded.status, response = excluded.response, created_at = excluded.created_at`,
    ),
    purge: db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?'),
  };

  const keyHash = (accountId: string, key: string): string =>
    createHash('sha256').update(`kyrios-idempotency\0${accountId}\0${key}`).digest('hex');
  const secret = (accountId: string, key: string): Buffer =>
    Buffer.from(hkdfSync('sha256', key, accountId, 'kyrios-idempotency-response', 32));
  const oldest = (): string => new Date(now().getTime() - IDEMPOTENCY_TTL_MS).toISOString();

  return {
    lookup(accountId: string, key: string): IdempotencyLookup {
      const row = s.get.get(accountId, keyHash(accountId, key), oldest()) as
        { request_hash: string; status: number; response: Buffer } | undefined;
      if (!row) return { found: false };
      const iv = row.response.subarray(0, 12);
      const tag = row.response.subarray(12, 28);
      const decipher = createDecipheriv('aes-256-gcm', secret(accountId, key), iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(row.response.subarray(28)), decipher.final()]);
      const { contentType, body } = JSON.parse(plain.toString('utf8')) as Omit<
        StoredResponse,
        'status'
      >;
      return {
        found: true,
        requestHash: row.request_hash,
        response: { status: row.status, contentType, body },
      };
    },

    save(accountId: string, key: string, requestHash: string, response: StoredResponse): void {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret(accountId, key), iv);
      const plain = JSON.stringify({ contentType: response.contentType, body: response.body });
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const blob = Buffer.concat([iv, cipher.getAuthTag(), sealed]);
      db.transaction(() => {
        s.purge.run(oldest());
        s.put.run(
          accountId,
          keyHash(accountId, key),
          requestHash,
          response.status,
          blob,
          now().toISOString(),
        );
      })();
    },
  };
}
export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
