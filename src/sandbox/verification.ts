import { checkDomain, nameProblem, type NameserverMap, type ServerAddress } from '../dns/index';
import type { Domain } from '../shared/domain';
import type { SandboxStore } from './store';
import type { RecordCheck } from './verification-rule';

/** Which DNS the sandbox verifies against (`--authoritative`, `--resolver`). */
export interface SandboxDnsOptions {
  /** Servers that hold the truth for every domain; default: discover each zone's own servers. */
  authoritative?: ServerAddress[];
  /** Resolvers; default: the system's plus the public ones. */
  resolvers?: ServerAddress[];
  nameserverMap?: NameserverMap;
  /** Per query try (engine default 2000 ms). */
  timeoutMs?: number;
  tries?: number;
  /** Bound on "Verify Now" (default 8 s, under the app's 10 s request timeout). */
  verifyDeadlineMs?: number;
  /** Bound on the first verification inside "Add & Verify" (default 4 s). */
  addDeadlineMs?: number;
}

const VERIFY_DEADLINE_MS = 8000;
const ADD_DEADLINE_MS = 4000;

export interface Verification {
  domain: Domain;
  checks: RecordCheck[];
}

/**
 * Checks a domain's records with the DNS engine and stores the outcome (see
 * verification-rule.ts for the status it leads to). Undefined when the domain does not exist or
 * was deleted while the check ran.
 */
export async function verifyDomain(
  store: SandboxStore,
  dns: SandboxDnsOptions,
  accountId: string,
  domainId: string,
  purpose: 'add' | 'verify',
): Promise<Verification | undefined> {
  const target = store.domains.expected(accountId, domainId);
  if (!target) return undefined;
  const { expected, ids } = target;

  // A record whose name cannot exist in the DNS (over 253 characters under a long domain) cannot
  // be asked for: it is reported as lookup_failed, and the others are checked.
  const askable = expected.records
    .map((record, index) => ({ record, index }))
    .filter(({ record }) => nameProblem(record.name) === null);
  const result =
    askable.length === 0
      ? null
      : await checkDomain(
          { domain: expected.domain, records: askable.map((a) => a.record) },
          {
            ...(dns.authoritative ? { authoritative: dns.authoritative } : {}),
            ...(dns.resolvers ? { resolvers: dns.resolvers } : {}),
            ...(dns.nameserverMap ? { nameserverMap: dns.nameserverMap } : {}),
            ...(dns.timeoutMs === undefined ? {} : { timeoutMs: dns.timeoutMs }),
            ...(dns.tries === undefined ? {} : { tries: dns.tries }),
            deadlineMs:
              purpose === 'add'
                ? (dns.addDeadlineMs ?? ADD_DEADLINE_MS)
                : (dns.verifyDeadlineMs ?? VERIFY_DEADLINE_MS),
            now: store.now,
          },
        );

  const checks: RecordCheck[] = ids.map((recordId) => ({
    recordId,
    status: 'unknown',
    codes: ['lookup_failed'],
  }));
  askable.forEach(({ index }, position) => {
    const checked = result?.records[position];
    const id = ids[index];
    if (checked && id)
      checks[index] = { recordId: id, status: checked.status, codes: checked.codes };
  });

  const domain = store.domains.applyVerification(accountId, domainId, checks);
  return domain && { domain, checks };
}
