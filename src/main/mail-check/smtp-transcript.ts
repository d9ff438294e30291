import { performance } from 'node:perf_hooks';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SmtpStep } from '../../shared/mail-check';

/**
 * One message sent through a submission endpoint, step by step: nodemailer's SMTPConnection does
 * the SMTP (STARTTLS required, AUTH, pipelining, dot-stuffing, timeouts), and its transaction log
 * (`transactionLog`: commands and replies, message data left out, credentials already masked) is
 * read into steps, each command with its reply. A library that has handled every server's quirks
 * for years, rather than a client of our own; the log is all the transcript needs.
 */

export interface SubmissionTarget {
  host: string;
  port: number;
  /** PEM certificates to trust instead of the system's (the embedded sandbox's own). */
  ca?: string;
  /** The name our EHLO gives. */
  clientName?: string;
  timeoutMs?: number;
  /** The SASL mechanism (default: the first the server offers, PLAIN where it can). */
  authMethod?: 'PLAIN' | 'LOGIN';
}

export interface Submission {
  login: string;
  /** Used for AUTH, then dropped: never stored, never logged. */
  password: string;
  from: string;
  to: string;
  message: Buffer;
}

export interface SubmissionOutcome {
  accepted: boolean;
  /** The final reply to the message (`250 … accepted as msg_…`). */
  response: string | null;
  transcript: SmtpStep[];
  error: { code: string; message: string } | null;
}

const WHY: Record<string, string> = {
  ECONNECTION: 'smtp_connect_failed',
  ETIMEDOUT: 'smtp_timeout',
  ESOCKET: 'smtp_connect_failed',
  ETLS: 'smtp_tls_failed',
  EAUTH: 'smtp_auth_failed',
  EENVELOPE: 'smtp_refused',
  EMESSAGE: 'smtp_refused',
  EPROTOCOL: 'smtp_protocol',
  EDNS: 'smtp_connect_failed',
};

/** AUTH lines as the transcript shows them: the mechanism, the login, never the password. */
function masked(line: string, login: string, state: { auth: string | null }): string {
  const auth = /^AUTH (\S+)/i.exec(line);
  if (auth) {
    state.auth = (auth[1] ?? '').toUpperCase();
    return state.auth === 'PLAIN'
      ? `AUTH PLAIN (the login ${login} and its password, base64; the password not shown)`
      : `AUTH ${state.auth}`;
  }
  if (state.auth === 'LOGIN') {
    const decoded = Buffer.from(line, 'base64').toString('utf8');
    if (decoded === login) return `${line} (the login ${login}, base64)`;
    state.auth = null;
    return '(the password, base64; not shown)';
  }
  return line;
}

function codeOf(text: string): number {
  const code = Number(text.slice(0, 3));
  return Number.isInteger(code) ? code : 0;
}

export function submitWithTranscript(
  target: SubmissionTarget,
  submission: Submission,
): Promise<SubmissionOutcome> {
  const steps: (SmtpStep & { started: number; waiting: boolean })[] = [];
  const state = { auth: null as string | null };
  // Replies come in the order of the commands, pipelined or not: the oldest one still waiting.
  const open = () => steps.find((s) => s.waiting);
  const record = (command: string, waiting = true) =>
    steps.push({ command, reply: null, ok: true, ms: 0, started: performance.now(), waiting });
  const log = (entry: { tnx?: string }, message: string, ...args: unknown[]) => {
    const text = args.reduce<string>((t, a) => t.replace('%s', String(a)), String(message));
    if (entry.tnx === 'client') record(masked(text, submission.login, state));
    else if (entry.tnx === 'server') {
      // The greeting, or the reply to the message data, comes with no command of ours in the log.
      let step = open();
      if (!step) {
        const last = steps.at(-1);
        record(
          last === undefined
            ? `connect to ${target.host}:${target.port}`
            : `the message (${submission.message.length} bytes), then <CRLF>.<CRLF>`,
        );
        step = steps.at(-1);
      }
      if (step) {
        step.waiting = false;
        step.reply = { code: codeOf(text), text };
        step.ok = codeOf(text) < 400;
        step.ms = Math.round((performance.now() - step.started) * 10) / 10;
      }
    } else if (entry.tnx === 'smtp' && /upgraded with STARTTLS/.test(text)) {
      record('TLS handshake (STARTTLS accepted, the connection is now encrypted)', false);
    }
  };
  const logger = { trace: () => {}, debug: log, info: log, warn: log, error: log, fatal: log };
  const timeout = target.timeoutMs ?? 15_000;
  const connection = new SMTPConnection({
    host: target.host,
    port: target.port,
    requireTLS: true,
    name: target.clientName ?? 'kyrios-desk.local',
    transactionLog: true,
    logger,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    ...(target.ca ? { tls: { ca: target.ca } } : {}),
  });

  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Omit<SubmissionOutcome, 'transcript'>) => {
      if (done) return;
      done = true;
      if (outcome.error) {
        const waiting = open();
        if (waiting) {
          waiting.waiting = false;
          waiting.ok = false;
        }
        // A failure with no reply of its own (refused connection, TLS, timeout) is a step too.
        if (steps.every((step) => step.ok)) {
          record(
            steps.length === 0
              ? `connect to ${target.host}:${target.port}: ${outcome.error.message}`
              : outcome.error.message,
            false,
          );
          const failed = steps.at(-1);
          if (failed) failed.ok = false;
        }
      }
      const resolveWith = () =>
        resolve({
          ...outcome,
          transcript: steps.map(({ started: _s, waiting: _w, ...step }) => step),
        });
      if (!outcome.accepted) {
        connection.close();
        resolveWith();
        return;
      }
      // QUIT and its reply belong in the transcript: wait for the server to close, briefly.
      const timer = setTimeout(resolveWith, 2_000);
      connection.once('end', () => {
        clearTimeout(timer);
        resolveWith();
      });
      connection.quit();
    };
    const fail = (error: Error & { code?: string; response?: string }) =>
      finish({
        accepted: false,
        response: error.response ?? null,
        error: { code: WHY[error.code ?? ''] ?? 'smtp_failed', message: error.message },
      });
    connection.once('error', fail);
    connection.connect(() => {
      const auth = {
        user: submission.login,
        pass: submission.password,
        ...(target.authMethod ? { method: target.authMethod } : {}),
      };
      connection.login(auth, (authError) => {
        if (authError) return fail(authError);
        connection.send(
          { from: submission.from, to: [submission.to] },
          submission.message,
          (sendError, info) => {
            if (sendError) return fail(sendError);
            const refused = info.rejected.length > 0;
            finish({
              accepted: !refused,
              response: info.response ?? null,
              error: refused
                ? {
                    code: 'smtp_refused',
                    message: `The server refused ${info.rejected.join(', ')}.`,
                  }
                : null,
            });
          },
        );
      });
    });
  });
}
