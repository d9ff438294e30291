import { SMTPServer } from 'smtp-server';
import type { SandboxStore } from '../store';
import type { MailDomain } from '../store/domains';
import type { TlsMaterial } from './certificate';
import {
  capSessionLength,
  DEFAULT_SMTP_LIMITS,
  domainOf,
  readMessage,
  smtpError,
  type SmtpLimits,
} from './common';
import { summarizeMessage } from './message';
import { inboundTrace } from './outbound';

export interface InboundOptions {
  store: SandboxStore;
  tls: TlsMaterial;
  maxMessageBytes: number;
  /** Sessions, idle and session time (tests shorten them); DEFAULT_SMTP_LIMITS otherwise. */
  limits?: Partial<SmtpLimits>;
  /** The MX's host name in the Received field it writes. */
  mxHost?: string;
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
  mxHost = 'mx.sandbox.kyrios.test',
}: InboundOptions): SMTPServer {
  const limits = { ...DEFAULT_SMTP_LIMITS, ...given };
  const server = new SMTPServer({
    name: 'mx.sandbox.kyrios.test',
    banner: 'Kyrios sandbox MX',
    key: tls.key,
    cert: tls.cert,
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: maxMessageBytes,
    disableReverseLookup: true,
    closeTimeout: 1000,
    maxClients: limits.maxClients,
    socketTimeout: limits.idleTimeoutMs,
    logger: false,

    onRcptTo(address, _session, callback) {
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
      readMessage(stream, maxMessageBytes).then(
        ({ raw, size, exceeded }) => {
          if (exceeded) {
            callback(
              smtpError(552, `5.3.4 Message exceeds the maximum size of ${maxMessageBytes} bytes`),
            );
            return;
          }
          const stored = Buffer.concat([
            inboundTrace(
              session,
              mxHost,
              session.envelope.rcptTo.map((r) => r.address),
              store.now(),
            ),
            raw,
          ]);
          const summary = summarizeMessage(stored);
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
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
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  capSessionLength(server, limits.maxSessionMs);
  return server;
}
