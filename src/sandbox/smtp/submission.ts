import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { DAILY_SEND_LIMIT } from '../limits';
import { DEFAULT_SERVICE_HOSTS } from '../settings';
import { verifyPassword } from '../passwords';
import type { SandboxStore } from '../store';
import type { Reservation } from '../store/sending';
import type { TlsMaterial } from './certificate';
import {
  DEFAULT_SMTP_LIMITS,
  domainOf,
  readMessage,
  smtpError,
  SUBMISSION_HOST,
  type SmtpLimits,
} from './common';
import { DkimSignError } from './dkim-sign';
import { acceptOutbound, type OutboundContext } from './outbound';
import { authNeedsTls, ENCRYPTION_REQUIRED, guardSessions, listenerOptions } from './session-guard';

export interface SubmissionOptions {
  store: SandboxStore;
  tls: TlsMaterial;
  maxMessageBytes: number;
  /** Sessions, idle and session time (tests shorten them); DEFAULT_SMTP_LIMITS otherwise. */
  limits?: Partial<SmtpLimits>;
  /** Where a broken session's one line goes (default stderr). */
  log?: (line: string) => void;
  /** The dedicated IP and MX host in the trace fields (DEFAULT_SERVICE_HOSTS otherwise). */
  outbound?: Partial<Pick<OutboundContext, 'dedicatedIp' | 'mxHost'>>;
}

/** What AUTH puts in `session.user`. */
interface SessionUser {
  id: string;
  login: string;
  accountId: string;
  domainId: string;
  domain: string;
}

function userOf(session: SMTPServerSession): SessionUser | undefined {
  return (session.user as SessionUser | false | undefined) || undefined;
}

/**
 * SMTP submission: AUTH PLAIN/LOGIN with the SMTP users, STARTTLS, MAIL FROM on the user's own
 * domain, the size limit on the real size, and the daily limit counted per accepted recipient.
 *
 * A recipient is counted when RCPT TO accepts it (sending.reserve) and stays counted when its
 * message is accepted. If the message does not complete (size refused, RSET, new MAIL FROM,
 * disconnect) its recipients are given back. A deleted login cannot AUTH, cannot start a message
 * (MAIL FROM) and cannot add recipients; a message whose recipients were accepted completes.
 */
