import { z } from 'zod';
import { CheckStatus, DnsCheckCode } from './dns-check';
import { DMARC_POLICIES } from './dmarc';

/**
 * The received-message check, as the app, the `message` CLI (`--json`), the check history and the
 * UI see it: SPF, every DKIM signature, DMARC, ARC and the receiver's own Authentication-Results,
 * each with the status words of the records table (pass, warn, unknown = could not check, fail),
 * the result word receivers use (RFC 8601), and, when it does not pass, why and the exact fix.
 * Like the DNS check, fields and codes are only ever added, never renamed.
 */

/** The result words of Authentication-Results (RFC 8601 §2.7). */
export const AUTH_RESULTS = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
] as const;
export const AuthResult = z.enum(AUTH_RESULTS);
export type AuthResult = z.infer<typeof AuthResult>;

export const MAIL_CHECK_CODES = [
  'ok',
  // SPF, for the envelope sender and the connecting IP.
  'spf_fail',
  'spf_softfail',
  'spf_neutral',
  'spf_none',
  'spf_permerror',
  'spf_temperror',
  /** No connecting IP: no Received field names one that came from outside. */
  'spf_no_connection',
  /** The account's dedicated IP is not in the service's SPF include: the service's to fix. */
  'spf_ip_not_covered',
  /** Sent from another address than the account's dedicated IP: not through the service. */
  'spf_not_dedicated_ip',
  // DKIM, per signature.
  'dkim_none',
  'dkim_body_changed',
  'dkim_bad_signature',
  /** The published key is the right one, so a signed header field was changed. */
  'dkim_header_changed',
  'dkim_no_key',
  'dkim_key_revoked',
  'dkim_body_length',
  /** Passes, but d= is not the From domain (nor, relaxed, its organisational domain). */
  'dkim_not_aligned',
  'dkim_unsupported',
  'dkim_expired',
  'dkim_weak_key',
  'dkim_temperror',
  /** Only headers were given: the key is fine, the signature needs the body to be checked. */
  'dkim_needs_body',
  // DMARC.
  'dmarc_fail',
  /** SPF passes for a return path that is not aligned with From. */
  'dmarc_return_path_unaligned',
  /** DKIM passes for a d= that is not aligned with From. */
  'dmarc_dkim_unaligned',
  'dmarc_none',
  'dmarc_temperror',
  /** From holds no address, or several: DMARC cannot apply. */
  'dmarc_from_invalid',
  // ARC.
  'arc_fail',
  // The receiver's own Authentication-Results.
  'receiver_disagrees',
] as const;
export const MailCheckCode = z.enum(MAIL_CHECK_CODES);
export type MailCheckCode = z.infer<typeof MailCheckCode>;

/** A verdict's codes: the check's own, and the records table's when a record is the cause. */
export const VerdictCode = z.union([MailCheckCode, DnsCheckCode]);
export type VerdictCode = z.infer<typeof VerdictCode>;

const Verdict = z.object({
  status: CheckStatus,
  result: AuthResult,
  codes: z.array(VerdictCode).min(1),
  message: z.string(),
  /** What to do, exactly; null when nothing needs doing. */
  fix: z.string().nullable(),
});
export type Verdict = z.infer<typeof Verdict>;

export const SpfVerdict = Verdict.extend({
  /** The domain SPF was judged for: the envelope sender's (or the HELO name's). */
  domain: z.string().nullable(),
  ip: z.string().nullable(),
  helo: z.string().nullable(),
  /** The SPF record found for the domain. */
  record: z.string().nullable(),
});
export type SpfVerdict = z.infer<typeof SpfVerdict>;

export const DkimVerdict = Verdict.extend({
  /** d= and s=; null when the signature does not say. */
  domain: z.string().nullable(),
  selector: z.string().nullable(),
  algorithm: z.string().nullable(),
  /** h=: the signed header fields, as listed. */
  headers: z.array(z.string()),
  /** l=: how many body bytes are signed; null without the tag. */
  bodyLength: z.number().int().nonnegative().nullable(),
  /** d= aligned with From (DMARC's relaxed rule, or strict when the policy asks for it). */
  aligned: z.boolean(),
  /** The key record found at `<selector>._domainkey.<domain>`. */
  keyRecord: z.string().nullable(),
});
export type DkimVerdict = z.infer<typeof DkimVerdict>;

export const DmarcVerdict = Verdict.extend({
  /** The From domain, which DMARC is judged for. */
  domain: z.string().nullable(),
  organizationalDomain: z.string().nullable(),
  /** Where the record that applies lives (`_dmarc.` + this). */
  recordDomain: z.string().nullable(),
  record: z.string().nullable(),
  /** The policy in force for the From domain and the tag that gave it (p=, sp= or np=). */
  policy: z.enum(DMARC_POLICIES).nullable(),
  policyTag: z.enum(['p', 'sp', 'np']).nullable(),
  /** What a receiver that follows the policy does with this message. */
  disposition: z.enum(['deliver', 'quarantine', 'reject']).nullable(),
  spfAligned: z.boolean(),
  dkimAligned: z.boolean(),
  alignment: z.object({ spf: z.enum(['r', 's']), dkim: z.enum(['r', 's']) }).nullable(),
});
export type DmarcVerdict = z.infer<typeof DmarcVerdict>;

export const ArcVerdict = Verdict.extend({
  /** ARC sets on the message (i=1…n). */
  instances: z.number().int().nonnegative(),
  /** d= of the newest ARC-Seal: the last intermediary that sealed. */
  sealedBy: z.string().nullable(),
});
export type ArcVerdict = z.infer<typeof ArcVerdict>;

export const RECEIVER_METHODS = ['spf', 'dkim', 'dmarc', 'arc'] as const;

