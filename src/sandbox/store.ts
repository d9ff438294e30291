import { createHash, randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../sqlite/open-database';
import type { DnsRecord, Domain } from '../shared/domain';
import type { ExpectedRecord } from '../shared/records';
import { newId } from './ids';

export interface Account {
  id: string;
  name: string;
}

interface DomainRow {
  id: string;
  name: string;
  status: Domain['status'];
  created_at: string;
  verified_at: string | null;
  last_checked_at: string | null;
}

interface RecordRow {
  id: string;
  domain_id: string;
  purpose: DnsRecord['purpose'];
  type: DnsRecord['type'];
  name: string;
  value: string;
  priority: number | null;
  required: number;
  status: DnsRecord['status'];
}

export class DuplicateDomainError extends Error {
  constructor(name: string) {
    super(`${name} is already added to this account.`);
  }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface NewDomain {
  accountId: string;
  name: string;
  verificationToken: string;
  dkimSelector: string;
  dkimPrivateKey: string;
  records: ExpectedRecord[];
}

/** The sandbox's data access: statements prepared once, writes in synchronous transactions. */
export function createSandboxStore(db: SqliteDatabase) {
  const s = {
    insertAccount: db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)'),
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, account_id, key_hash, created_at) VALUES (?, ?, ?, ?)',
    ),
    firstAccount: db.prepare('SELECT id, name FROM accounts ORDER BY created_at, id LIMIT 1'),
    accountByKey: db.prepare(
      'SELECT a.id, a.name FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = ?',
    ),
    activeDomainByName: db.prepare(
      'SELECT id FROM domains WHERE account_id = ? AND name = ? AND deleted_at IS NULL',
    ),
    insertDomain: db.prepare(`
      INSERT INTO domains (id, account_id, name, status, verification_token, dkim_selector, dkim_private_key, created_at)
      VALUES (@id, @accountId, @name, 'pending', @verificationToken, @dkimSelector, @dkimPrivateKey, @createdAt)`),
    insertRecord: db.prepare(`
      INSERT INTO records (id, domain_id, position, purpose, type, name, value, priority, required)
      VALUES (@id, @domainId, @position, @purpose, @type, @name, @value, @priority, @required)`),
    domainsOf: db.prepare(
      `SELECT id, name, status, created_at, verified_at, last_checked_at FROM domains
       WHERE account_id = ? AND deleted_at IS NULL ORDER BY name`,
    ),
    domainById: db.prepare(
      `SELECT id, name, status, created_at, verified_at, last_checked_at FROM domains
       WHERE account_id = ? AND id = ? AND deleted_at IS NULL`,
    ),
    recordsOfAccount: db.prepare(
      `SELECT r.* FROM records r JOIN domains d ON d.id = r.domain_id
       WHERE d.account_id = ? AND d.deleted_at IS NULL ORDER BY r.domain_id, r.position`,
    ),
    recordsOfDomain: db.prepare('SELECT * FROM records WHERE domain_id = ? ORDER BY position'),
  };

  function toRecord(row: RecordRow): DnsRecord {
    return {
      id: row.id,
      purpose: row.purpose,
      type: row.type,
      name: row.name,
      value: row.value,
      ...(row.priority === null ? {} : { priority: row.priority }),
      required: row.required === 1,
      status: row.status,
    };
  }

  function toDomain(row: DomainRow, records: DnsRecord[]): Domain {
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      createdAt: row.created_at,
      verifiedAt: row.verified_at,
      lastCheckedAt: row.last_checked_at,
      records,
    };
  }

  return {
    /** The first account, created with a fresh API key when the database is new. */
    ensureAccount: db.transaction((name: string): { account: Account; newApiKey?: string } => {
      const existing = s.firstAccount.get() as Account | undefined;
      if (existing) return { account: existing };
      const account = { id: newId('acc'), name };
      s.insertAccount.run(account.id, account.name, new Date().toISOString());
      return { account };
    }),

    /** Issues an API key for the account; only its hash is stored. */
    issueApiKey(accountId: string): string {
      const key = `kys_${randomBytes(32).toString('base64url')}`;
      s.insertKey.run(newId('key'), accountId, hashApiKey(key), new Date().toISOString());
      return key;
    },

    accountForKey(key: string): Account | undefined {
      return s.accountByKey.get(hashApiKey(key)) as Account | undefined;
    },

    hasActiveDomain(accountId: string, name: string): boolean {
      return s.activeDomainByName.get(accountId, name) !== undefined;
    },

    createDomain: db.transaction((input: NewDomain): string => {
      if (s.activeDomainByName.get(input.accountId, input.name)) {
        throw new DuplicateDomainError(input.name);
      }
      const id = newId('dom');
      s.insertDomain.run({
        id,
        accountId: input.accountId,
        name: input.name,
        verificationToken: input.verificationToken,
        dkimSelector: input.dkimSelector,
        dkimPrivateKey: input.dkimPrivateKey,
        createdAt: new Date().toISOString(),
      });
      input.records.forEach((r, position) => {
        s.insertRecord.run({
          id: newId('rec'),
          domainId: id,
          position,
          purpose: r.purpose,
          type: r.type,
          name: r.name,
          value: r.value,
          priority: r.priority ?? null,
          required: r.required ? 1 : 0,
        });
      });
      return id;
    }),

    listDomains(accountId: string): Domain[] {
      const byDomain = new Map<string, DnsRecord[]>();
      for (const row of s.recordsOfAccount.all(accountId) as RecordRow[]) {
        const list = byDomain.get(row.domain_id) ?? [];
        list.push(toRecord(row));
        byDomain.set(row.domain_id, list);
      }
      return (s.domainsOf.all(accountId) as DomainRow[]).map((row) =>
        toDomain(row, byDomain.get(row.id) ?? []),
      );
    },

    getDomain(accountId: string, id: string): Domain | undefined {
      const row = s.domainById.get(accountId, id) as DomainRow | undefined;
      if (!row) return undefined;
      return toDomain(row, (s.recordsOfDomain.all(id) as RecordRow[]).map(toRecord));
    },
  };
}
export type SandboxStore = ReturnType<typeof createSandboxStore>;
