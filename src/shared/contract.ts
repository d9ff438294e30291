import { z } from 'zod';
import { CheckStatus, DomainCheckResult } from './dns-check';
import { Domain } from './domain';
import { Account, SmtpUser, Usage } from './kyrios';

/**
 * Every call the renderer can make: channel → zod request schema → response schema. Main binds each
 * channel once (src/main/contract), browser mode binds the same table over HTTP, and the preload
 * exposes one method per channel. Requests are untrusted input: schemas are strict.
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
  failed: z.number().int(),
});
export type CheckRunSummary = z.infer<typeof CheckRunSummary>;

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

/** An SMTP user as the app shows it: the service's fields plus the local owner/purpose note. */
export const SmtpUserView = SmtpUser.extend({
  domainId: z.string(),
  note: z.string().nullable(),
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

export const Verified = z.object({
  /** The domain as the service now has it (status and record statuses updated). */
  domain: Domain,
  /** The local diagnostics run at the same time: messages, fixes and the propagation view. */
  check: StoredCheck.nullable(),
});
export type Verified = z.infer<typeof Verified>;

export const contract = {
  'app:info': { request: Empty, response: AppInfo },
  'domains:list': { request: Empty, response: DomainList },
  'domains:add': {
    request: z.object({ name: z.string().max(1024) }).strict(),
    response: Domain,
  },
  /** Checks the domain's records against DNS now; the result joins the check history. */
  'dns:check': { request: z.object({ domainId: Id }).strict(), response: StoredCheck },
  /** The newest stored check of a domain, readable offline; null before the first. */
  'dns:latest': { request: z.object({ domainId: Id }).strict(), response: StoredCheck.nullable() },
  'dns:history': {
    request: z
      .object({ domainId: Id, limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    response: z.object({ runs: z.array(CheckRunSummary) }),
  },
  'dns:run': {
    request: z.object({ runId: z.number().int().positive() }).strict(),
    response: DomainCheckResult,
  },
  'account:get': { request: Empty, response: AccountView },
  /** "Verify Now": the service verifies and, at the same time, the app diagnoses locally. */
  'domains:verify': { request: z.object({ domainId: Id }).strict(), response: Verified },
  'domains:delete': {
    request: z.object({ domainId: Id }).strict(),
    response: z.object({ domainId: z.string() }),
  },
  'smtp:list': { request: z.object({ domainId: Id }).strict(), response: SmtpUserListView },
  /** The password appears only in this response; absent in the request → the service generates one. */
  'smtp:create': {
    request: z
      .object({
        domainId: Id,
        login: z.string().min(1).max(320),
        password: Password.optional(),
        note: Note.optional(),
      })
      .strict(),
    response: z.object({ user: SmtpUserView, password: z.string() }),
  },
  'smtp:reset-password': {
    request: z.object({ domainId: Id, userId: Id, password: Password }).strict(),
    response: SmtpUserView,
  },
  'smtp:delete': {
    request: z.object({ domainId: Id, userId: Id }).strict(),
    response: z.object({ userId: z.string() }),
  },
  /** The owner/purpose note is kept locally, never sent to the service. */
  'smtp:set-note': {
    request: z.object({ domainId: Id, userId: Id, note: Note.nullable() }).strict(),
    response: SmtpUserView,
  },
  'usage:get': {
    request: z.object({ days: z.number().int().min(1).max(90).optional() }).strict(),
    response: UsageView,
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

/** Pushes from main to the renderer. */
export const events = {
  'domains:changed': z.object({
    reason: z.enum(['added', 'synced', 'verified', 'deleted']),
    domainId: z.string().optional(),
  }),
  'dns:checked': z.object({ domainId: z.string(), runId: z.number().int(), status: CheckStatus }),
  'smtp:changed': z.object({ domainId: z.string() }),
  'connection:changed': z.object({
    online: z.boolean(),
    since: z.string().nullable(),
    reason: z.string().nullable(),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
