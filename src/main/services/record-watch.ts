import type { DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';
import type { Domain } from '../../shared/domain';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import type { MonitorAlert, RecordObservation } from '../../shared/monitor';
import type { CheckTrigger } from '../db/check-history-repo';
import type { MonitorRepo, RecordState } from '../db/monitor-repo';

export interface WatchOutcome {
  /** Records whose observation changed (timeline entries written). */
  changes: number;
  opened: MonitorAlert[];
  resolved: MonitorAlert[];
}

export function recordKey(r: Pick<RecordCheckResult, 'purpose' | 'type' | 'name'>): string {
  return `${r.purpose}|${r.type}|${r.name}`;
}

/**
 * What a check saw of a record, or null when it saw nothing: a record that only could not be looked
 * up (a network outage, a dead resolver) says nothing about the zone, so it neither starts a
 * change nor raises drift.
 */
export function observationOf(r: RecordCheckResult): RecordObservation | null {
  if (r.codes.length > 0 && r.codes.every((c) => c === 'lookup_failed')) return null;
  return { status: r.status, found: [...new Set(r.found)].sort(), codes: [...r.codes].sort() };
}

function same(a: RecordObservation, b: RecordObservation): boolean {
  return (
    a.status === b.status &&
    a.found.join('\n') === b.found.join('\n') &&
    a.codes.join(',') === b.codes.join(',')
  );
}

const plain = (state: RecordState): RecordObservation => ({
  status: state.status,
  found: state.found,
  codes: state.codes,
});

/**
 * Applies one stored check to the watch: the timeline (a change per record whose observation
 * differs from the last one), drift (a verified domain's record that passed now fails) and
 * readiness (a pending domain whose required records all pass now: "ready to Verify Now"). Runs
 * inside the transaction that stores the check, so history, timeline and alerts agree.
 */
export function createRecordWatch(deps: { accountId: string; repo: MonitorRepo }) {
  const { accountId, repo } = deps;

  return {
    apply(
      domain: Domain,
      result: DomainCheckResult,
      runId: number,
      trigger: CheckTrigger,
    ): WatchOutcome {
      const at = result.checkedAt;
      const states = repo.states(accountId, domain.id);
      const outcome: WatchOutcome = { changes: 0, opened: [], resolved: [] };
      const observed = new Map<string, RecordObservation>();

      for (const record of result.records) {
        const key = recordKey(record);
        const now = observationOf(record);
        if (!now) continue;
        observed.set(key, now);
        const before = states.get(key);
        if (before && same(before, now)) {
          repo.touchState(accountId, domain.id, key, runId);
        } else {
          repo.addChange(accountId, {
            domainId: domain.id,
            domain: domain.name,
            runId,
            at,
            purpose: record.purpose,
            type: record.type,
            name: record.name,
            required: record.required,
            before: before ? plain(before) : null,
            after: now,
          });
          repo.putState(accountId, domain.id, key, { ...now, since: at, runId });
          outcome.changes += 1;
          if (
            domain.status === 'verified' &&
            before &&
            before.status !== 'fail' &&
            now.status === 'fail'
          ) {
            const alert = repo.openAlert(accountId, {
              kind: 'drift',
              domainId: domain.id,
              domain: domain.name,
              subject: key,
              record: { purpose: record.purpose, type: record.type, name: record.name },
              before: plain(before),
              after: now,
              since: at,
              message: `The ${RECORD_PURPOSE_LABELS[record.purpose]} record at ${record.name} stopped passing: ${record.message}`,
            });
            if (alert) outcome.opened.push(alert);
          }
        }
        if (now.status !== 'fail') {
          outcome.resolved.push(...repo.resolveAlerts(accountId, 'drift', domain.id, at, key));
        }
      }

      const required = result.records.filter((r) => r.required);
      const requiredNow = required.map((r) => observed.get(recordKey(r)));
      const allPass =
        required.length > 0 && requiredNow.every((o) => o !== undefined && o.status !== 'fail');
      const someFail = requiredNow.some((o) => o?.status === 'fail');
      if (domain.status === 'verified' || someFail) {
        outcome.resolved.push(...repo.resolveAlerts(accountId, 'ready', domain.id, at));
      } else if (allPass && trigger === 'monitor') {
        // Only monitoring says "ready": a manual check runs beside Verify Now, which says more.
        const alert = repo.openAlert(accountId, {
          kind: 'ready',
          domainId: domain.id,
          domain: domain.name,
          subject: '',
          record: null,
          before: null,
          after: null,
          since: at,
          message: `Every required record of ${domain.name} is published correctly: it is ready to Verify Now.`,
        });
        if (alert) outcome.opened.push(alert);
      }
      return outcome;
    },
  };
}
export type RecordWatch = ReturnType<typeof createRecordWatch>;
