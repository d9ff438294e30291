import { checkCounts } from '../../shared/check-counts';
import type { StoredCheck } from '../../shared/contract';
import type { DomainCheckResult } from '../../shared/dns-check';
import type { Domain } from '../../shared/domain';
import type { ExpectedRecords } from '../../shared/records';
import { checkDomain, DnsInputError, type CheckOptions } from '../../dns';
import type { CheckHistoryRepo, CheckTrigger } from '../db/check-history-repo';
import type { DomainsRepo } from '../db/domains-repo';
import type { EventBus } from './event-bus';
import type { RecordWatch, WatchOutcome } from './record-watch';
import { ServiceError } from './service-error';

export interface DnsCheckServiceDeps {
  accountId: string;
  domains: Pick<DomainsRepo, 'get'>;
  history: CheckHistoryRepo;
  events: Pick<EventBus, 'emit'>;
  /** Which servers to ask: the user's settings, or `--authoritative` / `--resolver`. */
  dnsOptions: () => CheckOptions;
  check?: (expected: ExpectedRecords, options: CheckOptions) => Promise<DomainCheckResult>;
  /** The timeline, drift and readiness, applied in the transaction that stores each check. */
  watch?: Pick<RecordWatch, 'apply'>;
  transaction?: <T>(fn: () => T) => T;
  /** After the transaction: pushes and notifications for the alerts it opened or resolved. */
  onWatched?: (domain: Domain, outcome: WatchOutcome) => void;
}

export function expectedRecordsOf(domain: Domain): ExpectedRecords {
  return {
    domain: domain.name,
    records: domain.records.map((r) => ({
      purpose: r.purpose,
      type: r.type,
      name: r.name,
      value: r.value,
      ...(r.priority === undefined ? {} : { priority: r.priority }),
      required: r.required,
    })),
  };
}

/**
 * Local DNS diagnostics for a domain's generated records, stored in the check history. Works from
 * the cached records, so it runs with Kyrios unreachable too.
 */
export function createDnsCheckService(deps: DnsCheckServiceDeps) {
  const check = deps.check ?? checkDomain;
  // One check per domain at a time: a second click joins the running one.
  const running = new Map<string, Promise<StoredCheck>>();

  const transaction = deps.transaction ?? (<T>(fn: () => T): T => fn());

  async function run(
    domainId: string,
    trigger: CheckTrigger,
    signal: AbortSignal | undefined,
  ): Promise<StoredCheck> {
    const domain = deps.domains.get(deps.accountId, domainId);
    if (!domain) {
      throw new ServiceError('not_found', 'This domain is not in the list any more: reload it.');
    }
    let result: DomainCheckResult;
    try {
      result = await check(expectedRecordsOf(domain), {
        ...deps.dnsOptions(),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof DnsInputError) throw new ServiceError('invalid_request', error.message);
      throw error;
    }
    const { runId, outcome } = transaction(() => {
      const id = deps.history.save(deps.accountId, domainId, result, trigger);
      return { runId: id, outcome: deps.watch?.apply(domain, result, id, trigger) };
    });
    deps.events.emit('dns:checked', {
      domainId,
      runId,
      status: result.status,
      run: {
        domainId,
        id: runId,
        checkedAt: result.checkedAt,
        status: result.status,
        trigger,
        ...checkCounts(result.records),
      },
    });
    if (outcome) deps.onWatched?.(domain, outcome);
    return { ...result, runId };
  }

  return {
    check(
      domainId: string,
      trigger: CheckTrigger = 'manual',
      signal?: AbortSignal,
    ): Promise<StoredCheck> {
      const existing = running.get(domainId);
      if (existing) return existing;
      const promise = run(domainId, trigger, signal).finally(() => running.delete(domainId));
      running.set(domainId, promise);
      return promise;
    },
    latest(domainId: string): StoredCheck | null {
      return deps.history.latest(deps.accountId, domainId);
    },
    latestRuns() {
      return { runs: deps.history.latestRuns(deps.accountId) };
    },
    history(domainId: string, limit = 50) {
      return { runs: deps.history.runs(deps.accountId, domainId, limit) };
    },
    run(runId: number): DomainCheckResult {
      const result = deps.history.get(deps.accountId, runId);
      if (!result) throw new ServiceError('not_found', `No stored check ${runId}.`);
      return result;
    },
  };
}
export type DnsCheckService = ReturnType<typeof createDnsCheckService>;
