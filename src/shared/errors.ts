import { z } from 'zod';

/**
 * Stable error codes crossing the contract. The UI maps them to words; never rename one.
 */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_domain',
  'domain_exists',
  'not_found',
  'offline',
  'unauthorized',
  'service_error',
  'bad_response',
  'forbidden_sender',
  'disconnected',
  'rate_limited',
  'domain_not_verified',
  'invalid_login',
  'weak_password',
  'smtp_user_limit',
  'smtp_user_exists',
  /** Recreating credentials after a revocation before the UTC day has reset. */
  'limit_not_reset',
  /** What was given to the message check is not an email message (binary, cut off, no From). */
  'invalid_message',
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppError = z.object({ code: ErrorCode, message: z.string() });
export type AppError = z.infer<typeof AppError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
