import type { DomainList } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { validateDomainName } from '../../shared/domain-name';
import type { DomainsRepo } from '../db/domains-repo';
import { KyriosError, type KyriosClient } from '../kyrios/client';
import type { EventBus } from './event-bus';
import { ServiceError } from './service-error';

export interface DomainsServiceDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'listDomains' | 'createDomain'>;
  repo: DomainsRepo;
  events: EventBus;
  now?: () => Date;
}

/** Maps a Kyrios failure to what the renderer is told. */
export function toServiceError(error: unknown): unknown {
  if (!(error instanceof KyriosError)) return error;
  switch (error.code) {
    case 'invalid_domain':
    case 'domain_exists':
    case 'not_found':
    case 'offline':
    case 'unauthorized':
    case 'bad_response':
      return new ServiceError(error.code, error.message);
    default:
      return new ServiceError('service_error', error.message);
  }
}

export function createDomainsService(deps: DomainsServiceDeps) {
  const now = deps.now ?? (() => new Date());

  return {
    /** The account's domains from the service, or the last known ones when it cannot be reached. */
    async list(): Promise<DomainList> {
      try {
        const domains = await deps.kyrios.listDomains();
        const syncedAt = now().toISOString();
        deps.repo.replaceAll(deps.accountId, domains, syncedAt);
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
      let domain: Domain;
      try {
        domain = await deps.kyrios.createDomain(name);
      } catch (error) {
        throw toServiceError(error);
      }
      deps.repo.upsert(deps.accountId, domain, now().toISOString());
      deps.events.emit('domains:changed', { reason: 'added', domainId: domain.id });
      return domain;
    },
  };
}
export type DomainsService = ReturnType<typeof createDomainsService>;
