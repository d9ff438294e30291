import type { CheckStatus } from './dns-check';

/**
 * How many records of a check passed, warned, could not be checked and failed, and how many of
 * the failed ones have nothing published at all (the state right after Add & Verify). Zod-free.
 */
export interface CheckCounts {
  passed: number;
  warned: number;
  unchecked: number;
  failed: number;
  unpublished: number;
}

type Counted = { status: CheckStatus; codes: readonly string[]; found: readonly string[] };

/** Nothing is published at the record's name: its one finding is that it is missing. */
export const isUnpublished = (r: Pick<Counted, 'codes' | 'found'>): boolean =>
  r.found.length === 0 && r.codes.length > 0 && r.codes.every((c) => c === 'missing');

export function checkCounts(records: readonly Counted[]): CheckCounts {
  const count = (status: CheckStatus) => records.filter((r) => r.status === status).length;
  return {
    passed: count('pass'),
    warned: count('warn'),
    unchecked: count('unknown'),
    failed: count('fail'),
    unpublished: records.filter((r) => r.status === 'fail' && isUnpublished(r)).length,
  };
}
