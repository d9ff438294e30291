import type { RevocationView, RevokedUser, SmtpUserView } from '../../shared/contract';
import type { Account } from '../../shared/kyrios';
import { NO_AUDIT, type AuditTrail } from '../db/audit-repo';
import type { DomainsRepo } from '../db/domains-repo';
import type { RevocationsRepo, StoredRevocation } from '../db/revocations-repo';
import type { SmtpUsersRepo } from '../db/smtp-users-repo';
import { KyriosError, type KyriosClient } from '../kyrios/client';
import { viaKyrios } from './domains-service';
import type { EventBus } from './event-bus';
import { ServiceError } from './service-error';
import { DEFAULT_ROTATION_DAYS, smtpUserView } from './smtp-service';

export interface RevocationServiceDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'getAccount' | 'createSmtpUser'>;
  users: SmtpUsersRepo;
  revocations: RevocationsRepo;
  domains: Pick<DomainsRepo, 'get'>;
  events: Pick<EventBus, 'emit'>;
  audit?: AuditTrail;
  rotationDays?: () => number;
  /** The last account reading, when the service cannot be asked. */
  cachedAccount?: () => Account | null;
  now?: () => Date;
}

interface SendingState {
  possible: boolean;
  reason: string | null;
  resetsAt: string | null;
}

/**
 * What the daily-limit rule deleted, from the local inventory, and "Recreate": the same login on
 * the same domain with the note carried over and a new password (shown once), the old inventory
 * entry linked to the new one. Recreate waits until the UTC day of the revocation is over, as the
 * service's own day says: before that, new credentials could not send anyway.
 */
export function createRevocationService(deps: RevocationServiceDeps) {
  const { accountId } = deps;
  const clock = deps.now ?? (() => new Date());
  const audit = deps.audit ?? NO_AUDIT;

  /** The UTC day whose limit deleted this user. */
  function revokedOn(userId: string, deletedAt: string, stored: StoredRevocation[]): string {
    const match = stored.find((r) => r.detail?.users.some((u) => u.userId === userId));
    return match?.day ?? deletedAt.slice(0, 10);
  }

  function sendingState(
    account: Account | null,
    blockedDay: string | null,
    live: boolean,
  ): SendingState {
    if (blockedDay === null)
      return { possible: true, reason: null, resetsAt: account?.resetsAt ?? null };
    if (!account) {
      return {
        possible: false,
        reason: 'Kyrios cannot be reached, so it is not known whether the daily count has reset.',
        resetsAt: null,
      };
    }
    if (account.day > blockedDay) {
      return live
        ? { possible: true, reason: null, resetsAt: account.resetsAt }
        : {
            possible: false,
            reason: 'Kyrios cannot be reached right now; Recreate needs it.',
            resetsAt: account.resetsAt,
          };
    }
    return {
      possible: false,
      reason: `The daily limit of ${account.dailyLimit.toLocaleString('en-US')} emails was exceeded on ${blockedDay} (UTC). Sending is possible again after the count resets at ${account.resetsAt}; recreate the credentials then.`,
      resetsAt: account.resetsAt,
    };
  }

  async function currentAccount(): Promise<{ account: Account | null; live: boolean }> {
    try {
      return { account: await deps.kyrios.getAccount(), live: true };
    } catch (error) {
      if (error instanceof KyriosError && error.code === 'offline') {
        return { account: deps.cachedAccount?.() ?? null, live: false };
      }
      throw error;
    }
  }

  function revokedUsers(stored: StoredRevocation[]): RevokedUser[] {
    const links = deps.revocations.links(accountId);
    return deps.users
      .all(accountId)
      .filter((u) => u.deletedReason === 'daily_limit' && u.deletedAt !== null)
      .map((u) => {
        const link = links.get(u.id);
        return {
          id: u.id,
          login: u.login,
          domainId: u.domainId,
          domain: u.domain,
          note: u.note,
          whereUsed: u.note,
          createdAt: u.createdAt,
          deletedAt: u.deletedAt as string,
          revokedOn: revokedOn(u.id, u.deletedAt as string, stored),
          recreatedAs: link ? { id: link.newId, at: link.at } : null,
        };
      })
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt) || a.login.localeCompare(b.login));
  }

  return {
    async list(): Promise<RevocationView> {
      const stored = deps.revocations.list(accountId);
      const users = revokedUsers(stored);
      const latest = stored[0];
      const blockedDay = latest?.day ?? users[0]?.revokedOn ?? null;
      const { account, live } = await currentAccount().catch(() => ({
        account: null,
        live: false,
      }));
      return {
        latest: latest
          ? {
              eventId: latest.eventId,
              at: latest.at,
              day: latest.day,
              sent: latest.detail?.sent ?? null,
              dailyLimit: latest.detail?.dailyLimit ?? null,
              trigger: latest.detail?.trigger.login ?? null,
              count: latest.detail?.users.length ?? 0,
            }
          : null,
        users,
        sending: sendingState(account, blockedDay, live),
      };
    },

    async recreate(
      userId: string,
    ): Promise<{ user: SmtpUserView; password: string; replaces: string }> {
      const old = deps.users.get(accountId, userId);
      if (!old || old.deletedReason !== 'daily_limit' || !old.deletedAt) {
        throw new ServiceError(
          'not_found',
          'Only SMTP users the daily-limit rule deleted can be recreated here; create new credentials instead.',
        );
      }
      const link = deps.revocations.links(accountId).get(userId);
      if (link) {
        throw new ServiceError(
          'smtp_user_exists',
          `${old.login} was already recreated; its new credentials are in the list.`,
        );
      }
      if (!deps.domains.get(accountId, old.domainId)) {
        throw new ServiceError(
          'not_found',
          `The domain ${old.domain} is no longer on the account: add and verify it again first.`,
        );
      }
      const account = await viaKyrios(() => deps.kyrios.getAccount());
      const day = revokedOn(userId, old.deletedAt, deps.revocations.list(accountId));
      const state = sendingState(account, day, true);
      if (!state.possible) throw new ServiceError('limit_not_reset', state.reason ?? 'Not yet.');

      const created = await viaKyrios(() => deps.kyrios.createSmtpUser(old.domainId, old.login));
      const at = clock().toISOString();
      audit.write(
        {
          action: 'smtp_user_recreated',
          target: created.user.login,
          detail: { domain: old.domain, replaces: old.id, note: old.note },
        },
        () => {
          deps.users.add(accountId, old.domainId, old.domain, created.user, old.note, at);
          deps.revocations.link(accountId, old.id, created.user.id, at);
        },
      );
      deps.events.emit('smtp:changed', { domainId: old.domainId });
      return {
        user: smtpUserView(
          { ...created.user, domainId: old.domainId, note: old.note },
          clock(),
          deps.rotationDays?.() ?? DEFAULT_ROTATION_DAYS,
        ),
        password: created.password,
        replaces: old.id,
      };
    },
  };
}
export type RevocationService = ReturnType<typeof createRevocationService>;
