import { CHECK_STATUS_LABELS, RECORD_PURPOSE_LABELS } from '../../shared/labels';
import type {
  AlertKind,
  MonitorAlert,
  MonitorRunSummary,
  RecordChange,
  RecordObservation,
  RecordRef,
} from '../../shared/monitor';
import { formatCount } from '../ui/format';

/** Monitoring in words: alert titles, what a record looked like, what a run did. Pure. */

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  drift: 'DNS record broke',
  ready: 'Ready to Verify Now',
  ip_listed: 'Dedicated IP listed',
  ip_reverse: 'Reverse DNS',
};

export const CHECK_STATUS_WORDS = CHECK_STATUS_LABELS;

/** "SPF record (TXT example.test)". */
export function recordText(record: RecordRef): string {
  return `${RECORD_PURPOSE_LABELS[record.purpose]} record (${record.type} ${record.name})`;
}

export function alertTitle(alert: MonitorAlert): string {
  switch (alert.kind) {
    case 'drift':
      return alert.record
        ? `${recordText(alert.record)} broke on ${alert.domain ?? 'a domain'}`
        : `A record broke on ${alert.domain ?? 'a domain'}`;
    case 'ready':
      return `${alert.domain ?? 'A domain'} is ready to Verify Now`;
    case 'ip_listed':
      return `The dedicated IP is listed on ${alert.subject ?? 'a blocklist'}`;
    case 'ip_reverse':
      return `Reverse DNS of ${alert.subject ?? 'the dedicated IP'} needs attention`;
  }
}

/** What the authoritative servers served: the values, or that there was nothing. */
export function foundText(observation: RecordObservation | null): string {
  if (!observation) return 'not seen before';
  return observation.found.length > 0 ? observation.found.join(' | ') : 'nothing published';
}

const TRIGGERS: Record<MonitorRunSummary['trigger'], string> = {
  start: 'at start',
  interval: 'on schedule',
  manual: 'Check all now',
};

/** "3 of 3 domains checked (Check all now); 1 record broke; dedicated IP: needs attention". */
export function runSummaryText(run: MonitorRunSummary): string {
  const parts = [
    `${formatCount(run.checked)} of ${formatCount(run.domains)} ${run.domains === 1 ? 'domain' : 'domains'} checked (${TRIGGERS[run.trigger]})`,
  ];
  if (run.errors > 0) parts.push(`${formatCount(run.errors)} could not be checked`);
  if (run.drift > 0)
    parts.push(`${formatCount(run.drift)} ${run.drift === 1 ? 'record' : 'records'} broke`);
  if (run.ready > 0) parts.push(`${formatCount(run.ready)} ready to Verify Now`);
  parts.push(run.ip ? `dedicated IP: ${IP_RESULT_WORDS[run.ip]}` : 'no dedicated IP checked');
  return parts.join('; ');
}

/**
 * The dedicated IP's check in a run's summary. "Warning" beside "No open alerts" read as a problem
 * nobody was told about: it only means some lists could not be asked.
 */
const IP_RESULT_WORDS: Record<MonitorRunSummary['ip'] & string, string> = {
  pass: 'nothing wrong found',
  warn: 'nothing wrong found, some lists could not be asked',
  unknown: 'could not be checked',
  fail: 'needs attention (see the alerts)',
};

/**
 * Whether a change is worth a row: its status or what was served changed. A change of codes
 * alone (the same value, a different note) is not shown.
 */
export function changeShown(change: RecordChange): boolean {
  if (!change.before) return true;
  return (
    change.before.status !== change.after.status ||
    foundText(change.before) !== foundText(change.after)
  );
}

/** "Pass → Fail", or "First check: Pass". */
export function changeStatusText(change: RecordChange): string {
  const after = CHECK_STATUS_WORDS[change.after.status];
  return change.before
    ? `${CHECK_STATUS_WORDS[change.before.status]} → ${after}`
    : `First check: ${after}`;
}
