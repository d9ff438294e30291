import type { RevocationView, RevokedUser, SmtpUserView } from '../../shared/contract';
import type { Account } from '../../shared/kyrios';
import { NO_AUDIT, type AuditTrail } from '../db/audit-repo';
import type { DomainsRepo } from '../db/domains-repo';
import type { RevocationsRepo, StoredRevocation } from '../db/revocations-repo';
import type { SmtpUsersRepo } from '../db/smtp-users-repo';
import type { KyriosClient } from '../kyrios/client';
import { KyriosError } from '../kyrios/kyrios-error';
import { viaKyrios } from './domains-service';
import type { EventBus } from './event-bus';
import { ServiceError } from './service-error';
import { DEFAULT_ROTATION_DAYS, smtpUserView } from './smtp-service';

export interface RevocationServiceDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'getAccount' | 'createSmtpUser'>;
  users: SmtpUsersRepo;
  revocations: RevocationsRepo;
  domains: Pick<DomainsRepo, 'get' | 'list'>;
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
 * What the daily-limit rule deleted, from the local inventory and the revocation events (a login
 * created elsewhere is named by the event only), and "Recreate": the same login on the same domain
 * with the note and "Where it's used" carried over and a new password (shown once), the revoked
 * login linked to the new user. Recreate waits until the UTC day of the revocation is over, as the
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

  /** The domain part of a login, lowercase ("" when it has none). */
  function domainPart(login: string): string {
    const at = login.lastIndexOf('@');
    return at >= 0 ? login.slice(at + 1).toLowerCase() : '';
  }

  /**
   * Every login the daily-limit rule deleted: the inventory's, with what is kept about them, and
   * every other login a stored revocation names (created elsewhere, never listed by the app), with
   * the account's domain matching the login's domain part.
   */
  function revokedUsers(stored: StoredRevocation[]): RevokedUser[] {
    const links = deps.revocations.links(accountId);
    const domains = deps.domains.list(accountId);
    const domainById = new Map(domains.map((d) => [d.id, d]));
    const domainByName = new Map(domains.map((d) => [d.name, d]));
    const inventory = deps.users.all(accountId);
    const inventoryIds = new Set(inventory.map((u) => u.id));
    const recreatedAs = (id: string) => {
      const link = links.get(id);
      return link ? { id: link.newId, at: link.at } : null;
    };

    const users: RevokedUser[] = inventory
      .filter((u) => u.deletedReason === 'daily_limit' && u.deletedAt !== null)
      .map((u) => ({
        id: u.id,
        login: u.login,
        domainId: u.domainId,
        domain: u.domain,
        domainKnown: domainById.has(u.domainId),
        inInventory: true,
        note: u.note,
        whereUsed: u.whereUsed,
        createdAt: u.createdAt,
        deletedAt: u.deletedAt as string,
        revokedOn: revokedOn(u.id, u.deletedAt as string, stored),
        recreatedAs: recreatedAs(u.id),
      }));

    const listed = new Set(users.map((u) => u.id));
    const listedLogins = new Set(users.map((u) => `${u.revokedOn} ${u.login}`));
    for (const revocation of stored) {
      const detail = revocation.detail;
      if (!detail) continue;
      // `users` names each login with its id; `logins` says the same, and is read in case a login
      // came without one.
      const refs = [
        ...detail.users.map((u) => ({ id: u.userId, login: u.login })),
        ...detail.logins
          .filter((login) => !detail.users.some((u) => u.login === login))
          .map((login) => ({ id: `${revocation.eventId}:${login}`, login })),
      ];
      for (const ref of refs) {
        if (inventoryIds.has(ref.id) || listed.has(ref.id)) continue;
        if (listedLogins.has(`${revocation.day} ${ref.login}`)) continue;
        const name = domainPart(ref.login);
        const domain = domainByName.get(name);
        users.push({
          id: ref.id,
          login: ref.login,
          domainId: domain?.id ?? null,
          domain: domain?.name ?? name,
          domainKnown: domain !== undefined,
          inInventory: false,
          note: null,
          whereUsed: null,
          createdAt: null,
          deletedAt: revocation.at,
          revokedOn: revocation.day,
          recreatedAs: recreatedAs(ref.id),
        });
        listed.add(ref.id);
        listedLogins.add(`${revocation.day} ${ref.login}`);
      }
    }
    return users.sort(
      (a, b) => b.deletedAt.localeCompare(a.deletedAt) || a.login.localeCompare(b.login),
    );
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
      const old = revokedUsers(deps.revocations.list(accountId)).find((u) => u.id === userId);
      if (!old) {
        throw new ServiceError(
          'not_found',
          'Only SMTP users the daily-limit rule deleted can be recreated here; create new credentials instead.',
        );
      }
      if (old.recreatedAs) {
        throw new ServiceError(
          'smtp_user_exists',
          `${old.login} was already recreated; its new credentials are in the list.`,
        );
      }
      const domainId = old.domainId;
      if (domainId === null || !deps.domains.get(accountId, domainId)) {
        throw new ServiceError(
          'not_found',
          `The domain ${old.domain} is not on the account: add and verify it again first.`,
        );
      }
      const account = await viaKyrios(() => deps.kyrios.getAccount());
      const state = sendingState(account, old.revokedOn, true);
      if (!state.possible) throw new ServiceError('limit_not_reset', state.reason ?? 'Not yet.');

      const created = await viaKyrios(() => deps.kyrios.createSmtpUser(domainId, old.login));
      const at = clock().toISOString();
      audit.write(
        {
          action: 'smtp_user_recreated',
          target: created.user.login,
          detail: {
            domain: old.domain,
            replaces: old.id,
            note: old.note,
            whereUsed: old.whereUsed,
          },
        },
        () => {
          deps.users.add(
            accountId,
            domainId,
            old.domain,
            created.user,
            old.note,
            at,
            old.whereUsed,
          );
          deps.revocations.link(accountId, old.id, created.user.id, at);
        },
      );
      deps.events.emit('smtp:changed', { domainId });
      return {
        user: smtpUserView(
          { ...created.user, domainId, note: old.note, whereUsed: old.whereUsed },
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
