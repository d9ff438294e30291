import type { SmtpUserListView, SmtpUserView } from '../../shared/contract';
import { SMTP_USERS_PER_DOMAIN } from '../../shared/kyrios';
import { NO_AUDIT, type AuditTrail } from '../db/audit-repo';
import type { DomainsRepo } from '../db/domains-repo';
import type { InventoryUser, SmtpUsersRepo } from '../db/smtp-users-repo';
import type { KyriosClient } from '../kyrios/client';
import { KyriosError } from '../kyrios/kyrios-error';
import { toServiceError, viaKyrios } from './domains-service';
import type { EventBus } from './event-bus';
import { ServiceError } from './service-error';

export interface SmtpServiceDeps {
  accountId: string;
  kyrios: Pick<
    KyriosClient,
    'listSmtpUsers' | 'createSmtpUser' | 'resetSmtpPassword' | 'deleteSmtpUser'
  >;
  users: SmtpUsersRepo;
  domains: Pick<DomainsRepo, 'get'>;
  events: Pick<EventBus, 'emit'>;
  now?: () => Date;
  /** Each action and its inventory change are stored together. */
  audit?: AuditTrail;
  /** Days after which a password is due for rotation (the setting). */
  rotationDays?: () => number;
}

const DAY_MS = 86_400_000;

/** Trimmed; blank is no value. */
function clean(text: string | null | undefined): string | null {
  return text?.trim() ? text.trim() : null;
}
export const DEFAULT_ROTATION_DAYS = 90;

/** An inventory user as the app shows it, with the password's age and the rotation reminder. */
export function smtpUserView(
  user: Pick<
    InventoryUser,
    'id' | 'domainId' | 'login' | 'createdAt' | 'passwordChangedAt' | 'note' | 'whereUsed'
  >,
  now: Date,
  rotationDays = DEFAULT_ROTATION_DAYS,
): SmtpUserView {
  const changed = Date.parse(user.passwordChangedAt);
  const ageDays = Number.isNaN(changed)
    ? 0
    : Math.max(0, Math.floor((now.getTime() - changed) / DAY_MS));
  return {
    id: user.id,
    domainId: user.domainId,
    login: user.login,
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
    note: user.note,
    whereUsed: user.whereUsed,
    passwordAgeDays: ageDays,
    rotationDue: ageDays >= rotationDays,
  };
}

/** SMTP credentials per domain; the inventory keeps their metadata (never a password). */
export function createSmtpService(deps: SmtpServiceDeps) {
  const clock = deps.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const { accountId } = deps;
  const audit = deps.audit ?? NO_AUDIT;
  const view = (user: InventoryUser) =>
    smtpUserView(user, clock(), deps.rotationDays?.() ?? DEFAULT_ROTATION_DAYS);

  function domainName(domainId: string): string {
    const domain = deps.domains.get(accountId, domainId);
    if (!domain)
      throw new ServiceError('not_found', 'This domain is not in the list any more: reload it.');
    return domain.name;
  }

  function existing(userId: string, domainId: string): InventoryUser {
    const user = deps.users.get(accountId, userId);
    if (!user || user.domainId !== domainId) {
      throw new ServiceError(
        'not_found',
        'This SMTP user is not known here any more: reload the list.',
      );
    }
    return user;
  }

  return {
    async list(domainId: string): Promise<SmtpUserListView> {
      const domain = domainName(domainId);
      try {
        const { users, limit } = await deps.kyrios.listSmtpUsers(domainId);
        const at = now();
        deps.users.syncDomain(accountId, domainId, domain, users, at);
        return {
          users: deps.users.active(accountId, domainId).map(view),
          limit,
          source: 'live',
          syncedAt: at,
        };
      } catch (error) {
        if (error instanceof KyriosError && error.code === 'offline') {
          const users = deps.users.active(accountId, domainId);
          return {
            users: users.map(view),
            limit: SMTP_USERS_PER_DOMAIN,
            source: 'cache',
            syncedAt: users.reduce<string | null>(
              (a, u) => (a && a > u.createdAt ? a : u.createdAt),
              null,
            ),
            offlineReason: error.message,
          };
        }
        throw toServiceError(error);
      }
    },

    /** The password is returned once and never stored. */
    async create(
      domainId: string,
      login: string,
      password: string | undefined,
      note: string | undefined,
      whereUsed?: string,
    ): Promise<{ user: SmtpUserView; password: string }> {
      const domain = domainName(domainId);
      const created = await viaKyrios(() => deps.kyrios.createSmtpUser(domainId, login, password));
      const cleanNote = clean(note);
      const cleanWhere = clean(whereUsed);
      audit.write(
        {
          action: 'smtp_user_created',
          target: created.user.login,
          detail: { domain, note: cleanNote, whereUsed: cleanWhere },
        },
        () =>
          deps.users.add(accountId, domainId, domain, created.user, cleanNote, now(), cleanWhere),
      );
      deps.events.emit('smtp:changed', { domainId });
      return {
        user: smtpUserView(
          { ...created.user, domainId, note: cleanNote, whereUsed: cleanWhere },
          clock(),
          deps.rotationDays?.(),
        ),
        password: created.password,
      };
    },

    async resetPassword(domainId: string, userId: string, password: string): Promise<SmtpUserView> {
      const user = existing(userId, domainId);
      await viaKyrios(() => deps.kyrios.resetSmtpPassword(domainId, userId, password));
      audit.write(
        { action: 'smtp_password_reset', target: user.login, detail: { domain: user.domain } },
        () => deps.users.setPasswordChanged(accountId, userId, now()),
      );
      deps.events.emit('smtp:changed', { domainId });
      return view(existing(userId, domainId));
    },

    async remove(domainId: string, userId: string): Promise<void> {
      const user = existing(userId, domainId);
      await viaKyrios(() => deps.kyrios.deleteSmtpUser(domainId, userId));
      audit.write(
        { action: 'smtp_user_deleted', target: user.login, detail: { domain: user.domain } },
        () => deps.users.markDeleted(accountId, [userId], 'deleted', now()),
      );
      deps.events.emit('smtp:changed', { domainId });
    },

    /** The note, and "Where it's used" when given (undefined: left as it is). Local only. */
    setNote(
      domainId: string,
      userId: string,
      note: string | null,
      whereUsed?: string | null,
    ): SmtpUserView {
      const user = existing(userId, domainId);
      const cleanNote = clean(note);
      if (cleanNote !== user.note) {
        audit.write(
          {
            action: 'smtp_note_changed',
            target: user.login,
            detail: { domain: user.domain, note: cleanNote },
          },
          () => deps.users.setNote(accountId, userId, cleanNote),
        );
      }
      const cleanWhere = whereUsed === undefined ? user.whereUsed : clean(whereUsed);
      if (cleanWhere !== user.whereUsed) {
        audit.write(
          {
            action: 'smtp_where_used_changed',
            target: user.login,
            detail: { domain: user.domain, whereUsed: cleanWhere },
          },
          () => deps.users.setWhereUsed(accountId, userId, cleanWhere),
        );
      }
      return view(existing(userId, domainId));
    },
  };
}
export type SmtpService = ReturnType<typeof createSmtpService>;
