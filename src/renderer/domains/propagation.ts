import type { DnsServerAnswer, DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { formatDateTime, formatUntil } from '../ui/format';

/** The propagation view's shape: one row per record, one column per server asked. */

/**
 * Codes that say nothing against the value the zone's own servers serve: it is what was expected
 * (`ok`), or right but not yet everywhere, or right with advice. Every other code means the source
 * itself is wrong or empty (a unit test keeps this list in step with the catalogue's statuses).
 */
export const FINE_AT_SOURCE: ReadonlySet<string> = new Set([
  'ok',
  'not_propagated',
  'authoritative_disagree',
  'dmarc_policy_none',
  'mx_other_preferred',
  // Nothing at the name, and rightly so: receivers apply the DMARC record above it.
  'dmarc_inherited',
  // A CNAME at the name, whose target serves the right value.
  'cname_followed',
  // The zone serves the right data; validating resolvers reject its signatures (a failure, but
  // not of what the authoritative servers serve).
  'dnssec_bogus',
]);

/** Whether the authoritative servers serve the record wrong, or not at all. */
export function wrongAtSource(record: Pick<RecordCheckResult, 'codes'>): boolean {
  return record.codes.some((c) => c !== 'lookup_failed' && !FINE_AT_SOURCE.has(c));
}

/**
 * What an authoritative server serves for the record: its answer, or (when the record's type has
 * no data there) what else the check found at the name, such as the A record in a CNAME's way.
 */
export function foundAt(
  record: Pick<RecordCheckResult, 'found'>,
  answer: Pick<DnsServerAnswer, 'answers' | 'role'>,
): string[] {
  if (answer.answers.length > 0 || answer.role !== 'authoritative') return answer.answers;
  return record.found;
}

export type CellMark =
  { mark: 'ok'; text: string } | { mark: 'bad'; text: string } | { mark: 'none'; text: string };

/**
 * One cell of the grid. An authoritative server is judged against the expected value (so a CNAME
 * in the way, a doubled SPF or a missing key is ✗ there too); a resolver against what the
 * authoritative servers serve (✗: it still serves a cached answer).
 */
export function cellMark(
  record: Pick<RecordCheckResult, 'codes' | 'found'>,
  answer: DnsServerAnswer,
): CellMark {
  if (answer.agrees === null) return { mark: 'none', text: 'No answer' };
  if (answer.role === 'authoritative') {
    // Nothing here, rightly: receivers apply the DMARC record above the domain (its card says which).
    if (record.codes.includes('dmarc_inherited') && answer.agrees && answer.answers.length === 0) {
      return { mark: 'ok', text: 'None here: the one above applies' };
    }
    if (wrongAtSource(record) && foundAt(record, answer).length === 0) {
      return { mark: 'bad', text: 'Nothing published' };
    }
    return wrongAtSource(record) || !answer.agrees
      ? { mark: 'bad', text: 'Differs from expected' }
      : { mark: 'ok', text: 'Matches expected' };
  }
  return answer.agrees
    ? { mark: 'ok', text: 'Same as authoritative' }
    : { mark: 'bad', text: 'Differs (cached)' };
}

export interface ServerRow {
  key: string;
  label: string;
  address: string;
  role: DnsServerAnswer['role'];
}

/** Every server asked (the grid's columns), authoritative first, in the order the check met them. */
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

  const notYet = check.records.filter(wrongAtSource);
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

  const cells = resolverCells(check.records.filter((r) => !wrongAtSource(r)));
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
