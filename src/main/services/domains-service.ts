import type { DomainList } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import type { ErrorCode } from '../../shared/errors';
import { validateDomainName } from '../../shared/domain-name';
import { NO_AUDIT, type AuditTrail } from '../db/audit-repo';
import type { DomainsRepo } from '../db/domains-repo';
import type { SmtpUsersRepo } from '../db/smtp-users-repo';
import type { KyriosClient } from '../kyrios/client';
import { KyriosError } from '../kyrios/kyrios-error';
import type { EventBus } from './event-bus';
import { ServiceError } from './service-error';

export interface DomainsServiceDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'listDomains' | 'createDomain' | 'verifyDomain' | 'deleteDomain'>;
  repo: DomainsRepo;
  /** The inventory, told when a domain's SMTP users go with it. */
  users?: Pick<SmtpUsersRepo, 'markDomainDeleted'>;
  events: Pick<EventBus, 'emit'>;
  now?: () => Date;
  /** Each action and its cache change are stored together. */
  audit?: AuditTrail;
  /** Told of a domain the service just returned (monitoring closes "ready" once verified). */
  onDomain?: (domain: Domain) => void;
}

const PASSED_THROUGH = new Set<string>([
  'invalid_domain',
  'domain_exists',
  'not_found',
  'offline',
  'unauthorized',
  'bad_response',
  'rate_limited',
  'domain_not_verified',
  'invalid_login',
  'weak_password',
  'smtp_user_limit',
  'smtp_user_exists',
]);

/** Maps a Kyrios failure to what the renderer is told: the service's own words and code. */
export function toServiceError(error: unknown): unknown {
  if (!(error instanceof KyriosError)) return error;
  if (PASSED_THROUGH.has(error.code)) {
    return new ServiceError(error.code as ErrorCode, error.message);
  }
  if (error.code === 'invalid_request') return new ServiceError('invalid_request', error.message);
  return new ServiceError('service_error', error.message);
}

/** Runs a Kyrios call, turning its failure into the renderer's terms. */
export async function viaKyrios<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toServiceError(error);
  }
}

export function createDomainsService(deps: DomainsServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const audit = deps.audit ?? NO_AUDIT;

  return {
    /** The account's domains from the service, or the last known ones when it cannot be reached. */
    async list(): Promise<DomainList> {
      try {
        const domains = await deps.kyrios.listDomains();
        const syncedAt = now().toISOString();
        deps.repo.replaceAll(deps.accountId, domains, syncedAt);
        if (deps.onDomain) domains.forEach(deps.onDomain);
        return { domains, source: 'live', syncedAt };
      } catch (error) {
        if (error instanceof KyriosError && error.code === 'offline') {
          return {
            domains: deps.repo.list(deps.accountId),
            source: 'cache',
            syncedAt: deps.repo.lastSyncedAt(deps.accountId),
            offlineReason: error.message,
          };
        }
        throw toServiceError(error);
      }
    },

    /** "Add & Verify": the service generates the records; the result is cached at once. */
    async add(name: string): Promise<Domain> {
      const check = validateDomainName(name);
      if (!check.ok) throw new ServiceError('invalid_domain', check.message);
      const domain = await viaKyrios(() => deps.kyrios.createDomain(name));
      audit.write(
        { action: 'domain_added', target: domain.name, detail: { status: domain.status } },
        () => deps.repo.upsert(deps.accountId, domain, now().toISOString()),
      );
      deps.events.emit('domains:changed', { reason: 'added', domainId: domain.id });
      return domain;
    },

    /** "Verify Now" at the service; the updated statuses are cached. */
    async verify(domainId: string): Promise<Domain> {
      const { domain } = await viaKyrios(() => deps.kyrios.verifyDomain(domainId));
      audit.write(
        { action: 'domain_verify', target: domain.name, detail: { status: domain.status } },
        () => deps.repo.upsert(deps.accountId, domain, now().toISOString()),
      );
      deps.onDomain?.(domain);
      deps.events.emit('domains:changed', { reason: 'verified', domainId });
      return domain;
    },

    /** Deletes at the service, then locally; the domain's SMTP users go with it. */
    async remove(domainId: string): Promise<void> {
      const known = deps.repo.get(deps.accountId, domainId);
      await viaKyrios(() => deps.kyrios.deleteDomain(domainId));
      audit.write({ action: 'domain_deleted', target: known?.name ?? domainId }, () => {
        deps.repo.remove(deps.accountId, domainId);
        deps.users?.markDomainDeleted(deps.accountId, domainId, now().toISOString());
      });
      deps.events.emit('domains:changed', { reason: 'deleted', domainId });
    },
  };
}
export type DomainsService = ReturnType<typeof createDomainsService>;
