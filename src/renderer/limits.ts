/**
 * The service's two numeric rules, for the renderer. src/shared/kyrios.ts holds them too, but it
 * also builds zod schemas at import time, which would pull zod into the bundle; a unit test keeps
 * these equal to the shared ones. The service's own answers (`limit`, `dailyLimit`) win when present.
 */
export const DAILY_LIMIT = 1500;
export const SMTP_USERS_PER_DOMAIN = 5;
