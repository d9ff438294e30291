import { z } from 'zod';
import { AppCommand } from './app-commands';
import { CheckStatus, DomainCheckResult } from './dns-check';
import { Domain } from './domain';
import { Account, SmtpUser, Usage } from './kyrios';
import { AuditEntry } from './audit';
import { LimitGuardView } from './limit-guard';
import { CheckStatus as IpStatus } from './dns-check';
import { MailHistoryEntry, TestSendResult } from './mail-check';
import { MonitorAlert, MonitorRunSummary, MonitorStatus, RecordChange } from './monitor';
import { Settings, SettingsPatch } from './settings';
import { SmtpCertificate } from './smtp-certificate';
import {
  AccountEntry,
  AccountsView,
  AppNotification,
  ConnectionView,
  CsvExport,
  IpCheckView,
  RevocationView,
} from './views';

export * from './views';

/**
 * Every call the renderer can make, one row per channel: the method that `window.kyrios` names it
 * by, its scope (`app`, or `account`: answered by the session of the account in use), the zod
 * request schema and the response schema. Everything else is derived from these rows: main binds
 * each channel once (src/main/contract), browser mode binds the same table over HTTP, and the
 * preload and browser mode's API objects get one method per row (through the zod-free index that
 * tools/vite-contract-index.ts builds from this file). Adding a channel is this row, its handler
 * and the store action that calls it. Requests are untrusted input: schemas are strict.
 * See docs/architecture.md.
 */

const Empty = z.object({}).strict();

export const AccountInfo = z.object({
  kind: z.enum(['sandbox', 'remote']),
  label: z.string(),
  baseUrl: z.string(),
});
export type AccountInfo = z.infer<typeof AccountInfo>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  account: AccountInfo,
  dataDir: z.string(),
  /**
   * DNS servers given on the command line (`--resolver`, `--authoritative`): used instead of the
   * resolvers setting and of each zone's own servers. Absent when none were given.
   */
  dnsOverride: z
    .object({ resolvers: z.array(z.string()), authoritative: z.array(z.string()) })
    .optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const DomainList = z.object({
  domains: z.array(Domain),
  /** `live` when the service answered; `cache` when it did not and the last known state is shown. */
  source: z.enum(['live', 'cache']),
  syncedAt: z.string().nullable(),
  /** Why the service could not be reached, when `source` is `cache`. */
  offlineReason: z.string().optional(),
});
export type DomainList = z.infer<typeof DomainList>;

const Id = z.string().min(1).max(100);

export const CheckRunSummary = z.object({
  id: z.number().int(),
  checkedAt: z.string(),
  status: CheckStatus,
  trigger: z.enum(['manual', 'monitor']),
  passed: z.number().int(),
  warned: z.number().int(),
  /** Records that could not be checked (no server answered): never counted as failed. */
  unchecked: z.number().int(),
  failed: z.number().int(),
  /** Of the failed records, those with nothing at all published at their name. */
  unpublished: z.number().int(),
});
export type CheckRunSummary = z.infer<typeof CheckRunSummary>;

/** A domain's newest check, in short: what the domain list shows beside the service's status. */
export const LatestRun = CheckRunSummary.extend({ domainId: z.string() });
export type LatestRun = z.infer<typeof LatestRun>;

export const StoredCheck = DomainCheckResult.extend({ runId: z.number().int() });
export type StoredCheck = z.infer<typeof StoredCheck>;

const Source = {
  /** `live` when the service answered; `cache` when it did not and the last known state is shown. */
  source: z.enum(['live', 'cache']),
  syncedAt: z.string().nullable(),
  offlineReason: z.string().optional(),
};

export const AccountView = z.object({ account: Account.nullable(), ...Source });
export type AccountView = z.infer<typeof AccountView>;

/**
 * An SMTP user as the app shows it: the service's fields plus what is kept locally about it, the
 * owner/purpose note and where it is used.
 */
export const SmtpUserView = SmtpUser.extend({
  domainId: z.string(),
  note: z.string().nullable(),
  /** "Where it's used": the apps and integrations sending with this login. */
  whereUsed: z.string().nullable(),
  // Always set by main; optional so views built elsewhere (stores, fixtures) stay valid.
  /** Whole days since the password was set or last reset. */
  passwordAgeDays: z.number().int().optional(),
  /** Older than the rotation reminder setting (default 90 days). */
  rotationDue: z.boolean().optional(),
});
export type SmtpUserView = z.infer<typeof SmtpUserView>;

