import type { SqliteDatabase } from '../../sqlite/open-database';
import { AuditDetail, type AuditAction, type AuditEntry } from '../../shared/audit';

export interface AuditInput {
  action: AuditAction;
  target: string;
  detail?: AuditDetail;
}

export interface AuditAccount {
  id: string;
  label: string;
}

interface Row {
  id: number;
  at: string;
  account_id: string;
  account_label: string;
  action: AuditAction;
  target: string;
  detail_json: string;
}

function toEntry(row: Row): AuditEntry {
  let detail: AuditDetail = {};
  try {
    const parsed = AuditDetail.safeParse(JSON.parse(row.detail_json));
    if (parsed.success) detail = parsed.data;
  } catch {
    // A damaged detail still leaves the entry readable.
  }
  return {
    id: row.id,
    at: row.at,
    accountId: row.account_id,
    accountLabel: row.account_label,
    action: row.action,
    target: row.target,
    detail,
  };
}

/**
 * The audit log. `write` runs the local change and inserts its entry in one synchronous
 * transaction: the inventory row and the audit row are stored together or not at all.
 */
export function createAuditRepo(db: SqliteDatabase, now: () => Date = () => new Date()) {
  const s = {
    insert: db.prepare(`
      INSERT INTO audit_log (at, account_id, account_label, action, target, detail_json)
      VALUES (?, ?, ?, ?, ?, ?)`),
    page: db.prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?'),
    pageOfAccount: db.prepare(
      'SELECT * FROM audit_log WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
    ),
    all: db.prepare('SELECT * FROM audit_log ORDER BY id'),
    allOfAccount: db.prepare('SELECT * FROM audit_log WHERE account_id = ? ORDER BY id'),
  };

  function insert(account: AuditAccount, entry: AuditInput): number {
    return Number(
      s.insert.run(
        now().toISOString(),
        account.id,
        account.label,
        entry.action,
        entry.target,
        JSON.stringify(entry.detail ?? {}),
      ).lastInsertRowid,
    );
  }

  // One transaction function, prepared once; the generic signature is restored by `write` below.
  const write = db.transaction(
    (
      account: AuditAccount,
      entry: AuditInput | ((result: unknown) => AuditInput),
      change: () => unknown,
    ) => {
      const result = change();
      insert(account, typeof entry === 'function' ? entry(result) : entry);
      return result;
    },
  );

  return {
    /**
     * Runs `change` (synchronous repository writes) and records `entry` in the same transaction;
     * `entry` may be computed from what the change returned.
     */
    write<T>(
      account: AuditAccount,
      entry: AuditInput | ((result: T) => AuditInput),
      change: () => T,
    ): T {
      return write(account, entry as AuditInput | ((result: unknown) => AuditInput), change) as T;
    },
    record(account: AuditAccount, entry: AuditInput): number {
      return insert(account, entry);
    },
    /** Newest first, `limit` entries older than `beforeId`. */
    list(options: { limit: number; beforeId?: number; accountId?: string }): AuditEntry[] {
      const before = options.beforeId ?? Number.MAX_SAFE_INTEGER;
      const rows = options.accountId
        ? s.pageOfAccount.all(options.accountId, before, options.limit)
        : s.page.all(before, options.limit);
      return (rows as Row[]).map(toEntry);
    },
    /** Oldest first, for export. */
    all(accountId?: string): AuditEntry[] {
      const rows = accountId ? s.allOfAccount.all(accountId) : s.all.all();
      return (rows as Row[]).map(toEntry);
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;

/** The audit log bound to one account: what the account's services take. */
export interface AuditTrail {
  write<T>(entry: AuditInput | ((result: T) => AuditInput), change: () => T): T;
}

export function auditTrailFor(repo: AuditRepo, account: AuditAccount): AuditTrail {
  return { write: (entry, change) => repo.write(account, entry, change) };
}

/** For services built without an audit log (their own unit tests): runs the change alone. */
export const NO_AUDIT: AuditTrail = { write: (_entry, change) => change() };
