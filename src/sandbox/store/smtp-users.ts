import type { SqliteDatabase } from '../../sqlite/open-database';
import type { Clock } from '../clock';
import { newId } from '../ids';
import { SMTP_USERS_PER_DOMAIN } from '../limits';
import type { EventsStore, UserRef } from './events';

/** An SMTP user as the API shows it: never its password. */
export interface SmtpUser {
  id: string;
  login: string;
  createdAt: string;
  passwordChangedAt: string;
}

/** An active SMTP user with what AUTH and sending need. */
export interface SmtpIdentity {
  id: string;
  login: string;
  accountId: string;
  domainId: string;
  domain: string;
  passwordHash: string;
}

export type DeletionReason = 'deleted' | 'domain_deleted' | 'daily_limit';

export type CreateSmtpUserResult =
  | { ok: true; user: SmtpUser }
  | {
      ok: false;
      code: 'not_found' | 'domain_not_verified' | 'smtp_user_limit' | 'smtp_user_exists';
    };

interface UserRow {
  id: string;
  login: string;
  created_at: string;
  password_changed_at: string;
}

const toUser = (r: UserRow): SmtpUser => ({
  id: r.id,
  login: r.login,
  createdAt: r.created_at,
  passwordChangedAt: r.password_changed_at,
});

