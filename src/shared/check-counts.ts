import type { CheckStatus } from './dns-check';

/** How many records of a check passed, warned, could not be checked and failed. Zod-free. */
export interface CheckCounts {
  passed: number;
  warned: number;
  unchecked: number;
  failed: number;
}

export function checkCounts(records: readonly { status: CheckStatus }[]): CheckCounts {
  const count = (status: CheckStatus) => records.filter((r) => r.status === status).length;
  return {
    passed: count('pass'),
    warned: count('warn'),
    unchecked: count('unknown'),
    failed: count('fail'),
  };
}
