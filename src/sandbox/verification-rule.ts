import type { CheckStatus, DnsCheckCode } from '../shared/dns-check';
import type { DomainStatus } from '../shared/domain';

/** One record's outcome in a verification, as POST /v1/domains/{id}/verify reports it. */
export interface RecordCheck {
  recordId: string;
  status: CheckStatus;
  codes: DnsCheckCode[];
}

/**
 * Codes that only say "not there (yet)" or "could not look": the user has not published the
 * record, the resolvers have not caught up, or the DNS could not be asked. Nothing to correct.
 */
const NOT_YET: ReadonlySet<DnsCheckCode> = new Set(['missing', 'not_propagated', 'lookup_failed']);

/**
 * The domain status rule (documented in api/kyrios.openapi.yaml, Domain.status):
 * - `verified` once a verification finds every required record passing (`pass` or `warn`: the
 *   authoritative servers serve it; `warn` is a caveat such as resolvers still catching up).
 *   Verified stays verified: later checks update the records and lastCheckedAt, not the status.
 * - `failed` when a required record fails for a reason the user must correct: something is
 *   published but wrong (value_mismatch, doubled_name, spf_include_missing, cname_conflict, …).
 * - `pending` otherwise: never checked, or the failing required records are only absent or could
 *   not be looked up. So "Add & Verify", whose records cannot be published yet, leaves the
 *   domain pending rather than failed.
 */
export function nextDomainStatus(
  current: DomainStatus,
  checks: readonly (Pick<RecordCheck, 'status' | 'codes'> & { required: boolean })[],
): DomainStatus {
  // Could not check (`unknown`) is not passing either: it can never verify a domain.
  const failing = checks.filter(
    (c) => c.required && (c.status === 'fail' || c.status === 'unknown'),
  );
  if (failing.length === 0) return 'verified';
  if (current === 'verified') return 'verified';
  const wrong = failing.some((c) => c.codes.some((code) => !NOT_YET.has(code)));
  return wrong ? 'failed' : 'pending';
}
