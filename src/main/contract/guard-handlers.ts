import type { KyriosAccount } from '../services/kyrios-account';
import type { ConnectionProbe } from '../services/connection-probe';
import type { DomainsRepo } from '../db/domains-repo';
import { usageCsv } from '../services/exports';
import type { IpCheckService } from '../services/ip-check-service';
import type { LimitGuard } from '../services/limit-guard';
import type { MonitorService } from '../services/monitor-service';
import type { RevocationService } from '../services/revocation-service';
import { ServiceError } from '../services/service-error';
import type { Handlers } from './dispatch';

type Channels =
  | 'guard:get'
  | 'usage:export-csv'
  | 'revocation:list'
  | 'smtp:recreate'
  | 'monitor:status'
  | 'monitor:run'
  | 'monitor:alerts'
  | 'dns:timeline'
  | 'ip:check'
  | 'ip:latest'
  | 'connection:get';

export interface GuardHandlerDeps {
  accountId: string;
  accountLabel: string;
  account: KyriosAccount;
  guard: LimitGuard;
  revocation: RevocationService;
  monitor: MonitorService;
  ip: IpCheckService;
  probe: ConnectionProbe;
  domains: Pick<DomainsRepo, 'list'>;
  now: () => Date;
}

/** The guard-and-monitor channels of one account. */
export function guardHandlers(deps: GuardHandlerDeps): Pick<Handlers, Channels> {
  return {
    'guard:get': () => Promise.resolve(deps.guard.view()),
    'usage:export-csv': async ({ days, by }) => {
      const { usage } = await deps.account.usage(days ?? 30);
      if (!usage) {
        throw new ServiceError(
          'offline',
          'Kyrios cannot be reached and no usage was stored yet: connect once to export it.',
        );
      }
      return usageCsv(usage, by ?? 'day', deps.accountLabel, deps.now());
    },
    'revocation:list': () => deps.revocation.list(),
    'smtp:recreate': ({ userId }) => deps.revocation.recreate(userId),
    'monitor:status': () => Promise.resolve(deps.monitor.status()),
    'monitor:run': () => deps.monitor.runNow(),
    'monitor:alerts': ({ includeResolved }) => {
      const known = new Set(deps.domains.list(deps.accountId).map((d) => d.id));
      return Promise.resolve({ alerts: deps.monitor.alerts(known, includeResolved ?? false) });
    },
    'dns:timeline': ({ domainId, limit }) =>
      Promise.resolve({ changes: deps.monitor.timeline(domainId, limit ?? 100) }),
    'ip:check': () => deps.ip.check(),
    'ip:latest': () => Promise.resolve(deps.ip.latest()),
    'connection:get': () => Promise.resolve(deps.probe.view()),
  };
}
