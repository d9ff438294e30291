import type { SMTPServerSession } from 'smtp-server';
import { newId } from '../ids';
import type { SandboxStore } from '../store';
import type { OutboxStore, SendingDomain } from '../store/outbox';
import { domainOf } from './common';
import { dkimSignatureFor } from './dkim-sign';
import { summarizeMessage } from './message';

/**
 * What the service does with a message once submission has accepted it, so that the sandbox sends
 * like the real thing: the submission Received header (naming the client and the dedicated IP),
 * Date and Message-ID when the client left them out, a DKIM signature with the domain's key and
 * selector, and the envelope sender moved to the domain's return-path host (VERP-style, so a
 * bounce names the message). Then delivery: recipients at a domain of the account whose MX points
 * at the service go to Conversations, with the receiving MX's own trace fields; every other
 * recipient's copy goes to the outbox.
 */

export interface OutboundContext {
  store: SandboxStore;
  /** The account's dedicated sending IP. */
  dedicatedIp: string;
  /** Host names in the trace fields. */
  submissionHost: string;
  mxHost: string;
}

export interface SubmittedMessage {
  user: { id: string; accountId: string; domainId: string };
  session: Pick<
    SMTPServerSession,
    'remoteAddress' | 'clientHostname' | 'hostNameAppearsAs' | 'transmissionType'
  >;
  mailFrom: string;
  recipients: string[];
  raw: Buffer;
}

export interface Accepted {
  id: string;
  /** The envelope sender as the message leaves. */
  mailFrom: string;
  inbound: string[];
  outbox: string[];
}

const CRLF = '\r\n';

/** RFC 5322 date-time in UTC: `Tue, 03 Nov 2026 14:05:09 +0000`. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** The header section as text (latin1: one character per byte), without the blank line. */
function headerSection(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  return end ? text.slice(0, end.index) : text;
}

function hasField(head: string, name: string): boolean {
  return new RegExp(`^${name}[ \\t]*:`, 'im').test(head);
}

function plainIp(address: string): string {
  return address.replace(/^::ffff:/i, '');
}

function addressLiteral(ip: string): string {
  return ip.includes(':') ? `[IPv6:${ip}]` : `[${ip}]`;
}

/** `from HELO (NAME [IP])`: the client as it said it was and as the connection showed it. */
function fromClause(session: SubmittedMessage['session']): string {
  const ip = plainIp(session.remoteAddress);
  const literal = addressLiteral(ip);
  const helo = (session.hostNameAppearsAs || literal).replace(/[\s()]/g, '');
  const name = (session.clientHostname || '').replace(/[\s()[\]]/g, '');
  const seen = name === '' || name === ip ? literal : `${name} ${literal}`;
  return `from ${helo} (${seen})`;
}

function forClause(recipients: string[]): string {
  return recipients.length === 1 ? `${CRLF}\tfor <${recipients[0]}>` : '';
}

function received(
  from: string,
  by: string,
  withProtocol: string,
  id: string,
  recipients: string[],
  at: Date,
): string {
  return `Received: ${from}${CRLF}\tby ${by} with ${withProtocol} id ${id}${forClause(recipients)}; ${rfc5322Date(at)}${CRLF}`;
}

/**
 * The envelope sender on the return-path host: `bounce-<id>-<local>=<domain>@kbounce.<domain>`.
 * The original address stays readable for a human reading a bounce; when it would not fit in a
 * local part (64 octets) only the message id is kept.
 */
export function bounceAddress(id: string, original: string, returnPath: string): string {
  const at = original.lastIndexOf('@');
  const local = at < 0 ? '' : original.slice(0, at);
  const domain = at < 0 ? '' : original.slice(at + 1);
  const encoded = `bounce-${id}-${local}=${domain}`;
  const usable = local !== '' && /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local);
  return `${usable && encoded.length <= 64 ? encoded : `bounce-${id}`}@${returnPath}`;
}

function routeRecipients(
  outbox: OutboxStore,
  accountId: string,
  recipients: string[],
): {
  inbound: Map<string, { domain: { id: string; accountId: string }; to: string[] }>;
  rest: string[];
} {
  const inbound = new Map<string, { domain: { id: string; accountId: string }; to: string[] }>();
  const rest: string[] = [];
  for (const rcpt of recipients) {
    const domain = outbox.receivingDomain(accountId, domainOf(rcpt));
    if (!domain) {
      rest.push(rcpt);
      continue;
    }
    const entry = inbound.get(domain.id) ?? { domain, to: [] };
    entry.to.push(rcpt);
    inbound.set(domain.id, entry);
  }
  return { inbound, rest };
}

