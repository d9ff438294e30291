import type { CheckRunSummary, LatestRun, StoredCheck } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import type { DnssecStatus, DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';
import type { DnsRecord, Domain } from '../../shared/domain';
import {
  CHECK_STATUS_LABELS,
  DOMAIN_STATUS_LABELS,
  RECORD_STATUS_LABELS,
} from '../../shared/labels';

/**
 * One truth per fact on screen. The records table, the diagnosis cards, the domain list, the
 * domain's header, the propagation grid and the toasts all read these, from the same two sources:
 * the service's domain (its status, its records) and the domain's newest DNS check, whichever
 * action made it (Verify Now, Check DNS, monitoring). So they cannot disagree. Pure functions;
 * see docs/product-rules.md for the words.
 */

/** How a status looks: the colour of its badge and card. Never red for "could not check". */
export type Tone = 'pass' | 'warn' | 'unknown' | 'fail' | 'pending';

export interface Verdict {
  tone: Tone;
  label: string;
}

/** The check's row for one of the domain's records. */
export function checkOf(
  check: Pick<DomainCheckResult, 'records'> | null,
  record: Pick<DnsRecord, 'purpose' | 'type' | 'name'>,
): RecordCheckResult | null {
  return (
    check?.records.find(
      (r) => r.purpose === record.purpose && r.type === record.type && r.name === record.name,
    ) ?? null
  );
}

/**
 * Nothing at all is published at the record's name, and the domain was never verified: right
 * after Add & Verify that is expected, not a failure to fix.
 */
export function notPublishedYet(
  result: Pick<RecordCheckResult, 'codes' | 'found'>,
  domain: Pick<Domain, 'status'>,
): boolean {
  return (
    domain.status !== 'verified' &&
    result.found.length === 0 &&
    result.codes.every((code) => code === 'missing')
  );
}

export const NOT_PUBLISHED_YET = 'Not published yet';

/**
 * The domain's status when a check was made: a check from before its verification is read as of a
 * domain not verified yet (so an old check of an unpublished record says "Not published yet").
 */
export function statusAt(
  domain: Pick<Domain, 'status' | 'verifiedAt'>,
  at: string,
): Pick<Domain, 'status'> {
  if (
    domain.status === 'verified' &&
    domain.verifiedAt &&
    Date.parse(at) < Date.parse(domain.verifiedAt)
  ) {
    return { status: 'pending' };
  }
  return domain;
}

/** A DNS check's verdict on one record, in the words and colour every view uses. */
export function resultVerdict(
  result: Pick<RecordCheckResult, 'status' | 'codes' | 'found'>,
  domain: Pick<Domain, 'status'>,
): Verdict {
  if (notPublishedYet(result, domain)) return { tone: 'pending', label: NOT_PUBLISHED_YET };
  return { tone: result.status, label: CHECK_STATUS_LABELS[result.status] };
}

/**
 * A record's status: the newest check's verdict on it; before any check from this computer, the
 * service's own ("Not checked" until Verify Now).
 */
export function recordVerdict(
  record: DnsRecord,
  domain: Pick<Domain, 'status'>,
  check: Pick<DomainCheckResult, 'records'> | null,
): Verdict {
  const result = checkOf(check, record);
  if (result) return resultVerdict(result, domain);
  // The service's verdict from Add & Verify, before any check here: for a domain never verified a
  // failing record is most likely not published yet, which is no failure to show in red.
  if (domain.status !== 'verified' && record.status === 'fail') {
    return { tone: 'pending', label: 'Not verified yet' };
  }
  return { tone: record.status, label: RECORD_STATUS_LABELS[record.status] };
}

/**
 * A stored check's verdict as its summary gives it: a pending domain's check whose every failure
 * is a record with nothing published says "Not published yet", as its cards do.
 */
export function runVerdict(
  run: Pick<CheckRunSummary, 'status' | 'failed' | 'unpublished'>,
  domain: Pick<Domain, 'status'>,
): Verdict {
  if (
    domain.status !== 'verified' &&
    run.status === 'fail' &&
    run.failed > 0 &&
    run.unpublished === run.failed
  ) {
    return { tone: 'pending', label: NOT_PUBLISHED_YET };
  }
  return { tone: run.status, label: CHECK_STATUS_LABELS[run.status] };
}

export type DomainStateName = 'pending' | 'verified' | 'broken' | 'failed';

export interface DomainState extends Verdict {
  state: DomainStateName;
}

/** The list's filter and the badges, in the order the filter offers them. */
export const DOMAIN_STATES: readonly DomainStateName[] = [
  'pending',
  'verified',
  'broken',
  'failed',
];

export const DOMAIN_STATE_LABELS: Record<DomainStateName, string> = {
  pending: DOMAIN_STATUS_LABELS.pending,
  verified: DOMAIN_STATUS_LABELS.verified,
  broken: 'Record broke',
  failed: DOMAIN_STATUS_LABELS.failed,
};

const STATE_TONE: Record<DomainStateName, Tone> = {
  pending: 'pending',
  verified: 'pass',
  broken: 'fail',
  failed: 'fail',
};

/**
 * A domain's state: the service's status, except that a verified domain whose newest check fails a
 * required record is "Record broke" (what monitoring calls drift) until a check passes again.
 */
export function domainState(
  domain: Pick<Domain, 'status'>,
  latest: Pick<LatestRun, 'status'> | null,
): DomainState {
  const state: DomainStateName =
    domain.status === 'verified' && latest?.status === 'fail' ? 'broken' : domain.status;
  return { state, tone: STATE_TONE[state], label: DOMAIN_STATE_LABELS[state] };
}

/**
 * When the domain's DNS was last looked at, by the service (Verify Now) or from this computer
 * (Verify Now, Check DNS, monitoring): the later of the two; null before either.
 */
export function lastCheckedAt(
  domain: Pick<Domain, 'lastCheckedAt'>,
  latest: Pick<LatestRun, 'checkedAt'> | null,
): string | null {
  const times = [domain.lastCheckedAt, latest?.checkedAt ?? null].filter(
    (t): t is string => t !== null,
  );
  return times.length === 0
    ? null
    : times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/**
 * Which full check the domain's page shows. The newest run's summary (from a push, or the list's
 * load) can arrive before its full check does: until then the page must not show the older check's
 * verdicts beside a header that already reads the newer one.
 * - `current`: the full check is the newest known (or no run is known: the service's verdicts);
 * - `loading`: a newer run is known and its full check is on its way: no verdict is shown;
 * - `unloaded`: the newer run's check could not be read; the older one is shown, said as older.
 */
export type ShownCheck =
  | { state: 'current'; check: StoredCheck | null }
  | { state: 'loading'; newest: LatestRun }
  | { state: 'unloaded'; check: StoredCheck | null; newest: LatestRun; error: AppError | null };

type RunStamp = Pick<LatestRun, 'id' | 'checkedAt'>;

/** Whether run `a` was made after run `b`: by time, then (the same instant) by id. */
export function laterRun(a: RunStamp, b: RunStamp): boolean {
  return a.checkedAt > b.checkedAt || (a.checkedAt === b.checkedAt && a.id > b.id);
}

/** Whether the run summary `newest` is a later run than the full check `full`. */
export function newerThan(
  newest: RunStamp | null,
  full: Pick<StoredCheck, 'runId' | 'checkedAt'> | null,
): boolean {
  if (!newest) return false;
  return !full || laterRun(newest, { id: full.runId, checkedAt: full.checkedAt });
}

export function shownCheck(
  full: { latest: StoredCheck | null; status: string; error: AppError | null },
  newest: LatestRun | null,
): ShownCheck {
  if (!newerThan(newest, full.latest) || !newest) return { state: 'current', check: full.latest };
  if (full.status === 'ready') {
    return { state: 'unloaded', check: full.latest, newest, error: full.error };
  }
  return { state: 'loading', newest };
}

/** The check whose verdicts are shown, or null (none yet, or the newest still loading). */
export const checkOnScreen = (shown: ShownCheck): StoredCheck | null =>
  shown.state === 'loading' ? null : shown.check;

export interface VerifyOutcome {
  kind: 'success' | 'error' | 'info';
  text: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a Verify Now says when it is done, from the service's verdict and the local check that ran
 * with it. A record counts as "to fix" only when the check found it wrong: one that could not be
 * looked up, or that is simply not published yet, is said as such and never in red.
 */
export function verifyOutcome(domain: Domain, check: DomainCheckResult | null): VerifyOutcome {
  if (domain.status === 'verified') {
    return {
      kind: 'success',
      text: `${domain.name} is verified. You can now create SMTP credentials.`,
    };
  }
  const notYet = `${domain.name} is not verified yet`;
  if (!check) return { kind: 'error', text: `${notYet}. See the diagnostics.` };
  const verdicts = check.records.map((r) => resultVerdict(r, domain));
  const toFix = verdicts.filter((v) => v.tone === 'fail').length;
  const unchecked = verdicts.filter((v) => v.tone === 'unknown').length;
  const unpublished = verdicts.filter((v) => v.label === NOT_PUBLISHED_YET).length;
  if (toFix > 0) {
    return {
      kind: 'error',
      text: `${notYet}: ${plural(toFix, 'record', 'records')} to fix. See the diagnostics.`,
    };
  }
  if (unchecked > 0) {
    return {
      kind: 'info',
      text: `${notYet}: ${plural(unchecked, 'record', 'records')} could not be checked (no DNS server answered). Nothing is known to be wrong with them: Verify Now again once DNS answers.`,
    };
  }
  if (unpublished > 0) {
    return {
      kind: 'info',
      text: `${notYet}: ${plural(unpublished, 'record is', 'records are')} not published yet. Publish them at your DNS host, then Verify Now.`,
    };
  }
  return { kind: 'info', text: `${notYet}. See the diagnostics.` };
}

/** The zone's DNSSEC in words: what the domain page's DNSSEC line says. */
export const DNSSEC_LABELS: Record<DnssecStatus['state'], string> = {
  signed: 'Signed',
  unsigned: 'Not signed',
  bogus: 'Broken: validating resolvers reject the zone',
  unknown: 'Could not check',
};

/** Unsigned is no fault (most zones are): grey, like "not published yet", never red. */
const DNSSEC_TONE: Record<DnssecStatus['state'], Tone> = {
  signed: 'pass',
  unsigned: 'pending',
  bogus: 'fail',
  unknown: 'unknown',
};

export interface DnssecView extends Verdict {
  zone: string;
  message: string;
  fix: string | null;
  /** With a DS that matches none of the zone's keys: the DS record(s) to publish instead. */
  dsRecords: string[];
}

/**
 * The check's DNSSEC verdict on the domain's zone; null for a check stored before DNSSEC was
 * looked at. See docs/diagnostics.md (DNSSEC, `dnssec_bogus`) for what each state means.
 */
export function dnssecView(check: Pick<DomainCheckResult, 'dnssec'> | null): DnssecView | null {
  const dnssec = check?.dnssec;
  if (!dnssec) return null;
  const ds = dnssec.fix ? /current key: (.+)$/.exec(dnssec.fix)?.[1] : undefined;
  return {
    tone: DNSSEC_TONE[dnssec.state],
    label: DNSSEC_LABELS[dnssec.state],
    zone: dnssec.zone,
    message: dnssec.message,
    fix: dnssec.fix,
    dsRecords: ds ? ds.split(' ; ').map((r) => r.trim()) : [],
  };
}

/**
 * Where the DMARC policy in force comes from, when it is not the domain's own record but one
 * above it that receivers apply (RFC 9989's tree walk): "Policy from _dmarc.example.com:
 * quarantine (sp=)". Null when the domain's own record applies, or none does.
 */
export function inheritedDmarcPolicy(
  result: Pick<RecordCheckResult, 'dmarc'> | null,
): string | null {
  const dmarc = result?.dmarc;
  if (!dmarc?.inherited) return null;
  return `Policy from ${dmarc.recordName}: ${dmarc.policy} (${dmarc.policyTag}=)`;
}