export function createSubmissionServer({
  store,
  tls,
  maxMessageBytes,
  limits: given,
  log,
  outbound,
}: SubmissionOptions): SMTPServer {
  const limits = { ...DEFAULT_SMTP_LIMITS, ...given };
  const outboundContext: OutboundContext = {
    store,
    dedicatedIp: outbound?.dedicatedIp ?? DEFAULT_SERVICE_HOSTS.dedicatedIp,
    submissionHost: SUBMISSION_HOST,
    mxHost: outbound?.mxHost ?? DEFAULT_SERVICE_HOSTS.mxHost,
  };
  const pending = new Map<string, Reservation[]>();
  const giveBack = (sessionId: string): void => {
    const list = pending.get(sessionId);
    pending.delete(sessionId);
    if (list) store.sending.release(list);
  };

  const server = new SMTPServer({
    name: SUBMISSION_HOST,
    banner: 'Kyrios sandbox submission',
    ...listenerOptions(tls),
    authMethods: ['PLAIN', 'LOGIN'],
    // Cleartext AUTH is refused per connection below unless the client is on loopback.
    allowInsecureAuth: true,
    size: maxMessageBytes,
    disableReverseLookup: true,
    closeTimeout: 1000,
    maxClients: limits.maxClients,
    socketTimeout: limits.idleTimeoutMs,
    logger: false,

    onConnect(session, callback) {
      // Not offered before STARTTLS; asked for anyway, it is answered 538 (see guardSessions).
      if (authNeedsTls(session.remoteAddress, session.secure)) session.disabledCommands = ['AUTH'];
      callback();
    },

    onSecure(_socket, session, callback) {
      session.disabledCommands = [];
      callback();
    },

    onAuth(auth, session, callback) {
      if (authNeedsTls(session.remoteAddress, session.secure)) {
        callback(smtpError(538, ENCRYPTION_REQUIRED));
        return;
      }
      const login = (auth.username ?? '').toLowerCase();
      const identity = store.smtpUsers.identityByLogin(login);
      verifyPassword(auth.password ?? '', identity?.passwordHash)
        .then((ok) => {
          // Deleted while scrypt ran: refused like any deleted login.
          if (!ok || !identity || !store.smtpUsers.isActive(identity.id)) {
            callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
            return;
          }
          const user: SessionUser = {
            id: identity.id,
            login: identity.login,
            accountId: identity.accountId,
            domainId: identity.domainId,
            domain: identity.domain,
          };
          callback(null, { user });
        })
        // .catch, not a second argument: a store error thrown above must not go unhandled.
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },

    onMailFrom(address, session, callback) {
      giveBack(session.id); // a new transaction: whatever the last one reserved is abandoned
      const user = userOf(session);
      if (!user) return callback(smtpError(530, '5.7.0 Authentication required'));
      if (!store.smtpUsers.isActive(user.id)) {
        return callback(
          smtpError(
            550,
            `5.7.1 The SMTP user ${user.login} was deleted; sending with it has stopped`,
          ),
        );
      }
      if (domainOf(address.address) !== user.domain) {
        return callback(
          smtpError(
            550,
            `5.7.1 Sender <${address.address}> is not on ${user.domain}, the domain of ${user.login}`,
          ),
        );
      }
      callback();
    },

    onRcptTo(address, session, callback) {
      const user = userOf(session);
      if (!user) return callback(smtpError(530, '5.7.0 Authentication required'));
      const key = address.address.toLowerCase();
      // A repeated recipient replaces the earlier one: it is still one email.
      if (session.envelope.rcptTo.some((r) => r.address.toLowerCase() === key)) return callback();
      const result = store.sending.reserve(user.accountId, user.id);
      if (result.ok) {
        const list = pending.get(session.id) ?? [];
        list.push(result.reservation);
        pending.set(session.id, list);
        return callback();
      }
      if (result.reason === 'user_deleted') {
        return callback(
          smtpError(
            550,
            `5.7.1 The SMTP user ${user.login} was deleted; sending with it has stopped`,
          ),
        );
      }
      return callback(
        smtpError(
          550,
          `5.7.1 Daily sending limit of ${DAILY_SEND_LIMIT} emails exceeded: every SMTP credential of this account has been deleted`,
        ),
      );
    },

    onData(stream, session, callback) {
      const user = userOf(session);
      readMessage(stream, maxMessageBytes)
        .then(async ({ raw, exceeded }) => {
          if (exceeded) {
            giveBack(session.id);
            callback(
              smtpError(552, `5.3.4 Message exceeds the maximum size of ${maxMessageBytes} bytes`),
            );
            return;
          }
          const mailFrom = session.envelope.mailFrom;
          // The message is ours from here: a disconnect while it is signed gives nothing back.
          const reserved = pending.get(session.id) ?? [];
          pending.delete(session.id);
          if (!user) {
            callback(null, 'Message accepted as none');
            return;
          }
          try {
            const accepted = await acceptOutbound(
              outboundContext,
              {
                user,
                session,
                mailFrom: mailFrom ? mailFrom.address : '',
                recipients: session.envelope.rcptTo.map((r) => r.address),
                raw,
              },
              store.now(),
            );
            callback(null, `Message accepted as ${accepted.id}`);
          } catch (error) {
            store.sending.release(reserved);
            const why = error instanceof Error ? error.message : String(error);
            const what = error instanceof DkimSignError ? 'DKIM-signed' : 'accepted';
            callback(smtpError(451, `4.3.0 The message could not be ${what}: ${why}`));
          }
        })
        // A peer that left mid-DATA, or a store error thrown above: never an unhandled rejection.
        .catch((error: unknown) => {
          giveBack(session.id);
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },

    onClose(session) {
      giveBack(session.id);
    },
  });
  guardSessions(server, {
    listener: 'submission',
    auth: true,
    maxSessionMs: limits.maxSessionMs,
    ...(log ? { log } : {}),
  });
  return server;
}
