import { setMaxListeners } from 'node:events';
import type { CheckStatus } from '../../shared/dns-check';
import type { Domain } from '../../shared/domain';
import type {
  MonitorAlert,
  MonitorRunSummary,
  MonitorStatus,
  RecordChange,
} from '../../shared/monitor';
import type { MonitorRepo } from '../db/monitor-repo';
import type { SnapshotsRepo } from '../db/snapshots-repo';
import { createMonitorScheduler, type RunTrigger } from './monitor-scheduler';
import type { WatchOutcome } from './record-watch';
import type { Timers } from './timers';

const LAST_RUN = 'monitor:last-run';

export interface MonitorServiceDeps {
  accountId: string;
  /** The account's domains: from the service when it answers, else the cache. */
  domains: () => Promise<Domain[]>;
  /** One domain's check, stored with trigger `monitor` (the watch sees it). */
  checkDomain: (domainId: string, signal: AbortSignal) => Promise<unknown>;
  /** The dedicated IP's check; null when there is none. */
  checkIp: (signal: AbortSignal) => Promise<CheckStatus | null>;
  repo: MonitorRepo;
  snapshots: SnapshotsRepo;
  timers: Timers;
  intervalMinutes: () => number;
  emit: (name: 'monitor:finished', payload: MonitorRunSummary) => void;
  /** Domains checked at once; the DNS client bounds the queries underneath. */
  concurrency?: number;
  /** After each run: drops monitoring history older than the retention. */
  prune?: (before: string) => void;
  /** Days of monitoring runs kept in the check history (default 30). */
  retentionDays?: number;
  startDelayMs?: { min: number; max: number };
  random?: () => number;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Monitoring: every domain re-checked (local DNS check, trigger `monitor`, into the check history)
 * and the dedicated IP, soon after start and then every interval (the setting, default hourly),
 * with jitter and at most `concurrency` domains at once. The record watch turns the results into
 * the timeline and alerts; this counts what each run opened.
 */
export function createMonitorService(deps: MonitorServiceDeps) {
  const { accountId } = deps;
  const concurrency = deps.concurrency ?? 16;
  let counting: { drift: number; ready: number } | null = null;

  async function run(trigger: RunTrigger, signal: AbortSignal): Promise<MonitorRunSummary> {
    const startedAt = deps.timers.now().toISOString();
    // Every check in flight listens to the run's signal once (its deadline) and stops listening
    // when it ends: `concurrency` listeners at once is expected, not a leak, so Node's warning
    // past 10 would only be noise in the main process's log.
    setMaxListeners(concurrency + 4, signal);
    const domains = await deps.domains();
    const stats = { drift: 0, ready: 0 };
    counting = stats;
    let checked = 0;
    let errors = 0;
    let ip: CheckStatus | null = null;
    try {
      await inPool(domains, concurrency, async (domain) => {
        if (signal.aborted) return;
        try {
          await deps.checkDomain(domain.id, signal);
          checked += 1;
        } catch {
          errors += 1;
        }
      });
      if (!signal.aborted) ip = await deps.checkIp(signal).catch(() => null);
    } finally {
      counting = null;
    }
    const summary: MonitorRunSummary = {
      startedAt,
      finishedAt: deps.timers.now().toISOString(),
      trigger,
      domains: domains.length,
      checked,
      errors,
      drift: stats.drift,
      ready: stats.ready,
      ip,
    };
    if (!signal.aborted) {
      const keepMs = (deps.retentionDays ?? 30) * 86_400_000;
      deps.prune?.(new Date(deps.timers.now().getTime() - keepMs).toISOString());
      deps.snapshots.put(accountId, LAST_RUN, summary, summary.finishedAt);
      deps.emit('monitor:finished', summary);
    }
    return summary;
  }

  const scheduler = createMonitorScheduler({
    timers: deps.timers,
    intervalMs: () => deps.intervalMinutes() * 60_000,
    run,
    ...(deps.startDelayMs ? { startDelayMs: deps.startDelayMs } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });

  return {
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
    runNow: () => scheduler.runNow(),
    replan: () => scheduler.replan(),
    /** Holds planned runs back until `until` (the tray's pause); asking still runs. */
    pause: (until: Date) => scheduler.pause(until.getTime()),
    resume: () => scheduler.resume(),
    pausedUntil: () => scheduler.pausedUntil(),

    /** Counts the alerts a check opened towards the run in progress. */
    noteOutcome(outcome: WatchOutcome): void {
      if (!counting) return;
      for (const alert of outcome.opened) {
        if (alert.kind === 'drift') counting.drift += 1;
        if (alert.kind === 'ready') counting.ready += 1;
      }
    },

    status(): MonitorStatus {
      const { running, nextRunAt } = scheduler.status();
      return {
        intervalMinutes: deps.intervalMinutes(),
        running,
        lastRun: deps.snapshots.get<MonitorRunSummary>(accountId, LAST_RUN)?.value ?? null,
        nextRunAt,
      };
    },

    /** Open alerts (drift, ready, the IP's) of domains still on the account; or recent ones too. */
    alerts(known: ReadonlySet<string>, includeResolved = false): MonitorAlert[] {
      const list = includeResolved
        ? deps.repo.recentAlerts(accountId, 200)
        : deps.repo.openAlerts(accountId);
      return list.filter((a) => a.domainId === null || known.has(a.domainId));
    },

    timeline(domainId: string, limit = 100): RecordChange[] {
      return deps.repo.changes(accountId, domainId, limit);
    },
  };
}
export type MonitorService = ReturnType<typeof createMonitorService>;