export const ReceiverResult = z.object({
  method: z.enum(RECEIVER_METHODS),
  /** What the receiver wrote (`pass`, `fail`, …), as written. */
  result: z.string(),
  /** What it was about: `header.d=…`, `smtp.mailfrom=…`, `header.from=…`. */
  detail: z.string().nullable(),
  /** The app's verdict on the same thing; null when the app has none to compare. */
  app: AuthResult.nullable(),
  agrees: z.boolean().nullable(),
});
export type ReceiverResult = z.infer<typeof ReceiverResult>;

export const ReceiverResults = z.object({
  /** The receiving server that wrote them (the authserv-id). */
  authservId: z.string(),
  results: z.array(ReceiverResult),
  status: CheckStatus,
  codes: z.array(VerdictCode).min(1),
  message: z.string(),
});
export type ReceiverResults = z.infer<typeof ReceiverResults>;

export const MAIL_FIX_SUBJECTS = ['spf', 'dkim', 'dmarc', 'arc', 'receiver'] as const;

export const MailFix = z.object({
  subject: z.enum(MAIL_FIX_SUBJECTS),
  /** The most specific code of the verdict it fixes. */
  code: VerdictCode,
  message: z.string(),
  fix: z.string(),
});
export type MailFix = z.infer<typeof MailFix>;

export const MAIL_NOTE_CODES = [
  /** Only the header section was given: body hashes cannot be checked. */
  'headers_only',
  /** Header bytes that are UTF-8 (RFC 6532): fine where the path supports SMTPUTF8. */
  'utf8_headers',
  /** Header bytes that are neither ASCII nor UTF-8. */
  'eight_bit_headers',
  'large_message',
  'many_signatures',
  /** A leading mbox "From " line was skipped. */
  'mbox_separator',
] as const;

export const MailNote = z.object({ code: z.enum(MAIL_NOTE_CODES), message: z.string() });
export type MailNote = z.infer<typeof MailNote>;

export const MailConnection = z.object({
  /** The connecting IP that SPF judged. */
  ip: z.string().nullable(),
  helo: z.string().nullable(),
  /** `given`: by the caller (a test send knows where it left from); `received`: the Received chain. */
  source: z.enum(['given', 'received', 'none']),
  /** The server that received the connection, from that Received field. */
  receivedBy: z.string().nullable(),
});
export type MailConnection = z.infer<typeof MailConnection>;

export const MailCheckResult = z.object({
  checkedAt: z.string(),
  /** The worst of the verdicts: `fail` when anything fails, `unknown` when something could not be checked. */
  status: CheckStatus,
  /** The From address. */
  from: z.string().nullable(),
  fromDomain: z.string().nullable(),
  /** The envelope sender (Return-Path, or as given). */
  envelopeFrom: z.string().nullable(),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  size: z.number().int().nonnegative(),
  connection: MailConnection,
  spf: SpfVerdict,
  dkim: z.array(DkimVerdict),
  dmarc: DmarcVerdict,
  /** Null when the message carries no ARC set. */
  arc: ArcVerdict.nullable(),
  /** Null when the message carries no Authentication-Results. */
  receiverResults: ReceiverResults.nullable(),
  /** Every fix, in the order of the verdicts. */
  fixes: z.array(MailFix),
  notes: z.array(MailNote),
});
export type MailCheckResult = z.infer<typeof MailCheckResult>;

/** Why an input cannot be checked as a message at all (the CLI's exit status 2). */
export const MAIL_INPUT_PROBLEMS = [
  'empty',
  'binary',
  'not_a_message',
  'truncated',
  'header_too_large',
  'no_from',
] as const;
export type MailInputProblem = (typeof MAIL_INPUT_PROBLEMS)[number];

/** One step of a test send: what the app sent (never a password) and the server's reply. */
export const SmtpStep = z.object({
  /** The command as sent, credentials hidden; or what happened (connecting, the TLS handshake). */
  command: z.string(),
  /** The reply's code and text (several lines for EHLO); null when none came. */
  reply: z.object({ code: z.number().int(), text: z.string() }).nullable(),
  ok: z.boolean(),
  /** From the command to its reply. */
  ms: z.number().nonnegative(),
});
export type SmtpStep = z.infer<typeof SmtpStep>;

export const READ_BACK_PLACES = ['outbox', 'inbound'] as const;

export const TestSendResult = z.object({
  /** The history entry it was stored as. */
  entryId: z.number().int(),
  accepted: z.boolean(),
  from: z.string(),
  to: z.string(),
  /** The Message-ID the app gave the message. */
  messageId: z.string(),
  /** The id the server named when it accepted the message, when it named one. */
  queueId: z.string().nullable(),
  transcript: z.array(SmtpStep),
  /** Why it stopped, when it was not accepted. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Where the message was read back from; null when it could not be. */
  readBack: z.enum(READ_BACK_PLACES).nullable(),
  readBackNote: z.string().nullable(),
  check: MailCheckResult.nullable(),
});
export type TestSendResult = z.infer<typeof TestSendResult>;

export const MailHistoryEntry = z.object({
  id: z.number().int(),
  kind: z.enum(['check', 'test_send']),
  /** The account's domain the message is from; null for a message from elsewhere. */
  domainId: z.string().nullable(),
  domain: z.string().nullable(),
  at: z.string(),
  status: CheckStatus,
  subject: z.string().nullable(),
  from: z.string().nullable(),
  /** Test sends: who it went to. */
  recipient: z.string().nullable(),
  result: MailCheckResult.nullable(),
  transcript: z.array(SmtpStep).nullable(),
  /** Test sends: why there are no verdicts (refused, not read back). */
  note: z.string().nullable(),
});
export type MailHistoryEntry = z.infer<typeof MailHistoryEntry>;
