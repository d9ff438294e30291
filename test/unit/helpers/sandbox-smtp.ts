import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import type { Domain } from '../../../src/shared/domain';
import { TLS_CERT_FILE } from '../../../src/sandbox/smtp/certificate';
import type { SmtpUser } from '../../../src/sandbox/store/smtp-users';
import type { TestSandbox } from './sandbox';

/** The sandbox's account id, as the API reports it. */
export async function accountId(sb: TestSandbox): Promise<string> {
  return ((await (await sb.request('/v1/account')).json()) as { id: string }).id;
}

/**
 * "Add & Verify" through the API, then the domain marked verified in the store as if every record
 * had passed: for tests about SMTP users and mail. Verification itself is tested with the DNS fixture.
 */
export async function addVerifiedDomain(sb: TestSandbox, name: string): Promise<Domain> {
  const created = await sb.request('/v1/domains', { body: { name } });
  if (created.status !== 201) throw new Error(`POST /v1/domains ${name}: ${created.status}`);
  const domain = (await created.json()) as Domain;
  const verified = sb.sandbox.store.domains.applyVerification(
    await accountId(sb),
    domain.id,
    domain.records.map((r) => ({ recordId: r.id, status: 'pass', codes: ['ok'] })),
  );
  if (!verified) throw new Error('domain vanished');
  return verified;
}

export interface CreatedUser {
  user: SmtpUser;
  password: string;
}

export async function createSmtpUser(
  sb: TestSandbox,
  domainId: string,
  login: string,
  password?: string,
): Promise<CreatedUser> {
  const response = await sb.request(`/v1/domains/${domainId}/smtp-users`, {
    body: password === undefined ? { login } : { login, password },
  });
  if (response.status !== 201) {
    throw new Error(`create ${login}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as CreatedUser;
}

/** The certificate the sandbox made for STARTTLS, to trust it (and only it) in a client. */
export function sandboxCertificate(sb: TestSandbox): string {
  return readFileSync(join(sb.dataDir, TLS_CERT_FILE), 'utf8');
}

/**
 * A nodemailer transport on the sandbox's submission port. One pooled connection by default, so
 * a test controls how many SMTP sessions run at once.
 */
export function submissionTransport(
  sb: TestSandbox,
  auth: { user: string; pass: string },
  options: { requireTLS?: boolean; ignoreTLS?: boolean } = {},
) {
  return nodemailer.createTransport({
    host: sb.sandbox.smtp.host,
    port: sb.sandbox.smtp.port,
    secure: false,
    auth,
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    requireTLS: options.requireTLS ?? false,
    ignoreTLS: options.ignoreTLS ?? false,
    tls: { ca: sandboxCertificate(sb), servername: 'localhost' },
  });
}

export interface SmtpReply {
  code: number;
  lines: string[];
  text: string;
}

/**
 * A bare SMTP client over one socket, for what nodemailer cannot do: act between RCPT TO and
 * DATA, omit the SIZE parameter, or watch each reply.
 */
export async function rawSmtp(host: string, port: number) {
  const socket: Socket = connect(port, host);
  socket.setEncoding('utf8');
  let buffer = '';
  const waiting: ((reply: SmtpReply) => void)[] = [];
  const ready: SmtpReply[] = [];
  let current: string[] = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      current.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), lines: current, text: current.join('\n') };
        current = [];
        const next = waiting.shift();
        if (next) next(reply);
        else ready.push(reply);
      }
    }
  });
  const read = (): Promise<SmtpReply> => {
    const queued = ready.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => waiting.push(resolve));
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const greeting = await read();
  const client = {
    greeting,
    socket,
    read,
    async send(line: string): Promise<SmtpReply> {
      socket.write(`${line}\r\n`);
      return read();
    },
    async authPlain(user: string, pass: string): Promise<SmtpReply> {
      return client.send(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`);
    },
    /** DATA, then the message (dot-stuffed) and the final dot; the reply after the dot. */
    async data(message: string): Promise<SmtpReply> {
      const go = await client.send('DATA');
      if (go.code !== 354) return go;
      const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      socket.write(`${body}\r\n.\r\n`);
      return read();
    },
    async quit(): Promise<void> {
      if (!socket.destroyed) {
        socket.write('QUIT\r\n');
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.end();
        });
      }
    },
  };
  return client;
}
