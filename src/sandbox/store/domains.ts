import type { SqliteDatabase } from '../../sqlite/open-database';
import type { DnsRecord, Domain } from '../../shared/domain';
import type { ExpectedRecord, ExpectedRecords } from '../../shared/records';
import type { Clock } from '../clock';
import { newId } from '../ids';
import { nextDomainStatus, type RecordCheck } from '../verification-rule';
import type { EventsStore } from './events';

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

export interface NewDomain {
  accountId: string;
  name: string;
  verificationToken: string;
  dkimSelector: string;
  dkimPrivateKey: string;
  records: ExpectedRecord[];
}

/** A verified, active domain as SMTP sees it (inbound recipients, DKIM signing). */
export interface MailDomain {
  id: string;
  accountId: string;
  name: string;
  dkimSelector: string;
  dkimPrivateKey: string;
}

const DOMAIN_COLUMNS = 'id, name, status, created_at, verified_at, last_checked_at';

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

export function createDomainsStore(db: SqliteDatabase, now: Clock, events: EventsStore) {
  const s = {
    activeByName: db.prepare(
      'SELECT id FROM domains WHERE account_id = ? AND name = ? AND deleted_at IS NULL',
    ),
    insertDomain: db.prepare(`
      INSERT INTO domains (id, account_id, name, status, verification_token, dkim_selector, dkim_private_key, created_at)
      VALUES (@id, @accountId, @name, 'pending', @verificationToken, @dkimSelector, @dkimPrivateKey, @createdAt)`),
    insertRecord: db.prepare(`
      INSERT INTO records (id, domain_id, position, purpose, type, name, value, priority, required)
      VALUES (@id, @domainId, @position, @purpose, @type, @name, @value, @priority, @required)`),
    domainsOf: db.prepare(
      `SELECT ${DOMAIN_COLUMNS} FROM domains WHERE account_id = ? AND deleted_at IS NULL ORDER BY name`,
    ),
    domainById: db.prepare(
      `SELECT ${DOMAIN_COLUMNS} FROM domains WHERE account_id = ? AND id = ? AND deleted_at IS NULL`,
    ),
    recordsOfAccount: db.prepare(
      `SELECT r.* FROM records r JOIN domains d ON d.id = r.domain_id
       WHERE d.account_id = ? AND d.deleted_at IS NULL ORDER BY r.domain_id, r.position`,
    ),
    recordsOfDomain: db.prepare('SELECT * FROM records WHERE domain_id = ? ORDER BY position'),
    markDeleted: db.prepare(
      'UPDATE domains SET deleted_at = ? WHERE id = ? AND account_id = ? AND deleted_at IS NULL',
    ),
    updateRecord: db.prepare('UPDATE records SET status = ? WHERE id = ? AND domain_id = ?'),
    updateDomainCheck: db.prepare(
      `UPDATE domains SET status = @status, last_checked_at = @at,
         verified_at = CASE WHEN @status = 'verified' THEN coalesce(verified_at, @at) ELSE verified_at END
       WHERE id = @id AND deleted_at IS NULL`,
    ),
    verifiedByName: db.prepare(
      `SELECT id, account_id AS accountId, name, dkim_selector AS dkimSelector,
         dkim_private_key AS dkimPrivateKey
       FROM domains WHERE name = ? AND status = 'verified' AND deleted_at IS NULL`,
    ),
  };

  function getDomain(accountId: string, id: string): Domain | undefined {
    const row = s.domainById.get(accountId, id) as DomainRow | undefined;
    if (!row) return undefined;
    return toDomain(row, (s.recordsOfDomain.all(id) as RecordRow[]).map(toRecord));
  }

  return {
    get: getDomain,

    hasActive(accountId: string, name: string): boolean {
      return s.activeByName.get(accountId, name) !== undefined;
    },

    create: db.transaction((input: NewDomain): string => {
      if (s.activeByName.get(input.accountId, input.name)) {
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
        createdAt: now().toISOString(),
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
      events.append(input.accountId, 'domain_added', { domainId: id, domain: input.name });
      return id;
    }),

    list(accountId: string): Domain[] {
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

    /** What the DNS engine checks, with each record's id in the same order. */
    expected(accountId: string, id: string): { expected: ExpectedRecords; ids: string[] } | null {
      const domain = getDomain(accountId, id);
      if (!domain) return null;
      return {
        ids: domain.records.map((r) => r.id),
        expected: {
          domain: domain.name,
          records: domain.records.map((r) => ({
            purpose: r.purpose,
            type: r.type,
            name: r.name,
            value: r.value,
            required: r.required,
            ...(r.priority === undefined ? {} : { priority: r.priority }),
          })),
        },
      };
    },

    /**
     * Stores a verification's outcome: record statuses, lastCheckedAt and the status the rule
     * gives. Undefined when the domain was deleted meanwhile.
     */
    applyVerification: db.transaction(
      (accountId: string, id: string, checks: RecordCheck[]): Domain | undefined => {
        const before = getDomain(accountId, id);
        if (!before) return undefined;
        const required = new Map(before.records.map((r) => [r.id, r.required]));
        // A record that could not be looked up tells nothing: its status stays as it was.
        for (const c of checks) {
          if (c.status !== 'unknown') s.updateRecord.run(c.status, c.recordId, id);
        }
        const status = nextDomainStatus(
          before.status,
          checks.map((c) => ({ ...c, required: required.get(c.recordId) ?? false })),
        );
        s.updateDomainCheck.run({ id, status, at: now().toISOString() });
        if (status === 'verified' && before.status !== 'verified') {
          events.append(accountId, 'domain_verified', { domainId: id, domain: before.name });
        }
        return getDomain(accountId, id);
      },
    ),

    /** Marks the domain deleted; records and send history stay. Returns its name, or undefined. */
    markDeleted(accountId: string, id: string): string | undefined {
      const row = s.domainById.get(accountId, id) as DomainRow | undefined;
      if (!row) return undefined;
      s.markDeleted.run(now().toISOString(), id, accountId);
      return row.name;
    },

    /** The verified, active domains with this name (one per account that added it). */
    verifiedByName(name: string): MailDomain[] {
      return s.verifiedByName.all(name) as MailDomain[];
    },
  };
}
export type DomainsStore = ReturnType<typeof createDomainsStore>;
