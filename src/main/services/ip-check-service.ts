import { checkIp, DnsInputError, type IpCheckOptions } from '../../dns';
import type { EventPayload, IpCheckView } from '../../shared/contract';
import type { IpCheckResult } from '../../shared/ip-check';
import type { MonitorAlert } from '../../shared/monitor';
import type { MonitorRepo } from '../db/monitor-repo';
import type { SnapshotsRepo } from '../db/snapshots-repo';
import { ServiceError } from './service-error';

const KEY = 'ip-check';

export interface IpCheckServiceDeps {
  accountId: string;
  /** The account's dedicated IP: live, or the last known one offline (DNS needs no Kyrios). */
  dedicatedIp: () => Promise<string | null>;
  snapshots: SnapshotsRepo;
  monitor: MonitorRepo;
  /** Resolvers and blocklists (the settings, or --resolver). */
  options: () => IpCheckOptions;
  transaction: <T>(fn: () => T) => T;
  emit: (name: 'ip:checked', payload: EventPayload<'ip:checked'>) => void;
  /** Alerts opened or resolved: pushes and notifications. */
  onAlerts: (opened: MonitorAlert[], resolved: MonitorAlert[]) => void;
  check?: typeof checkIp;
}

/**
 * The dedicated IP's reverse DNS and blocklist listings, checked on demand and by monitoring. The
 * last result is kept (readable offline). A listing or failing reverse DNS opens an alert; only
 * a clear answer closes it again — an `unknown` says nothing either way.
 */
export function createIpCheckService(deps: IpCheckServiceDeps) {
  const { accountId } = deps;
  const check = deps.check ?? checkIp;

  function latest(reason: string | null = null): IpCheckView {
    const stored = deps.snapshots.get<IpCheckResult>(accountId, KEY)?.value ?? null;
    return {
      ip: stored?.ip ?? null,
      result: stored,
      source: 'cache',
      reason: stored ? reason : (reason ?? 'The dedicated IP has not been checked yet.'),
    };
  }

  function applyAlerts(result: IpCheckResult) {
    const at = result.checkedAt;
    const opened: MonitorAlert[] = [];
    const resolved: MonitorAlert[] = [];
    const open = (alert: MonitorAlert | null) => alert && opened.push(alert);
    for (const list of result.blocklists) {
      if (list.status === 'listed') {
        open(
          deps.monitor.openAlert(accountId, {
            kind: 'ip_listed',
            domainId: null,
            domain: null,
            subject: list.zone,
            record: null,
            before: null,
            after: null,
            since: at,
            message: `The dedicated IP ${result.ip} is listed on ${list.name} (${list.zone}): ${list.message}${list.reason ? ` ${list.reason}` : ''}`,
          }),
        );
      } else if (list.status === 'not_listed') {
        resolved.push(...deps.monitor.resolveAlerts(accountId, 'ip_listed', null, at, list.zone));
      }
    }
    if (result.reverse.status === 'fail') {
      open(
        deps.monitor.openAlert(accountId, {
          kind: 'ip_reverse',
          domainId: null,
          domain: null,
          subject: result.ip,
          record: null,
          before: null,
          after: null,
          since: at,
          message: result.reverse.message,
        }),
      );
    } else if (result.reverse.status === 'pass') {
      resolved.push(...deps.monitor.resolveAlerts(accountId, 'ip_reverse', null, at));
    }
    return { opened, resolved };
  }

  return {
    latest: () => latest(),

    async check(signal?: AbortSignal): Promise<IpCheckView> {
      const ip = await deps.dedicatedIp();
      if (!ip) {
        return { ...latest('This account has no dedicated IP to check.'), ip: null, result: null };
      }
      let result: IpCheckResult;
      try {
        result = await check(ip, { ...deps.options(), ...(signal ? { signal } : {}) });
      } catch (error) {
        if (error instanceof DnsInputError)
          throw new ServiceError('invalid_request', error.message);
        throw error;
      }
      const { opened, resolved } = deps.transaction(() => {
        deps.snapshots.put(accountId, KEY, result, result.checkedAt);
        return applyAlerts(result);
      });
      deps.emit('ip:checked', {
        ip: result.ip,
        status: result.status,
        checkedAt: result.checkedAt,
      });
      deps.onAlerts(opened, resolved);
      return { ip: result.ip, result, source: 'live', reason: null };
    },
  };
}
export type IpCheckService = ReturnType<typeof createIpCheckService>;
