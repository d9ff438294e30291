import { SMTPServer } from 'smtp-server';
import { DEFAULT_SERVICE_HOSTS } from '../settings';
import type { SandboxStore } from '../store';
import type { MailDomain } from '../store/domains';
import type { TlsMaterial } from './certificate';
import { DEFAULT_SMTP_LIMITS, domainOf, readMessage, smtpError, type SmtpLimits } from './common';
import { summarizeMessage } from './message';
import { inboundTrace } from './outbound';
import { guardSessions, listenerOptions, stderrLine } from './session-guard';

/** RFC 5321 §4.5.1: every SMTP server accepts mail to <postmaster>, with no domain. */
function isPostmaster(address: string): boolean {
  return address.toLowerCase() === 'postmaster';
}

export interface InboundOptions {
  store: SandboxStore;
  tls: TlsMaterial;
  maxMessageBytes: number;
  /** Sessions, idle and session time (tests shorten them); DEFAULT_SMTP_LIMITS otherwise. */
  limits?: Partial<SmtpLimits>;
  /** Where a broken session's one line goes (default stderr). */
  log?: (line: string) => void;
  /** The name announced in the greeting and EHLO: the MX host the records point at. */
  name?: string;
}

/**
 * The MX listener: mail to addresses on verified dedicated domains is stored for the
 * Conversations of the account that owns the domain; any other recipient is refused (no relay).
 */
export function createInboundServer({
  store,
  tls,
  maxMessageBytes,
  limits: given,
  log,
  name = DEFAULT_SERVICE_HOSTS.mxHost,
}: InboundOptions): SMTPServer {
  const limits = { ...DEFAULT_SMTP_LIMITS, ...given };
  const server = new SMTPServer({
    name,
    banner: 'Kyrios sandbox MX',
    ...listenerOptions(tls),
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: maxMessageBytes,
    disableReverseLookup: true,
    closeTimeout: 1000,
    maxClients: limits.maxClients,
    socketTimeout: limits.idleTimeoutMs,
    logger: false,

    onRcptTo(address, _session, callback) {
      if (isPostmaster(address.address)) return callback();
      const domain = domainOf(address.address);
      if (domain === '' || store.domains.verifiedByName(domain).length === 0) {
        return callback(
          smtpError(
            550,
            `5.7.1 Relay denied: ${domain || 'that address'} is not a verified dedicated domain here`,
          ),
        );
      }
      callback();
    },

    onData(stream, session, callback) {
      readMessage(stream, maxMessageBytes)
        .then(({ raw, size, exceeded }) => {
          if (exceeded) {
            callback(
              smtpError(552, `5.3.4 Message exceeds the maximum size of ${maxMessageBytes} bytes`),
            );
            return;
          }
          // As a receiving MX writes them: the envelope sender, and who connected.
          const stored = Buffer.concat([
            inboundTrace(
              session,
              name,
              session.envelope.rcptTo.map((r) => r.address),
              store.now(),
            ),
            raw,
          ]);
          const summary = summarizeMessage(stored);
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          if (session.envelope.rcptTo.some((r) => isPostmaster(r.address))) {
            // The sandbox's postmaster is whoever runs it: the message goes to its log.
            (log ?? stderrLine)(
              `sandbox smtp mx: mail for the postmaster from <${mailFrom}>, ${size} bytes, subject ${JSON.stringify(summary.subject ?? '')}`,
            );
          }
          // One Conversations entry per receiving domain (and so per account).
          const byDomain = new Map<string, { domain: MailDomain; to: string[] }>();
          for (const rcpt of session.envelope.rcptTo) {
            for (const domain of store.domains.verifiedByName(domainOf(rcpt.address))) {
              const entry = byDomain.get(domain.id) ?? { domain, to: [] };
              entry.to.push(rcpt.address);
              byDomain.set(domain.id, entry);
            }
          }
          store.db.transaction(() => {
            for (const { domain, to } of byDomain.values()) {
              store.inbound.insert({
                accountId: domain.accountId,
                domainId: domain.id,
                mailFrom,
                to,
                ...summary,
                size,
                raw: stored,
              });
            }
          })();
          callback(null, 'Message received');
        })
        // A peer that left mid-DATA, or a store error thrown above: never an unhandled rejection.
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });
  guardSessions(server, {
    listener: 'mx',
    auth: false,
    maxSessionMs: limits.maxSessionMs,
    ...(log ? { log } : {}),
  });
  return server;
}
