/**
 * The service's numeric rules, for the renderer. src/shared/kyrios.ts and src/shared/limit-guard.ts
 * hold them too, but they also build zod schemas at import time, which would pull zod into the
 * bundle; a unit test keeps these equal to the shared ones. The service's own answers (`limit`,
 * `dailyLimit`) win when present.
 */
export const DAILY_LIMIT = 1500;
export const SMTP_USERS_PER_DOMAIN = 5;
/** The limit guard warns at these shares of the daily limit (1,200 and 1,425 of 1,500). */
export const GUARD_THRESHOLDS = [80, 95] as const;

export type LimitLevel = 'ok' | 'warning' | 'critical' | 'reached';

/** Where a count stands against the daily limit, as the limit guard grades it. */
export function limitLevel(sent: number, limit: number): LimitLevel {
  const at = (percent: number) => Math.ceil((limit * percent) / 100);
  if (sent >= limit) return 'reached';
  if (sent >= at(GUARD_THRESHOLDS[1])) return 'critical';
  if (sent >= at(GUARD_THRESHOLDS[0])) return 'warning';
  return 'ok';
}
