import { z } from 'zod';
import { RecordPurpose, RecordType } from './records';

/**
 * The result of a DNS check, as the engine (src/dns), the `check --json` CLI, the app's check
 * history and the UI all see it. This shape and the codes below are a public contract: scripts
 * parse the CLI's JSON, so fields and codes are only ever added, never renamed.
 */

/**
 * `unknown` is "Could not check": no server gave a usable answer, so nothing is known about the
 * record. It is never a failure: never shown red, never stored or counted as `fail`.
 */
export const CHECK_STATUSES = ['pass', 'warn', 'unknown', 'fail'] as const;
export const CheckStatus = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** Diagnostic codes, each described in docs/diagnostics.md; new ones are only ever appended. */
export const DNS_CHECK_CODES = [
  'ok',
  'missing',
  'value_mismatch',
  'doubled_name',
  'quoted_value',
  'cname_conflict',
  'lookup_failed',
  'not_propagated',
  'spf_multiple',
  'spf_include_missing',
  'spf_too_many_lookups',
  'spf_permissive_all',
  'dkim_key_mismatch',
  'dkim_invalid',
  'mx_other_preferred',
  'dmarc_multiple',
  'dmarc_invalid',
  'dmarc_policy_none',
  // Added: a Cloudflare-proxied name answers with A/AAAA instead of the CNAME (with cname_conflict).
  'cname_proxied',
  // Added: the zone's own servers give different answers (a secondary not yet updated).
  'authoritative_disagree',
  // Added: no DMARC record at the domain; receivers apply one found above it (RFC 9989's tree
  // walk), named in `dmarc`. With p=none in force, dmarc_policy_none comes with it.
  'dmarc_inherited',
  // Added: the zone's servers answer, validating resolvers answer SERVFAIL, and the same question
  // with checking disabled answers: the zone's DNSSEC chain is broken (see `dnssec` for why).
  'dnssec_bogus',
  // Added: the record is reached through a CNAME and the value at its target is right.
  'cname_followed',
  // Added: an SPF include (or redirect) names a domain with no SPF record, or with several:
  // receivers stop with a permanent error there.
  'spf_include_broken',
] as const;
export const DnsCheckCode = z.enum(DNS_CHECK_CODES);
export type DnsCheckCode = z.infer<typeof DnsCheckCode>;

/** The status each code implies; a record's status is the worst of its codes. */
export const CODE_STATUS: Readonly<Record<DnsCheckCode, CheckStatus>> = {
  ok: 'pass',
  missing: 'fail',
  value_mismatch: 'fail',
  doubled_name: 'fail',
  quoted_value: 'fail',
  cname_conflict: 'fail',
  lookup_failed: 'unknown',
  not_propagated: 'warn',
  spf_multiple: 'fail',
  spf_include_missing: 'fail',
  spf_too_many_lookups: 'fail',
  spf_permissive_all: 'fail',
  dkim_key_mismatch: 'fail',
  dkim_invalid: 'fail',
  mx_other_preferred: 'warn',
  dmarc_multiple: 'fail',
  dmarc_invalid: 'fail',
  dmarc_policy_none: 'warn',
  cname_proxied: 'fail',
  authoritative_disagree: 'warn',
  dmarc_inherited: 'pass',
  dnssec_bogus: 'fail',
  cname_followed: 'pass',
  spf_include_broken: 'fail',
};

/**
 * Response codes as they appear in `servers[].rcode`: the DNS RCODE names (NOERROR, NXDOMAIN,
 * SERVFAIL, REFUSED, FORMERR, NOTIMP, …) or one of these when no usable answer came back.
 * UNREACHABLE: the server's host said at once that nothing listens there (connection refused).
 */
export const NO_ANSWER_RCODES = [
  'TIMEOUT',
  'MALFORMED',
  'NETWORK_ERROR',
  'ABORTED',
  'UNREACHABLE',
] as const;

export const SERVER_ROLES = ['authoritative', 'resolver'] as const;
export const ServerRole = z.enum(SERVER_ROLES);
export type ServerRole = z.infer<typeof ServerRole>;

/** One server's answer for one record: a cell of the propagation matrix. */
export const DnsServerAnswer = z.object({
  /** Address the query went to: `192.0.2.1:53` or `[2001:db8::1]:53`. */
  server: z.string(),
  /** The NS host name (authoritative) or the resolver's label, when known. */
  host: z.string().nullable(),
  role: ServerRole,
  rcode: z.string(),
  /** Presentation values of the data at the name; other types are prefixed (`CNAME target`). */
  answers: z.array(z.string()),
  /** TTL of the answer in seconds; for a negative answer the negative-caching TTL. */
  ttl: z.number().int().nonnegative().nullable(),
  ms: z.number().nonnegative(),
  /** Whether this server serves what the check judged by; null when it gave no usable answer. */
  agrees: z.boolean().nullable(),
});
export type DnsServerAnswer = z.infer<typeof DnsServerAnswer>;

