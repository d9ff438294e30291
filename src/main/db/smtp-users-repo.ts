import type { SqliteDatabase } from '../../sqlite/open-database';
import type { SmtpUserView } from '../../shared/contract';
import type { SmtpUser } from '../../shared/kyrios';

export type DeletionReason = 'deleted' | 'domain_deleted' | 'daily_limit' | 'missing';

export interface InventoryUser extends SmtpUserView {
  domain: string;
  deletedAt: string | null;
  deletedReason: DeletionReason | null;
}

interface Row {
  id: string;
  domain_id: string;
  domain: string;
  login: string;
  created_at: string;
  password_changed_at: string;
  note: string | null;
  where_used: string | null;
  deleted_at: string | null;
  deleted_reason: DeletionReason | null;
}

function toUser(row: Row): InventoryUser {
  return {
    id: row.id,
    domainId: row.domain_id,
    domain: row.domain,
    login: row.login,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
    note: row.note,
    whereUsed: row.where_used,
    deletedAt: row.deleted_at,
    deletedReason: row.deleted_reason,
  };
}

/** Every SMTP user seen, alive or deleted; metadata only, never a password. */
export function createSmtpUsersRepo(db: SqliteDatabase) {
  const s = {
    upsert: db.prepare(`
      INSERT INTO smtp_users (account_id, id, domain_id, domain, login, created_at, password_changed_at, note, where_used, first_seen_at, last_seen_at)
      VALUES (@accountId, @id, @domainId, @domain, @login, @createdAt, @passwordChangedAt, @note, @whereUsed, @at, @at)
      ON CONFLICT (account_id, id) DO UPDATE SET
        login = excluded.login, domain = excluded.domain, created_at = excluded.created_at,
        password_changed_at = excluded.password_changed_at, last_seen_at = excluded.last_seen_at,
        note = COALESCE(smtp_users.note, excluded.note),
        where_used = COALESCE(smtp_users.where_used, excluded.where_used),
        deleted_at = NULL, deleted_reason = NULL`),
    activeOfDomain: db.prepare(
      'SELECT * FROM smtp_users WHERE account_id = ? AND domain_id = ? AND deleted_at IS NULL ORDER BY created_at, login',
    ),
    allOfAccount: db.prepare(
      'SELECT * FROM smtp_users WHERE account_id = ? ORDER BY domain, created_at, login',
    ),
    byId: db.prepare('SELECT * FROM smtp_users WHERE account_id = ? AND id = ?'),
    // A user first seen as merely `missing` gets the real reason once an event tells it.
    markDeleted: db.prepare(
      "UPDATE smtp_users SET deleted_at = ?, deleted_reason = ? WHERE account_id = ? AND id = ? AND (deleted_at IS NULL OR (deleted_reason = 'missing' AND ? <> 'missing'))",
    ),
    markDomainDeleted: db.prepare(
      'UPDATE smtp_users SET deleted_at = ?, deleted_reason = ? WHERE account_id = ? AND domain_id = ? AND deleted_at IS NULL',
    ),
    setNote: db.prepare('UPDATE smtp_users SET note = ? WHERE account_id = ? AND id = ?'),
    setWhereUsed: db.prepare(
      'UPDATE smtp_users SET where_used = ? WHERE account_id = ? AND id = ?',
    ),
    setPasswordChanged: db.prepare(
      'UPDATE smtp_users SET password_changed_at = ? WHERE account_id = ? AND id = ?',
    ),
  };

  function upsert(
    accountId: string,
    domainId: string,
    domain: string,
    user: SmtpUser,
    at: string,
    note: string | null = null,
    whereUsed: string | null = null,
  ): void {
    s.upsert.run({
      accountId,
      id: user.id,
      domainId,
      domain,
      login: user.login,
      createdAt: user.createdAt,
      passwordChangedAt: user.passwordChangedAt,
      note,
      whereUsed,
      at,
    });
  }

  return {
    /**
     * Takes the service's list for one domain: present users are stored (and revived if they were
     * marked deleted); users the inventory had that the service no longer lists are marked
     * deleted as `missing` (deleted elsewhere, e.g. from the dashboard).
     */
    syncDomain: db.transaction(
      (
        accountId: string,
        domainId: string,
        domain: string,
        users: SmtpUser[],
        at: string,
      ): void => {
        const present = new Set(users.map((u) => u.id));
        for (const user of users) upsert(accountId, domainId, domain, user, at);
        for (const row of s.activeOfDomain.all(accountId, domainId) as Row[]) {
          if (!present.has(row.id)) s.markDeleted.run(at, 'missing', accountId, row.id, 'missing');
        }
      },
    ),

    add: db.transaction(
      (
        accountId: string,
        domainId: string,
        domain: string,
        user: SmtpUser,
        note: string | null,
        at: string,
        whereUsed: string | null = null,
      ) => {
        upsert(accountId, domainId, domain, user, at, note, whereUsed);
      },
    ),

    active(accountId: string, domainId: string): InventoryUser[] {
      return (s.activeOfDomain.all(accountId, domainId) as Row[]).map(toUser);
    },

    all(accountId: string): InventoryUser[] {
      return (s.allOfAccount.all(accountId) as Row[]).map(toUser);
    },

    get(accountId: string, id: string): InventoryUser | undefined {
      const row = s.byId.get(accountId, id) as Row | undefined;
      return row ? toUser(row) : undefined;
    },

    /** Returns how many were newly marked (already-deleted users keep their first reason). */
    markDeleted: db.transaction(
      (accountId: string, ids: string[], reason: DeletionReason, at: string): number => {
        let changed = 0;
        for (const id of ids)
          changed += s.markDeleted.run(at, reason, accountId, id, reason).changes;
        return changed;
      },
    ),

    markDomainDeleted(accountId: string, domainId: string, at: string): number {
      return s.markDomainDeleted.run(at, 'domain_deleted', accountId, domainId).changes;
    },

    setNote(accountId: string, id: string, note: string | null): boolean {
      return s.setNote.run(note, accountId, id).changes > 0;
    },

    /** "Where it's used": the apps and integrations sending with the login (local only). */
    setWhereUsed(accountId: string, id: string, whereUsed: string | null): boolean {
      return s.setWhereUsed.run(whereUsed, accountId, id).changes > 0;
    },

    setPasswordChanged(accountId: string, id: string, at: string): void {
      s.setPasswordChanged.run(at, accountId, id);
    },
  };
}
export type SmtpUsersRepo = ReturnType<typeof createSmtpUsersRepo>;
