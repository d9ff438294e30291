import { z } from 'zod';
import { CheckStatus, DnsCheckCode } from './dns-check';
import { Domain } from './domain';

/**
 * Shapes of the Kyrios API (api/kyrios.openapi.yaml), as the app's client validates them. The
 * OpenAPI document is the source of truth; test/unit/main/kyrios checks these schemas accept what
 * the sandbox serves, and the sandbox's conformance test checks it serves what the document says.
 */

export const DAILY_LIMIT = 1500;
export const SMTP_USERS_PER_DOMAIN = 5;

const Time = z.string().min(1).max(40);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const HostPort = z.object({ host: z.string(), port: z.number().int().min(1).max(65535) });

export const Account = z.object({
  id: z.string(),
  name: z.string(),
  dailyLimit: z.number().int(),
  sentToday: z.number().int().min(0),
  day: Day,
  resetsAt: Time,
  dedicatedIp: z.string().nullable(),
  smtp: HostPort,
});
export type Account = z.infer<typeof Account>;

export const SmtpUser = z.object({
  id: z.string(),
  login: z.string(),
  createdAt: Time,
  passwordChangedAt: Time,
});
export type SmtpUser = z.infer<typeof SmtpUser>;

export const SmtpUserList = z.object({ users: z.array(SmtpUser), limit: z.number().int() });
export const CreatedSmtpUser = z.object({ user: SmtpUser, password: z.string().min(1) });

export const Verification = z.object({
  domain: Domain,
  checks: z.array(
    z.object({
      recordId: z.string(),
      status: CheckStatus,
      codes: z.array(DnsCheckCode.or(z.string())),
    }),
  ),
});
export type Verification = z.infer<typeof Verification>;

export const Usage = z.object({
  dailyLimit: z.number().int(),
  today: z.object({ day: Day, sent: z.number().int().min(0), remaining: z.number().int().min(0) }),
  days: z.array(z.object({ day: Day, sent: z.number().int().min(0) })),
  byUser: z.array(
    z.object({
      userId: z.string(),
      login: z.string(),
      domainId: z.string(),
      domain: z.string(),
      sent: z.number().int().min(0),
      deleted: z.boolean(),
    }),
  ),
  byDomain: z.array(
    z.object({ domainId: z.string(), domain: z.string(), sent: z.number().int().min(0) }),
  ),
});
export type Usage = z.infer<typeof Usage>;

export const UserRef = z.object({
  userId: z.string(),
  login: z.string(),
  domainId: z.string(),
  domain: z.string(),
});
export type UserRef = z.infer<typeof UserRef>;

export const RevocationDetail = z.object({
  day: Day,
  dailyLimit: z.number().int(),
  sent: z.number().int(),
  trigger: z.object({ userId: z.string(), login: z.string() }),
  logins: z.array(z.string()),
  users: z.array(UserRef),
});
export type RevocationDetail = z.infer<typeof RevocationDetail>;

/** Events; a client ignores types it does not know, so `type` stays an open string. */
export const KyriosEvent = z.object({
  id: z.number().int().min(1),
  at: Time,
  type: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type KyriosEvent = z.infer<typeof KyriosEvent>;

export const InboundMessage = z.object({
  id: z.string(),
  domainId: z.string(),
  domain: z.string(),
  mailFrom: z.string(),
  to: z.array(z.string()),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  text: z.string().nullable(),
  size: z.number().int().min(0),
  receivedAt: Time,
});
export type InboundMessage = z.infer<typeof InboundMessage>;

/** A message in the outbox: sent through SMTP to a recipient the service does not receive for. */
export const OutboxMessage = z.object({
  id: z.string(),
  domainId: z.string(),
  domain: z.string(),
  login: z.string(),
  /** The envelope sender as it leaves, on the domain's return-path host. */
  mailFrom: z.string(),
  to: z.array(z.string()),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  /** The dedicated IP it leaves from. */
  sentFrom: z.string(),
  size: z.number().int().min(0),
  acceptedAt: Time,
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

/** The whole message, base64, as the service sent or received it. */
const RawMessage = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
export const OutboxMessageWithRaw = OutboxMessage.extend({ raw: RawMessage });
export const InboundMessageWithRaw = InboundMessage.extend({ raw: RawMessage });
