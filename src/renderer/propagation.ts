import type { DnsServerAnswer, DomainCheckResult } from '../shared/dns-check';
import { RECORD_PURPOSE_LABELS } from '../shared/labels';
import { formatDateTime, formatUntil } from './format';

/** The propagation view's shape: one row per server asked, one column per record. */

export interface ServerRow {
  key: string;
  label: string;
  address: string;
  role: DnsServerAnswer['role'];
}

/** Every server asked, authoritative first, in the order the check met them. */
export function serverRows(check: DomainCheckResult): ServerRow[] {
  const rows = new Map<string, ServerRow>();
  for (const record of check.records) {
    for (const s of record.servers) {
      const key = `${s.role}|${s.server}`;
      if (!rows.has(key)) {
        rows.set(key, { key, label: s.host ?? s.server, address: s.server, role: s.role });
      }
    }
  }
  return [...rows.values()].sort((a, b) =>
    a.role === b.role ? 0 : a.role === 'authoritative' ? -1 : 1,
  );
}

/** When every resolver should serve what the authoritative servers do; null when they already do. */
export function agreeBy(check: DomainCheckResult): string | null {
  const times = check.records.map((r) => r.agreeBy).filter((t): t is string => t !== null);
  return times.length === 0 ? null : times.reduce((a, b) => (a > b ? a : b));
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const resolverCells = (records: DomainCheckResult['records']) =>
  records.flatMap((r) => r.servers.filter((c) => c.role === 'resolver'));

/**
 * The sentence under the propagation grid, true to what the check found. A cell agrees when the
 * server serves what the authoritative servers serve, so for a record that is not published (or
 * wrong) a resolver "agrees" on nothing: that is said as such, never as propagation done.
 */
export function propagationSummary(check: DomainCheckResult, now: Date = new Date()): string {
  const by = agreeBy(check);
  if (by) return `All resolvers should agree by ${formatDateTime(by)} (${formatUntil(by, now)}).`;
  if (resolverCells(check.records).length === 0) {
    return 'No resolver was asked: only the authoritative servers.';
  }

  // An optional record that is missing only warns, but no resolver serves it either.
  const notYet = check.records.filter((r) => r.status === 'fail' || r.codes.includes('missing'));
  if (notYet.length === check.records.length) {
    return check.records.every((r) => r.codes.includes('missing'))
      ? 'None of the records is on the authoritative servers yet, so no resolver has them: publish them, then Verify Now.'
      : 'No record is published as expected on the authoritative servers yet, so no resolver serves them either: see the diagnostics.';
  }
  const names = [...new Set(notYet.map((r) => RECORD_PURPOSE_LABELS[r.purpose]))];
  const lead =
    notYet.length === 0
      ? ''
      : `${names.join(', ')} ${plural(names.length, 'is', 'are')} not published as expected yet, so no resolver serves ${plural(names.length, 'it', 'them')} either. `;
  const others = notYet.length === 0 ? '' : ' for the other records';

  const cells = resolverCells(check.records.filter((r) => !notYet.includes(r)));
  const answered = cells.filter((c) => c.agrees !== null);
  if (answered.length === 0) {
    return `${lead}No resolver answered${others}, so whether they serve them is not known yet: Verify Now again later.`;
  }
  const silent = cells.length - answered.length;
  const silentNote =
    silent > 0 ? ` ${silent} ${plural(silent, 'query', 'queries')} got no answer.` : '';
  if (answered.some((c) => c.agrees === false)) {
    return `${lead}Some resolvers still serve something else${others}; when they will agree is not known.${silentNote}`;
  }
  return `${lead}Every resolver that answered agrees with the authoritative servers${others}.${silentNote}`;
}