export function createSmtpUsersStore(db: SqliteDatabase, now: Clock, events: EventsStore) {
  const s = {
    domain: db.prepare(
      'SELECT id, name, status FROM domains WHERE id = ? AND account_id = ? AND deleted_at IS NULL',
    ),
    activeOfDomain: db.prepare(
      `SELECT id, login, created_at, password_changed_at FROM smtp_users
       WHERE domain_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
    ),
    countActive: db.prepare(
      'SELECT count(*) AS n FROM smtp_users WHERE domain_id = ? AND deleted_at IS NULL',
    ),
    activeLogin: db.prepare('SELECT id FROM smtp_users WHERE login = ? AND deleted_at IS NULL'),
    insert: db.prepare(`
      INSERT INTO smtp_users (id, account_id, domain_id, login, password_hash, created_at, password_changed_at)
      VALUES (@id, @accountId, @domainId, @login, @hash, @at, @at)`),
    userInDomain: db.prepare(
      `SELECT u.id, u.login, u.domain_id AS domainId, d.name AS domain FROM smtp_users u
       JOIN domains d ON d.id = u.domain_id
       WHERE u.id = ? AND u.domain_id = ? AND u.account_id = ? AND u.deleted_at IS NULL
         AND d.deleted_at IS NULL`,
    ),
    setPassword: db.prepare(
      'UPDATE smtp_users SET password_hash = ?, password_changed_at = ? WHERE id = ? AND deleted_at IS NULL',
    ),
    markDeleted: db.prepare(
      'UPDATE smtp_users SET deleted_at = ?, deleted_reason = ? WHERE id = ? AND deleted_at IS NULL',
    ),
    activeRefsOfDomain: db.prepare(
      `SELECT u.id AS userId, u.login, u.domain_id AS domainId, d.name AS domain FROM smtp_users u
       JOIN domains d ON d.id = u.domain_id
       WHERE u.domain_id = ? AND u.deleted_at IS NULL ORDER BY u.created_at, u.id`,
    ),
    activeRefsOfAccount: db.prepare(
      `SELECT u.id AS userId, u.login, u.domain_id AS domainId, d.name AS domain FROM smtp_users u
       JOIN domains d ON d.id = u.domain_id
       WHERE u.account_id = ? AND u.deleted_at IS NULL ORDER BY d.name, u.created_at, u.id`,
    ),
    identityByLogin: db.prepare(
      `SELECT u.id, u.login, u.account_id AS accountId, u.domain_id AS domainId, d.name AS domain,
         u.password_hash AS passwordHash
       FROM smtp_users u JOIN domains d ON d.id = u.domain_id
       WHERE u.login = ? AND u.deleted_at IS NULL`,
    ),
    isActive: db.prepare('SELECT 1 AS ok FROM smtp_users WHERE id = ? AND deleted_at IS NULL'),
  };

  function markAll(refs: UserRef[], reason: DeletionReason): void {
    const at = now().toISOString();
    for (const ref of refs) s.markDeleted.run(at, reason, ref.userId);
  }

  return {
    /** The domain's active users, oldest first; undefined when the domain does not exist. */
    list(accountId: string, domainId: string): SmtpUser[] | undefined {
      if (!s.domain.get(domainId, accountId)) return undefined;
      return (s.activeOfDomain.all(domainId) as UserRow[]).map(toUser);
    },

    /**
     * Creates a user if the domain is verified, has fewer than five users and the login is free.
     * The count and the insert share one synchronous transaction, so parallel creates can never
     * leave a sixth user.
     */
    create: db.transaction(
      (input: {
        accountId: string;
        domainId: string;
        login: string;
        passwordHash: string;
      }): CreateSmtpUserResult => {
        const domain = s.domain.get(input.domainId, input.accountId) as
          { id: string; name: string; status: string } | undefined;
        if (!domain) return { ok: false, code: 'not_found' };
        if (domain.status !== 'verified') return { ok: false, code: 'domain_not_verified' };
        if (s.activeLogin.get(input.login)) return { ok: false, code: 'smtp_user_exists' };
        const { n } = s.countActive.get(input.domainId) as { n: number };
        if (n >= SMTP_USERS_PER_DOMAIN) return { ok: false, code: 'smtp_user_limit' };
        const id = newId('smtp');
        const at = now().toISOString();
        s.insert.run({ ...input, id, hash: input.passwordHash, at });
        events.append(input.accountId, 'smtp_user_created', {
          userId: id,
          login: input.login,
          domainId: domain.id,
          domain: domain.name,
        });
        return {
          ok: true,
          user: { id, login: input.login, createdAt: at, passwordChangedAt: at },
        };
      },
    ),

    /** The active user `userId` of the domain, or undefined. */
    find(accountId: string, domainId: string, userId: string): UserRef | undefined {
      const row = s.userInDomain.get(userId, domainId, accountId) as
        { id: string; login: string; domainId: string; domain: string } | undefined;
      return (
        row && { userId: row.id, login: row.login, domainId: row.domainId, domain: row.domain }
      );
    },

    setPassword: db.transaction(
      (accountId: string, domainId: string, userId: string, passwordHash: string): boolean => {
        const row = s.userInDomain.get(userId, domainId, accountId) as
          { id: string; login: string; domainId: string; domain: string } | undefined;
        if (!row) return false;
        s.setPassword.run(passwordHash, now().toISOString(), userId);
        events.append(accountId, 'password_reset', {
          userId,
          login: row.login,
          domainId: row.domainId,
          domain: row.domain,
        });
        return true;
      },
    ),

    delete: db.transaction((accountId: string, domainId: string, userId: string): boolean => {
      const row = s.userInDomain.get(userId, domainId, accountId) as
        { id: string; login: string; domainId: string; domain: string } | undefined;
      if (!row) return false;
      s.markDeleted.run(now().toISOString(), 'deleted', userId);
      events.append(accountId, 'smtp_user_deleted', {
        userId,
        login: row.login,
        domainId: row.domainId,
        domain: row.domain,
        reason: 'deleted',
      });
      return true;
    }),

    /** Deletes the domain's users (inside the domain's deletion transaction); their logins. */
    deleteAllOfDomain(accountId: string, domainId: string): string[] {
      const refs = s.activeRefsOfDomain.all(domainId) as UserRef[];
      markAll(refs, 'domain_deleted');
      for (const ref of refs) {
        events.append(accountId, 'smtp_user_deleted', { ...ref, reason: 'domain_deleted' });
      }
      return refs.map((r) => r.login);
    },

    /** Deletes every active user of the account (inside the daily-limit transaction). */
    revokeAllOfAccount(accountId: string): UserRef[] {
      const refs = s.activeRefsOfAccount.all(accountId) as UserRef[];
      markAll(refs, 'daily_limit');
      return refs;
    },

    identityByLogin(login: string): SmtpIdentity | undefined {
      return s.identityByLogin.get(login) as SmtpIdentity | undefined;
    },

    isActive(userId: string): boolean {
      return s.isActive.get(userId) !== undefined;
    },
  };
}
export type SmtpUsersStore = ReturnType<typeof createSmtpUsersStore>;
