/** Why a call to the Kyrios API failed, in terms the services can act on. */
export class KyriosError extends Error {
  constructor(
    /** The problem's `code`, or `offline` / `rate_limited` / `bad_response` / `service_error`. */
    readonly code: string,
    message: string,
    readonly status?: number,
    /** Worth another attempt: the answer was lost, or the service was briefly unwell or busy. */
    readonly transient = false,
    /** With 429 or 503: when the service said to come back. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'KyriosError';
  }
}
