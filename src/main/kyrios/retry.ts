import type { KyriosError } from './kyrios-error';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** A Retry-After longer than this is not waited for: the call fails as `rate_limited`. */
  maxRetryAfterMs: number;
}

/**
 * How long to wait before the next attempt, or null to give up: exponential backoff with jitter,
 * or the service's own Retry-After when it gave one.
 */
export function retryDelayMs(
  error: KyriosError,
  triesSoFar: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  // Idempotency keys make a retry safe for POSTs too; other 4xx answers are final.
  if (!error.transient || triesSoFar >= policy.retries) return null;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null;
  }
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** triesSoFar);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
