import { z } from 'zod';
import { IpCheckResult } from './ip-check';

/**
 * Response and event shapes of the guard-and-monitor channels; contract.ts binds them to
 * channels. Kept apart so the contract stays a table one can read.
 */

/** Whether Kyrios answers, since when, why not, and when the app asks again by itself. */
export const ConnectionView = z.object({
  online: z.boolean(),
  /** When the current state began; null before the first call. */
  since: z.string().nullable(),
  reason: z.string().nullable(),
  /** While offline: the next automatic probe. */
  nextProbeAt: z.string().nullable(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const NOTIFICATION_KINDS = ['limit_warning', 'revocation', 'drift', 'ready', 'ip'] as const;

/** A notification: shown by the OS in the desktop app, pushed to the page in browser mode. */
export const AppNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  level: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  body: z.string(),
  accountId: z.string(),
  domainId: z.string().nullable(),
});
export type AppNotification = z.infer<typeof AppNotification>;

/**
 * An SMTP login the daily-limit rule deleted: from the local inventory when the app had listed it,
 * otherwise only from the revocation event (created elsewhere, e.g. in the dashboard).
 */
export const RevokedUser = z.object({
  /** The service's id of the deleted user; "Recreate" takes it. */
  id: z.string(),
  login: z.string(),
  /**
   * The domain the login was on. For a login the app never listed, the account's domain matching
   * the login's domain part; null when the account has no such domain.
   */
  domainId: z.string().nullable(),
  domain: z.string(),
  /** The domain is on the account (so "Recreate" can work once sending is possible). */
  domainKnown: z.boolean(),
  /** false: the app never listed this login; it is known only from the revocation event. */
  inInventory: z.boolean(),
  /** The owner/purpose note kept locally. */
  note: z.string().nullable(),
  /** "Where it's used" (apps, integrations), kept locally beside the note. */
  whereUsed: z.string().nullable(),
  /** Null for a login the app never listed. */
  createdAt: z.string().nullable(),
  deletedAt: z.string(),
  /** The UTC day whose limit was exceeded. */
  revokedOn: z.string(),
  /** The SMTP user that recreated it ("Recreate"), if any. */
  recreatedAs: z.object({ id: z.string(), at: z.string() }).nullable(),
});
export type RevokedUser = z.infer<typeof RevokedUser>;

export const RevocationView = z.object({
  /** The newest revocation the event feed reported. */
  latest: z
    .object({
      eventId: z.number().int(),
      at: z.string(),
      day: z.string(),
      sent: z.number().int().nullable(),
      dailyLimit: z.number().int().nullable(),
      /** The login whose message hit the limit. */
      trigger: z.string().nullable(),
      count: z.number().int(),
    })
    .nullable(),
  /** Every login the rule deleted, newest first. */
  users: z.array(RevokedUser),
  /** Whether "Recreate" can work now: only once the UTC day of the revocation is over. */
  sending: z.object({
    possible: z.boolean(),
    reason: z.string().nullable(),
    resetsAt: z.string().nullable(),
  }),
});
export type RevocationView = z.infer<typeof RevocationView>;

export const IpCheckView = z.object({
  /** The account's dedicated IP; null when it has none (or it is not known offline). */
  ip: z.string().nullable(),
  result: IpCheckResult.nullable(),
  /** live: checked now; cache: the last stored check. */
  source: z.enum(['live', 'cache']),
  /** Why there is no result. */
  reason: z.string().nullable(),
});
export type IpCheckView = z.infer<typeof IpCheckView>;

/**
 * Where an account's API key lives: the embedded sandbox needs none of the user's; `environment`
 * came from KYRIOS_API_KEY; `os` is encrypted by the OS secret store; `memory` lasts this session
 * only (with the reason in `note`); `none`: not available, enter it again.
 */
export const KeyStorage = z.object({
  storage: z.enum(['sandbox', 'environment', 'os', 'memory', 'none']),
  note: z.string().nullable(),
});
export type KeyStorage = z.infer<typeof KeyStorage>;

export const AccountEntry = z.object({
  id: z.string(),
  kind: z.enum(['sandbox', 'remote']),
  label: z.string(),
  baseUrl: z.string(),
  active: z.boolean(),
  key: KeyStorage,
});
export type AccountEntry = z.infer<typeof AccountEntry>;

export const AccountsView = z.object({
  accounts: z.array(AccountEntry),
  /** Whether keys added now survive a restart on this machine, and why not. */
  secretStore: z.object({ persistent: z.boolean(), reason: z.string().nullable() }),
});
export type AccountsView = z.infer<typeof AccountsView>;

/** CSV text for the UI to save (RFC 4180, CRLF). */
export const CsvExport = z.object({
  filename: z.string(),
  csv: z.string(),
  rows: z.number().int(),
});
export type CsvExport = z.infer<typeof CsvExport>;