export const DMARC_POLICY_VALUES = ['none', 'quarantine', 'reject'] as const;

/** The DMARC record receivers apply to a domain, found by RFC 9989's tree walk. */
export const DmarcApplied = z.object({
  /** Where the record lives: `_dmarc.example.com`. */
  recordName: z.string(),
  record: z.string(),
  /** The policy in force for the domain checked. */
  policy: z.enum(DMARC_POLICY_VALUES),
  /** The tag it comes from: `p`, or `sp` (subdomains) / `np` (names that do not exist) above it. */
  policyTag: z.enum(['p', 'sp', 'np']),
  /** True when the record is not at the domain itself but above it. */
  inherited: z.boolean(),
  organizationalDomain: z.string(),
});
export type DmarcApplied = z.infer<typeof DmarcApplied>;

export const RecordCheckResult = z.object({
  purpose: RecordPurpose,
  type: RecordType,
  name: z.string(),
  required: z.boolean(),
  /** The expected value (MX: `PRIORITY host` when a priority is given); null for mail basics. */
  expected: z.string().nullable(),
  status: CheckStatus,
  codes: z.array(DnsCheckCode).min(1),
  message: z.string(),
  /** What to do, exactly; null when nothing needs doing. */
  fix: z.string().nullable(),
  /** What the authoritative servers serve at the name (or, for doubled_name, at the doubled name). */
  found: z.array(z.string()),
  servers: z.array(DnsServerAnswer),
  /** With not_propagated: when every resolver should serve the authoritative answer. */
  agreeBy: z.string().nullable(),
  /** DMARC records: the record that applies and where it lives (absent when none applies). */
  dmarc: DmarcApplied.optional(),
});
export type RecordCheckResult = z.infer<typeof RecordCheckResult>;

/**
 * The domain's zone and DNSSEC: `unsigned` (no DS at the parent), `signed` (a DS at the parent
 * and the zone's keys), `bogus` (validating resolvers reject it), `unknown` (could not tell).
 */
export const DNSSEC_STATES = ['unsigned', 'signed', 'bogus', 'unknown'] as const;
export const DnssecStatus = z.object({
  state: z.enum(DNSSEC_STATES),
  /** The zone it is about (the domain's zone apex). */
  zone: z.string(),
  message: z.string(),
  /** With bogus: what to do, exactly. */
  fix: z.string().nullable(),
});
export type DnssecStatus = z.infer<typeof DnssecStatus>;

export const HOST_FIELD_STYLES = ['relative', 'relative_or_full'] as const;

/** The DNS hosting provider recognised from the zone's NS host names. */
export const DnsProvider = z.object({
  id: z.string(),
  name: z.string(),
  nameservers: z.array(z.string()),
  /** `relative`: type only the part before the domain (the provider appends it). */
  hostField: z.enum(HOST_FIELD_STYLES),
  hostAdvice: z.string(),
  warnings: z.array(z.string()),
});
export type DnsProvider = z.infer<typeof DnsProvider>;

export const DomainCheckResult = z.object({
  domain: z.string(),
  checkedAt: z.string(),
  status: CheckStatus,
  provider: DnsProvider.nullable(),
  records: z.array(RecordCheckResult),
  /** Absent from results stored before it was added. */
  dnssec: DnssecStatus.optional(),
});
export type DomainCheckResult = z.infer<typeof DomainCheckResult>;

const RANK: Readonly<Record<CheckStatus, number>> = { pass: 0, warn: 1, unknown: 2, fail: 3 };

/** Orders statuses from best to worst: pass, warn, unknown (could not check), fail. */
export function statusRank(status: CheckStatus): number {
  return RANK[status];
}

export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

export function statusOfCodes(codes: readonly DnsCheckCode[]): CheckStatus {
  return worstStatus(codes.map((c) => CODE_STATUS[c]));
}

/**
 * A record's status: the worst of its codes, except that an optional record that fails is only a
 * warning (nothing stops working without it).
 */
export function recordStatus(codes: readonly DnsCheckCode[], required: boolean): CheckStatus {
  const status = statusOfCodes(codes);
  return status === 'fail' && !required ? 'warn' : status;
}

/**
 * The domain status rule: `fail` if any required record fails; else `unknown` (could not check) if
 * any required record could not be checked; else `warn` if any record is not passing; else `pass`.
 */
export function domainStatus(
  records: readonly Pick<RecordCheckResult, 'status' | 'required'>[],
): CheckStatus {
  if (records.some((r) => r.required && r.status === 'fail')) return 'fail';
  if (records.some((r) => r.required && r.status === 'unknown')) return 'unknown';
  if (records.some((r) => r.status !== 'pass')) return 'warn';
  return 'pass';
}
