import type { SqliteDatabase } from '../../sqlite/open-database';
import type { DnsRecord, Domain } from '../../shared/domain';

interface DomainRow {
  id: string;
  name: string;
  status: Domain['status'];
  created_at: string;
  verified_at: string | null;
  last_checked_at: string | null;
  synced_at: string;
}

interface RecordRow {
  domain_id: string;
  id: string;
  purpose: DnsRecord['purpose'];
  type: DnsRecord['type'];
  name: string;
  value: string;
  priority: number | null;
  required: number;
  status: DnsRecord['status'];
}

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

/**
 * The local copy of each account's domains and their generated records, so the last known state is
 * readable when the service is not. Writes are synchronous transactions: all or nothing.
 */
export function createDomainsRepo(db: SqliteDatabase) {
  const upsertDomain = db.prepare(`
    INSERT INTO domains (account_id, id, name, status, created_at, verified_at, last_checked_at, synced_at)
    VALUES (@accountId, @id, @name, @status, @createdAt, @verifiedAt, @lastCheckedAt, @syncedAt)
    ON CONFLICT (account_id, id) DO UPDATE SET
      name = excluded.name, status = excluded.status, created_at = excluded.created_at,
      verified_at = excluded.verified_at, last_checked_at = excluded.last_checked_at,
      synced_at = excluded.synced_at`);
  const deleteRecords = db.prepare(
    'DELETE FROM domain_records WHERE account_id = ? AND domain_id = ?',
  );
  const insertRecord = db.prepare(`
    INSERT INTO domain_records (account_id, domain_id, id, position, purpose, type, name, value, priority, required, status)
    VALUES (@accountId, @domainId, @id, @position, @purpose, @type, @name, @value, @priority, @required, @status)`);
  const deleteOthers = db.prepare(
    'DELETE FROM domains WHERE account_id = ? AND id NOT IN (SELECT value FROM json_each(?))',
  );
  const selectDomains = db.prepare('SELECT * FROM domains WHERE account_id = ? ORDER BY name');
  const selectRecords = db.prepare(
    'SELECT * FROM domain_records WHERE account_id = ? ORDER BY domain_id, position',
  );
  const selectDomain = db.prepare('SELECT * FROM domains WHERE account_id = ? AND id = ?');
  const selectDomainRecords = db.prepare(
    'SELECT * FROM domain_records WHERE account_id = ? AND domain_id = ? ORDER BY position',
  );
  const deleteOne = db.prepare('DELETE FROM domains WHERE account_id = ? AND id = ?');
  const lastSync = db.prepare('SELECT MAX(synced_at) AS at FROM domains WHERE account_id = ?');

  function write(accountId: string, domain: Domain, syncedAt: string): void {
    upsertDomain.run({
      accountId,
      id: domain.id,
      name: domain.name,
      status: domain.status,
      createdAt: domain.createdAt,
      verifiedAt: domain.verifiedAt,
      lastCheckedAt: domain.lastCheckedAt,
      syncedAt,
    });
    deleteRecords.run(accountId, domain.id);
    domain.records.forEach((r, position) => {
      insertRecord.run({
        accountId,
        domainId: domain.id,
        id: r.id,
        position,
        purpose: r.purpose,
        type: r.type,
        name: r.name,
        value: r.value,
        priority: r.priority ?? null,
        required: r.required ? 1 : 0,
        status: r.status,
      });
    });
  }

  return {
    /** Replaces the account's cached domains with what the service just listed. */
    replaceAll: db.transaction((accountId: string, domains: Domain[], syncedAt: string) => {
      // Deleted first: a domain removed and added again comes back with a new id and the same name.
      deleteOthers.run(accountId, JSON.stringify(domains.map((d) => d.id)));
      for (const d of domains) write(accountId, d, syncedAt);
    }),

    /** Stores one domain the service just returned (e.g. after Add & Verify). */
    upsert: db.transaction((accountId: string, domain: Domain, syncedAt: string) => {
      write(accountId, domain, syncedAt);
    }),

    list(accountId: string): Domain[] {
      const records = new Map<string, DnsRecord[]>();
      for (const row of selectRecords.all(accountId) as RecordRow[]) {
        const list = records.get(row.domain_id) ?? [];
        list.push(toRecord(row));
        records.set(row.domain_id, list);
      }
      return (selectDomains.all(accountId) as DomainRow[]).map((row) =>
        toDomain(row, records.get(row.id) ?? []),
      );
    },

    get(accountId: string, id: string): Domain | undefined {
      const row = selectDomain.get(accountId, id) as DomainRow | undefined;
      if (!row) return undefined;
      return toDomain(row, (selectDomainRecords.all(accountId, id) as RecordRow[]).map(toRecord));
    },

    remove(accountId: string, id: string): void {
      deleteOne.run(accountId, id);
    },

    lastSyncedAt(accountId: string): string | null {
      return (lastSync.get(accountId) as { at: string | null }).at;
    },
  };
}
export type DomainsRepo = ReturnType<typeof createDomainsRepo>;
