import { isIP } from 'node:net';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import type { SMTPServer } from 'smtp-server';
import { isLoopback } from './common';

/**
 * What a network peer can do to a session without bringing the listener down: every kind is one
 * log line and one count, never an unhandled 'error' event.
 */
export const BROKEN_SESSION_KINDS = [
  /** TLS after STARTTLS failed: its handshake (an old protocol, a refused certificate, junk) or a record later. */
  'tls_handshake',
  /** The connection was reset or broke (ECONNRESET, EPIPE…). */
  'reset',
  /** The client said nothing for the idle timeout. */
  'timeout',
  /** The session outlived the session cap (a client that trickles bytes). */
  'session_limit',
  /** The server hung up on the client: an overlong line, too many unknown or unauthenticated commands, an HTTP request. */
  'protocol',
  /** The client closed the connection without QUIT in the middle of something: DATA, a transaction, AUTH, STARTTLS. */
  'dropped',
] as const;
export type BrokenSessionKind = (typeof BROKEN_SESSION_KINDS)[number];

export interface ListenerStats {
  /** Connections that reached the SMTP session (refused ones not included). */
  sessions: number;
  /** Open now. */
  open: number;
  /** Ended with QUIT. */
  completed: number;
  /** Ended by the client without QUIT, but between transactions: nothing was left half done. */
  closed: number;
  /** Turned away at once with 421 because `maxClients` sessions were open. */
  refused: number;
  broken: Record<BrokenSessionKind, number>;
}

export type ListenerName = 'submission' | 'mx';

export interface SessionGuardOptions {
  listener: ListenerName;
  /** AUTH is offered here (submission): AUTH before STARTTLS from a non-loopback peer gets 538. */
  auth: boolean;
  /** No connection lasts longer, whatever it sends: past it the socket is closed. */
  maxSessionMs: number;
  /** Where the one line per broken session goes (default: stderr). */
  log?: (line: string) => void;
}

/** The default log: one line on stderr. */
export const stderrLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Where a close without QUIT leaves something half done. */
const UNFINISHED = new Set([
  'in DATA',
  'after RCPT TO',
  'after MAIL FROM',
  'during AUTH',
  'during STARTTLS',
]);

const ENHANCED_CODE = /^[245]\.\d{1,3}\.\d{1,3}(?: |$)/;

/** STARTTLS is required before AUTH unless the client is on this machine or already on TLS. */
export function authNeedsTls(remoteAddress: string, secure: boolean): boolean {
  return !secure && !isLoopback(remoteAddress);
}

export const ENCRYPTION_REQUIRED = '5.7.11 Encryption required: issue STARTTLS before AUTH';

/** The TLS and reply options both listeners share (the certificate and the SMTP library's own replies). */
export function listenerOptions(tls: { key: string; cert: string }) {
  return {
    key: tls.key,
    cert: tls.cert,
    // TLS 1.0 and 1.1 are answered with a protocol_version alert.
    minVersion: 'TLSv1.2' as const,
    // Advertised, and the library puts an RFC 3463 code in its own replies (see withReplyPolicy).
    hideENHANCEDSTATUSCODES: false,
    authRequiredMessage: 'Authentication required',
  };
}

const stats = new WeakMap<SMTPServer, () => ListenerStats>();

/** The counts of a guarded listener. */
export function sessionStats(server: SMTPServer): ListenerStats {
  const read = stats.get(server);
  if (!read) throw new Error('This SMTP server is not guarded.');
  return read();
}

function emptyBroken(): Record<BrokenSessionKind, number> {
  return Object.fromEntries(BROKEN_SESSION_KINDS.map((k) => [k, 0])) as Record<
    BrokenSessionKind,
    number
  >;
}

type PeerError = Error & { code?: string; reason?: string; meta?: { stage?: string } };

function isTlsError(error: PeerError): boolean {
  return (
    error.code?.startsWith('ERR_SSL') === true ||
    error.code === 'TLSError' ||
    error.meta?.stage === 'connect'
  );
}