export const SmtpUserListView = z.object({
  users: z.array(SmtpUserView),
  limit: z.number().int(),
  ...Source,
});
export type SmtpUserListView = z.infer<typeof SmtpUserListView>;

export const UsageView = z.object({ usage: Usage.nullable(), ...Source });
export type UsageView = z.infer<typeof UsageView>;

/** Passwords cross the contract only on their way to the service; they are never stored. */
const Password = z.string().min(1).max(1024);
const Note = z.string().max(500);
/** "Where it's used": the apps and integrations sending with the login. */
const WhereUsed = z.string().max(500);

export const Verified = z.object({
  /** The domain as the service now has it (status and record statuses updated). */
  domain: Domain,
  /** The local diagnostics run at the same time: messages, fixes and the propagation view. */
  check: StoredCheck.nullable(),
});
export type Verified = z.infer<typeof Verified>;

/** Pasted text for the message check: headers, or a message; a file goes in chunks instead. */
export const MAX_PASTED_MESSAGE = 256 * 1024;
/** One chunk of a file for `mail:check-upload`, base64 (192 KiB of the file). */
export const MAX_UPLOAD_CHUNK = 256 * 1024;

export const contract = {
  'app:info': {
    method: 'getAppInfo',
    scope: 'app',
    request: Empty,
    response: AppInfo,
  },
  /**
   * Clears `secret` from the system clipboard after `afterMs` if it is still there (desktop: the
   * main process can read the clipboard when the window is not in front). `scheduled: false` where
   * there is no system clipboard (browser mode): the renderer clears it itself.
   */
  'clipboard:clear-later': {
    method: 'clearClipboardLater',
    scope: 'app',
    request: z
      .object({
        secret: Password,
        afterMs: z.number().int().min(1_000).max(86_400_000),
      })
      .strict(),
    response: z.object({ scheduled: z.boolean() }),
  },
  'domains:list': {
    method: 'listDomains',
    scope: 'account',
    request: Empty,
    response: DomainList,
  },
  'domains:add': {
    method: 'addDomain',
    scope: 'account',
    request: z.object({ name: z.string().max(1024) }).strict(),
    response: Domain,
  },
  /** Checks the domain's records against DNS now; the result joins the check history. */
  'dns:check': {
    method: 'checkDns',
    scope: 'account',
    request: z.object({ domainId: Id }).strict(),
    response: StoredCheck,
  },
  /** The newest stored check of a domain, readable offline; null before the first. */
  'dns:latest': {
    method: 'getLatestCheck',
    scope: 'account',
    request: z.object({ domainId: Id }).strict(),
    response: StoredCheck.nullable(),
  },
  /**
   * The newest check of every domain of the account, in short (readable offline): the domain list
   * shows it, whichever action made it (Verify Now, Check DNS, monitoring).
   */
  'dns:latest-runs': {
    method: 'getLatestRuns',
    scope: 'account',
    request: Empty,
    response: z.object({ runs: z.array(LatestRun) }),
  },
  'dns:history': {
    method: 'getCheckHistory',
    scope: 'account',
    request: z
      .object({ domainId: Id, limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    response: z.object({ runs: z.array(CheckRunSummary) }),
  },
  'dns:run': {
    method: 'getCheckRun',
    scope: 'account',
    request: z.object({ runId: z.number().int().positive() }).strict(),
    response: DomainCheckResult,
  },
  'account:get': {
    method: 'getAccount',
    scope: 'account',
    request: Empty,
    response: AccountView,
  },
  /** "Verify Now": the service verifies and, at the same time, the app diagnoses locally. */
  'domains:verify': {
    method: 'verifyDomain',
    scope: 'account',
    request: z.object({ domainId: Id }).strict(),
    response: Verified,
  },
  'domains:delete': {
    method: 'deleteDomain',
    scope: 'account',
    request: z.object({ domainId: Id }).strict(),
    response: z.object({ domainId: z.string() }),
  },
  'smtp:list': {
    method: 'listSmtpUsers',
    scope: 'account',
    request: z.object({ domainId: Id }).strict(),
    response: SmtpUserListView,
  },
  /** The password appears only in this response; absent in the request → the service generates one. */
  'smtp:create': {
    method: 'createSmtpUser',
    scope: 'account',
    request: z
      .object({
        domainId: Id,
        login: z.string().min(1).max(320),
        password: Password.optional(),
        note: Note.optional(),
        whereUsed: WhereUsed.optional(),
      })
      .strict(),
    response: z.object({ user: SmtpUserView, password: z.string() }),
  },
  'smtp:reset-password': {
    method: 'resetSmtpPassword',
    scope: 'account',
    request: z.object({ domainId: Id, userId: Id, password: Password }).strict(),
    response: SmtpUserView,
  },
  'smtp:delete': {
    method: 'deleteSmtpUser',
    scope: 'account',
    request: z.object({ domainId: Id, userId: Id }).strict(),
    response: z.object({ userId: z.string() }),
  },
  /**
   * The owner/purpose note and "Where it's used" are kept locally, never sent to the service.
   * `whereUsed` absent: left as it is.
   */
  'smtp:set-note': {
    method: 'setSmtpUserNote',
    scope: 'account',
    request: z
      .object({
        domainId: Id,
        userId: Id,
        note: Note.nullable(),
        whereUsed: WhereUsed.nullable().optional(),
      })
      .strict(),
    response: SmtpUserView,
  },
  /**
   * The certificate the account's SMTP host presents on STARTTLS (PEM, SHA-256 fingerprint, the
   * names it covers), read now, for apps that pin it. Fails `offline` when the host cannot be
   * reached, `bad_response` when it offers no STARTTLS or no certificate.
   */
  'smtp:certificate': {
    method: 'getSmtpCertificate',
    scope: 'account',
    request: Empty,
    response: SmtpCertificate,
  },
  'usage:get': {
    method: 'getUsage',
    scope: 'account',
    request: z.object({ days: z.number().int().min(1).max(90).optional() }).strict(),
    response: UsageView,
  },

  // Limit guard and usage export.
  /** Today's count against the limit, the last hour's rate and when the limit would be reached. */
  'guard:get': {
    method: 'getLimitGuard',
    scope: 'account',
    request: Empty,
    response: LimitGuardView,
  },
  'usage:export-csv': {
    method: 'exportUsageCsv',
    scope: 'account',
    request: z
      .object({
        days: z.number().int().min(1).max(90).optional(),
        /** One row per day (default), per SMTP user or per domain over the days. */
        by: z.enum(['day', 'user', 'domain']).optional(),
      })
      .strict(),
    response: CsvExport,
  },

  // Revocation by the daily-limit rule.
  /**
   * Every login the rule deleted (from the local inventory, and those the event names that the app
   * never listed) and whether Recreate works now.
   */
  'revocation:list': {
    method: 'listRevoked',
    scope: 'account',
    request: Empty,
    response: RevocationView,
  },
  /**
   * Same login on the same domain, note and "Where it's used" carried over; the new password
   * appears only here.
   */
  'smtp:recreate': {
    method: 'recreateSmtpUser',
    scope: 'account',
    request: z.object({ userId: Id }).strict(),
    response: z.object({ user: SmtpUserView, password: z.string(), replaces: z.string() }),
  },

  // Monitoring.
  'monitor:status': {
    method: 'getMonitorStatus',
    scope: 'account',
    request: Empty,
    response: MonitorStatus,
  },
  /** Re-checks every domain and the dedicated IP now; resolves when the run is over. */
  'monitor:run': {
    method: 'runMonitor',
    scope: 'account',
    request: Empty,
    response: MonitorRunSummary,
  },
  'monitor:alerts': {
    method: 'listMonitorAlerts',
    scope: 'account',
    request: z.object({ includeResolved: z.boolean().optional() }).strict(),
    response: z.object({ alerts: z.array(MonitorAlert) }),
  },
  /** Changes of a domain's records between consecutive checks, newest first. */
  'dns:timeline': {
    method: 'getDnsTimeline',
    scope: 'account',
    request: z
      .object({ domainId: Id, limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    response: z.object({ changes: z.array(RecordChange) }),
  },

  // The dedicated IP.
  /** Reverse DNS and blocklists for the account's dedicated IP, now. */
  'ip:check': {
    method: 'checkIp',
    scope: 'account',
    request: Empty,
    response: IpCheckView,
  },
  /** The last stored IP check, readable offline. */
  'ip:latest': {
    method: 'getLatestIpCheck',
    scope: 'account',
    request: Empty,
    response: IpCheckView,
  },

  // Connection.
  'connection:get': {
    method: 'getConnection',
    scope: 'account',
    request: Empty,
    response: ConnectionView,
  },

  // Proving the mail authenticates.
  /** Checks pasted headers or a whole message as its receiver did; the entry joins the history. */
  'mail:check-message': {
    method: 'checkMessage',
    scope: 'account',
    request: z
      .object({ raw: z.string().min(1).max(MAX_PASTED_MESSAGE), domainId: Id.optional() })
      .strict(),
    response: MailHistoryEntry,
  },
  /**
   * An .eml file, opened or dropped, in chunks: the first call (no uploadId) starts the check, each
   * next one continues it, and `last` ends it with the stored entry. The file is never held whole.
   */
  'mail:check-upload': {
    method: 'uploadMessage',
    scope: 'account',
    request: z
      .object({
        uploadId: Id.optional(),
        data: z
          .string()
          .max(MAX_UPLOAD_CHUNK)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/),
        last: z.boolean(),
        /** With the first chunk: the account's domain to file the entry under (else From's). */
        domainId: Id.optional(),
      })
      .strict(),
    response: z.object({
      uploadId: z.string(),
      received: z.number().int(),
      entry: MailHistoryEntry.nullable(),
    }),
  },
  /**
   * "Send test message": through the account's submission endpoint (STARTTLS, AUTH) with the SMTP
   * user's password, used for this send only and never stored; then read back where the service
   * offers it and checked. `to` absent: the user's own address, when the domain's mail arrives at
   * Kyrios.
   */
  'mail:test-send': {
    method: 'sendTestMessage',
    scope: 'account',
    request: z
      .object({
        domainId: Id,
        userId: Id,
        password: Password,
        to: z.string().trim().min(3).max(320).optional(),
      })
      .strict(),
    response: TestSendResult,
  },
  /** Test sends and checked messages, newest first: one domain's, null for elsewhere, or all. */
  'mail:history': {
    method: 'getMailHistory',
    scope: 'account',
    request: z
      .object({
        domainId: Id.nullable().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    response: z.object({ entries: z.array(MailHistoryEntry) }),
  },

  // Accounts.
  'accounts:list': {
    method: 'listAccounts',
    scope: 'app',
    request: Empty,
    response: AccountsView,
  },
  /** Checks the key against the service first; `activate` switches to it at once. */
  'accounts:add': {
    method: 'addAccount',
    scope: 'app',
    request: z
      .object({
        label: z.string().trim().min(1).max(80),
        baseUrl: z.string().trim().min(1).max(2048),
        apiKey: z.string().trim().min(1).max(4096),
        activate: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ account: AccountEntry, info: AppInfo }),
  },
  /** A new key for an account (e.g. one kept in memory only, after a restart). */
  'accounts:set-key': {
    method: 'setAccountKey',
    scope: 'app',
    request: z.object({ accountId: Id, apiKey: z.string().trim().min(1).max(4096) }).strict(),
    response: AccountEntry,
  },
  /** The embedded sandbox cannot be removed; removing the account in use switches to it. */
  'accounts:remove': {
    method: 'removeAccount',
    scope: 'app',
    request: z.object({ accountId: Id }).strict(),
    response: z.object({ accountId: z.string(), info: AppInfo }),
  },
  'accounts:switch': {
    method: 'switchAccount',
    scope: 'app',
    request: z.object({ accountId: Id }).strict(),
    response: AppInfo,
  },

  // Settings.
  'settings:get': {
    method: 'getSettings',
    scope: 'app',
    request: Empty,
    response: Settings,
  },
  /** Any subset of the settings; answers with all of them. */
  'settings:update': {
    method: 'updateSettings',
    scope: 'app',
    request: SettingsPatch,
    response: Settings,
  },

  // Audit log.
  'audit:list': {
    method: 'listAudit',
    scope: 'app',
    request: z
      .object({
        limit: z.number().int().min(1).max(1000).optional(),
        /** Entries older than this id (the previous page's `nextBeforeId`). */
        beforeId: z.number().int().positive().optional(),
        accountId: Id.optional(),
      })
      .strict(),
    response: z.object({
      entries: z.array(AuditEntry),
      nextBeforeId: z.number().int().nullable(),
    }),
  },
  'audit:export-csv': {
    method: 'exportAuditCsv',
    scope: 'app',
    request: z.object({ accountId: Id.optional() }).strict(),
    response: CsvExport,
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

/** The channels answered by the session of the account in use. */
export type AccountChannel = {
  [C in Channel]: Contract[C]['scope'] extends 'account' ? C : never;
}[Channel];
export const ACCOUNT_CHANNELS = CHANNELS.filter(
  (channel): channel is AccountChannel => contract[channel].scope === 'account',
);

export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

/** Pushes from main to the renderer. */
export const events = {
  'domains:changed': {
    method: 'onDomainsChanged',
    payload: z.object({
      reason: z.enum(['added', 'synced', 'verified', 'deleted']),
      domainId: z.string().optional(),
    }),
  },
  /** A check was stored, whichever action made it: its summary, for the list and the history. */
  'dns:checked': {
    method: 'onDnsChecked',
    payload: z.object({
      domainId: z.string(),
      runId: z.number().int(),
      status: CheckStatus,
      run: LatestRun,
    }),
  },
  'smtp:changed': { method: 'onSmtpChanged', payload: z.object({ domainId: z.string() }) },
  'connection:changed': {
    method: 'onConnectionChanged',
    payload: z.object({
      online: z.boolean(),
      since: z.string().nullable(),
      reason: z.string().nullable(),
      /** While offline: when the service will be asked again (the offline banner says it). */
      nextProbeAt: z.string().nullable().optional(),
    }),
  },
  /** After every reading of the account's count. */
  'guard:changed': { method: 'onLimitGuardChanged', payload: LimitGuardView },
  /** Once per threshold (80, 95) per UTC day. */
  'guard:warning': {
    method: 'onLimitWarning',
    payload: z.object({
      threshold: z.number().int(),
      day: z.string(),
      sentToday: z.number().int(),
      dailyLimit: z.number().int(),
      projectedLimitAt: z.string().nullable(),
    }),
  },
  /** The daily-limit rule deleted every SMTP credential (`revocation:list` has the logins). */
  'revocation:detected': {
    method: 'onRevocation',
    payload: z.object({
      at: z.string(),
      day: z.string(),
      count: z.number().int(),
      logins: z.array(z.string()),
    }),
  },
  /** An alert opened (resolvedAt null) or resolved. */
  'monitor:alert': { method: 'onMonitorAlert', payload: MonitorAlert },
  'monitor:finished': { method: 'onMonitorFinished', payload: MonitorRunSummary },
  'ip:checked': {
    method: 'onIpChecked',
    payload: z.object({ ip: z.string(), status: IpStatus, checkedAt: z.string() }),
  },
  /** An account was added, removed, given a key, or switched to; `info` is the app's now. */
  'accounts:changed': {
    method: 'onAccountsChanged',
    payload: z.object({
      reason: z.enum(['added', 'removed', 'switched', 'key']),
      accountId: z.string(),
      info: AppInfo,
    }),
  },
  'settings:changed': { method: 'onSettingsChanged', payload: Settings },
  /** Browser mode: show this as a page notification or an in-app alert. */
  'notification:show': { method: 'onNotification', payload: AppNotification },
  /**
   * Desktop only: the menu, the tray, a notification click or a file opened with the app asks the
   * window to do something (src/shared/app-commands.ts). Browser mode has none of these: its API
   * object has no such method.
   */
  'app:command': { method: 'onAppCommand', scope: 'desktop', payload: AppCommand },
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The pushes only the desktop app has (its menu, tray and notifications): `scope: 'desktop'`. */
export type DesktopEventName = {
  [E in EventName]: Events[E] extends { scope: 'desktop' } ? E : never;
}[EventName];
export const isDesktopEvent = (name: EventName): name is DesktopEventName =>
  'scope' in events[name] && events[name].scope === 'desktop';
