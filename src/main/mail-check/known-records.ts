import type { DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';
import type { ExpectedRecords, RecordPurpose } from '../../shared/records';

/**
 * The domains whose records Kyrios generated (the app's inventory, or `--expect` files in the CLI).
 * When a verdict fails for one of them, the records table says which record is the cause, in its
 * own words and with its exact fix: the DNS engine's check of that record, run once per domain.
 */
export interface KnownDomain {
  expected: ExpectedRecords;
  /** The account's dedicated IP, when known: the address its mail leaves from. */
  dedicatedIp: string | null;
}

export type RecordsCheck = (expected: ExpectedRecords) => Promise<DomainCheckResult>;

export interface KnownRecords {
  /** The known domain a name belongs to: the domain itself, or one of its record names. */
  domainOf(name: string | null): KnownDomain | null;
  /** The expected value of a record (`kyrios1._domainkey.shop.test` for dkim, …). */
  expected(known: KnownDomain, purpose: RecordPurpose): { name: string; value: string } | null;
  /** The records table's verdict on a record of a known domain; null when it cannot be had. */
  verdict(known: KnownDomain, purpose: RecordPurpose): Promise<RecordCheckResult | null>;
}

const lower = (name: string) => name.toLowerCase().replace(/\.$/, '');

export function createKnownRecords(
  domains: readonly KnownDomain[],
  check: RecordsCheck,
): KnownRecords {
  const checks = new Map<string, Promise<DomainCheckResult | null>>();
  return {
    domainOf(name) {
      if (!name) return null;
      const n = lower(name);
      return (
        domains.find(
          (d) =>
            lower(d.expected.domain) === n || d.expected.records.some((r) => lower(r.name) === n),
        ) ?? null
      );
    },
    expected(known, purpose) {
      const record = known.expected.records.find((r) => r.purpose === purpose);
      return record ? { name: lower(record.name), value: record.value } : null;
    },
    async verdict(known, purpose) {
      const key = lower(known.expected.domain);
      let pending = checks.get(key);
      if (!pending) {
        // Only the records that can explain a mail verdict: no need to check MX or tracking.
        const records = known.expected.records.filter((r) =>
          ['spf', 'dkim', 'return_path', 'dmarc'].includes(r.purpose),
        );
        pending = check({ ...known.expected, records }).catch(() => null);
        checks.set(key, pending);
      }
      const result = await pending;
      return result?.records.find((r) => r.purpose === purpose) ?? null;
    },
  };
}

/** A record verdict that explains a failure: it fails, or warns for something else than lag. */
export function isCause(record: RecordCheckResult | null): record is RecordCheckResult {
  return record !== null && (record.status === 'fail' || record.codes.includes('not_propagated'));
}