/**
 * Signs, records and delivers one accepted message; resolves with its id. Throws (nothing stored)
 * when the domain's key cannot sign: the caller answers 451 and gives the recipients back.
 */
export async function acceptOutbound(
  ctx: OutboundContext,
  message: SubmittedMessage,
  now: Date,
): Promise<Accepted> {
  const { store } = ctx;
  const domain: SendingDomain | undefined = store.outbox.sendingDomain(message.user.domainId);
  if (!domain) throw new Error(`domain ${message.user.domainId} is gone`);
  const id = newId('msg');

  // What a submission server adds when the client did not (RFC 6409 §8.2, §8.3).
  const head = headerSection(message.raw);
  let added = '';
  if (!hasField(head, 'date')) added += `Date: ${rfc5322Date(now)}${CRLF}`;
  if (!hasField(head, 'message-id')) added += `Message-ID: <${id}@${domain.name}>${CRLF}`;
  const content = added === '' ? message.raw : Buffer.concat([Buffer.from(added), message.raw]);

  const signature = await dkimSignatureFor(content, {
    domain: domain.name,
    selector: domain.dkimSelector,
    privateKeyPem: domain.dkimPrivateKey,
  });
  const trace = received(
    fromClause(message.session),
    `${ctx.submissionHost} (Kyrios sandbox; dedicated IP ${ctx.dedicatedIp})`,
    message.session.transmissionType || 'ESMTPSA',
    id,
    message.recipients,
    now,
  );
  const sent = Buffer.concat([Buffer.from(trace + signature, 'latin1'), content]);
  const mailFrom = domain.returnPath
    ? bounceAddress(id, message.mailFrom, domain.returnPath)
    : message.mailFrom;
  const summary = summarizeMessage(sent);
  const { inbound, rest } = routeRecipients(
    store.outbox,
    message.user.accountId,
    message.recipients,
  );

  store.db.transaction(() => {
    store.sending.recordMessage({
      id,
      accountId: message.user.accountId,
      userId: message.user.id,
      mailFrom,
      recipients: message.recipients,
      size: sent.length,
      raw: sent,
    });
    if (rest.length > 0) {
      store.outbox.insert({
        id,
        accountId: message.user.accountId,
        domainId: domain.id,
        mailFrom,
        to: rest,
        from: summary.from,
        subject: summary.subject,
        messageId: summary.messageId,
        sentFrom: ctx.dedicatedIp,
        size: sent.length,
      });
    }
    for (const { domain: receiving, to } of inbound.values()) {
      // As the receiving MX writes it: where the envelope came from, and who connected.
      const delivered = Buffer.concat([
        Buffer.from(
          `Return-Path: <${mailFrom}>${CRLF}` +
            received(
              `from ${ctx.submissionHost} (${addressLiteral(ctx.dedicatedIp)})`,
              `${ctx.mxHost} (Kyrios sandbox MX)`,
              'ESMTPS',
              newId('in'),
              to,
              now,
            ),
          'latin1',
        ),
        sent,
      ]);
      store.inbound.insert({
        accountId: receiving.accountId,
        domainId: receiving.id,
        mailFrom,
        to,
        ...summarizeMessage(delivered),
        size: sent.length,
        raw: delivered,
      });
    }
  })();
  return { id, mailFrom, inbound: [...inbound.values()].flatMap((e) => e.to), outbox: rest };
}

/**
 * The trace fields the MX writes on mail it receives from anyone (Return-Path and its Received),
 * so a message read back from Conversations can be checked as a receiver would.
 */
export function inboundTrace(
  session: SubmittedMessage['session'] & { envelope: { mailFrom: false | { address: string } } },
  mxHost: string,
  recipients: string[],
  now: Date,
): Buffer {
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  return Buffer.from(
    `Return-Path: <${mailFrom}>${CRLF}` +
      received(
        fromClause(session),
        `${mxHost} (Kyrios sandbox MX)`,
        session.transmissionType || 'ESMTP',
        newId('in'),
        recipients,
        now,
      ),
    'latin1',
  );
}