/** One short line: OpenSSL's reason ("tlsv1 alert unknown ca") rather than its file and line. */
function shortReason(error: PeerError): string {
  const text = (error.reason ?? error.message).replace(/\s+/g, ' ').trim();
  const line = error.code && !text.includes(error.code) ? `${error.code}: ${text}` : text;
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function peer(connection: SMTPConnection): string {
  const address = connection.remoteAddress;
  const port = connection.remotePort;
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

interface Session {
  started: number;
  refused: boolean;
  quit: boolean;
  shutdown: boolean;
  inData: boolean;
  fault: { kind: BrokenSessionKind; reason: string } | null;
  stage: string;
}

function stageOf(connection: SMTPConnection, session: Session): string {
  if (session.inData) return 'in DATA';
  const envelope = connection.session.envelope;
  if (envelope?.rcptTo.length) return 'after RCPT TO';
  if (envelope?.mailFrom) return 'after MAIL FROM';
  if (connection._nextHandler) return 'during AUTH';
  if (connection.session.user) return 'after AUTH';
  if (connection._upgrading) return 'during STARTTLS';
  if (connection.secure) return 'after STARTTLS';
  return connection.hostNameAppearsAs ? 'after EHLO' : 'at the greeting';
}

/**
 * Makes a listener hold up against whatever a network peer does, and counts what peers did:
 *
 * - Every socket and TLS error of a session is recorded on the session and never reaches the
 *   process as an unhandled 'error' event (smtp-server emits peer faults such as a refused
 *   certificate or a reset in a transaction on the server, where no listener meant a crash).
 * - A session that ends broken (see BROKEN_SESSION_KINDS) is logged as one line, without a stack
 *   trace: the fault is the peer's, not ours. The server's onClose still runs, so whatever the
 *   session reserved is given back.
 * - Replies: a reply whose text already starts with its enhanced status code (ours) is sent as
 *   written; the library adds one to its own. AUTH before STARTTLS from a non-loopback peer gets
 *   `538 5.7.11` instead of the library's "500 command not recognized" for a command disabled
 *   in that session.
 * - The session cap: no connection lasts longer than `maxSessionMs`.
 *
 * The library's own connect() is replaced by the same four steps with the connection wrapped
 * before init(), because init() may already answer (421 when too many sessions are open).
 */
export function guardSessions(server: SMTPServer, options: SessionGuardOptions): void {
  const log = options.log ?? stderrLine;
  const counts = { completed: 0, closed: 0, refused: 0, broken: emptyBroken() };
  let total = 0;
  const recorded = new WeakSet<Error>();
  stats.set(server, () => ({
    ...counts,
    sessions: total - counts.refused,
    broken: { ...counts.broken },
    open: server.connections.size,
  }));

  // Errors of a session were recorded by it; anything else (the listening socket) is logged.
  server.on('error', (error: Error) => {
    if (recorded.has(error)) return;
    log(`sandbox smtp ${options.listener}: ${shortReason(error)}`);
  });

  function watch(connection: SMTPConnection): void {
    const session: Session = {
      started: Date.now(),
      refused: false,
      quit: false,
      shutdown: false,
      inData: false,
      fault: null,
      stage: 'at the greeting',
    };
    const fault = (kind: BrokenSessionKind, reason: string) => {
      if (session.fault) return;
      session.fault = { kind, reason };
      session.stage = stageOf(connection, session);
    };
    const cap = setTimeout(() => {
      fault('session_limit', `longer than ${Math.round(options.maxSessionMs / 1000)} s`);
      connection._socket.destroy();
    }, options.maxSessionMs);
    cap.unref();

    const send = connection.send.bind(connection);
    connection.send = (code, data, context) => {
      if (code === 221) session.quit = true;
      if (code === 421) {
        const text = String(data ?? '');
        if (/Too many connected clients/.test(text)) session.refused = true;
        else if (/shutting down/.test(text)) session.shutdown = true;
        else fault(/^Timeout/.test(text) ? 'timeout' : 'protocol', text);
        // Said instead of a greeting; 4.7.0 as other busy servers say it.
        if (context === false && !ENHANCED_CODE.test(text)) data = `4.7.0 ${text}`;
      }
      if (
        options.auth &&
        code === 500 &&
        context === 'AUTH' &&
        authNeedsTls(connection.remoteAddress, connection.secure)
      ) {
        send(538, ENCRYPTION_REQUIRED, false);
        return;
      }
      session.inData = code === 354;
      send(code, data, typeof data === 'string' && ENHANCED_CODE.test(data) ? false : context);
    };

    const onError = connection._onError.bind(connection);
    connection._onError = (error) => {
      recorded.add(error);
      const peerError = error as PeerError;
      // Anything else a socket reports is the connection breaking, like a reset.
      const tls = connection._upgrading || isTlsError(peerError);
      fault(tls ? 'tls_handshake' : 'reset', shortReason(peerError));
      onError(error);
    };

    // How the session ended, once: counted, and logged when it broke. Run after the server's own
    // onClose, so by the time the line is written whatever the session reserved is given back.
    const settle = (stageAtClose: string) => {
      clearTimeout(cap);
      if (session.refused) counts.refused += 1;
      else if (session.quit) counts.completed += 1;
      else if (session.shutdown) {
        // Ended by the sandbox's own shutdown: nobody's fault.
      } else if (!session.fault && !UNFINISHED.has(stageAtClose)) {
        counts.closed += 1;
      } else {
        const { kind, reason } = session.fault ?? {
          kind: 'dropped',
          reason: 'closed without QUIT',
        };
        const stage = session.fault ? session.stage : stageAtClose;
        counts.broken[kind] += 1;
        const seconds = ((Date.now() - session.started) / 1000).toFixed(1);
        log(
          `sandbox smtp ${options.listener}: broken session from ${peer(connection)} (${kind} ${stage}, ${seconds} s): ${reason}`,
        );
      }
    };
    const onClose = connection._onClose.bind(connection);
    let settled = false;
    connection._onClose = () => {
      const first = !settled;
      settled = true;
      const stage = first ? stageOf(connection, session) : '';
      onClose();
      if (first) setImmediate(() => settle(stage));
    };
  }

  server.connect = (socket, socketOptions) => {
    const connection = new SMTPConnection(server, socket, socketOptions);
    watch(connection);
    total += 1;
    server.connections.add(connection);
    connection.on('error', (error: Error) => server.emit('error', error));
    connection.on('connect', (data: unknown) => server.emit('connect', data));
    connection.init();
  };
}
