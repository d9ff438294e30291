import type { KyriosAccount } from '../services/kyrios-account';
import type { DnsCheckService } from '../services/dns-check-service';
import type { DomainsService } from '../services/domains-service';
import type { EventSync } from '../services/event-sync';
import type { SmtpService } from '../services/smtp-service';
import type { Handlers } from './dispatch';

type Channels =
  | 'account:get'
  | 'usage:get'
  | 'domains:verify'
  | 'domains:delete'
  | 'smtp:list'
  | 'smtp:create'
  | 'smtp:reset-password'
  | 'smtp:delete'
  | 'smtp:set-note';

export interface ServiceHandlerDeps {
  account: KyriosAccount;
  domains: DomainsService;
  dns: DnsCheckService;
  smtp: SmtpService;
  eventSync: EventSync;
}

/** Reads the event feed first, best effort: a list shown after a revocation says why users went. */
async function afterEvents(eventSync: EventSync): Promise<void> {
  await eventSync.sync().catch(() => undefined);
}

export function serviceHandlers(deps: ServiceHandlerDeps): Pick<Handlers, Channels> {
  return {
    'account:get': () => deps.account.account(),
    'usage:get': ({ days }) => deps.account.usage(days),
    'domains:verify': async ({ domainId }) => {
      // The service's verdict and the local diagnostics, at the same time; a local failure (e.g. no
      // DNS at all) does not hide the service's answer.
      const [domain, check] = await Promise.all([
        deps.domains.verify(domainId),
        deps.dns.check(domainId).catch(() => null),
      ]);
      return { domain, check };
    },
    'domains:delete': async ({ domainId }) => {
      await deps.domains.remove(domainId);
      return { domainId };
    },
    'smtp:list': async ({ domainId }) => {
      await afterEvents(deps.eventSync);
      return deps.smtp.list(domainId);
    },
    'smtp:create': ({ domainId, login, password, note, whereUsed }) =>
      deps.smtp.create(domainId, login, password, note, whereUsed),
    'smtp:reset-password': ({ domainId, userId, password }) =>
      deps.smtp.resetPassword(domainId, userId, password),
    'smtp:delete': async ({ domainId, userId }) => {
      await deps.smtp.remove(domainId, userId);
      return { userId };
    },
    'smtp:set-note': ({ domainId, userId, note, whereUsed }) =>
      Promise.resolve(deps.smtp.setNote(domainId, userId, note, whereUsed)),
  };
}
