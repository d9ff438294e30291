import type { X509Certificate } from 'node:crypto';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { SmtpCertificate } from '../../shared/smtp-certificate';
import { ServiceError } from './service-error';

export type { SmtpCertificate };

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REPLY_BYTES = 64 * 1024;

/** The names a certificate's subjectAltName lists ("DNS:a, IP Address:127.0.0.1" → [a, 127.0.0.1]). */
export function certificateNames(x509: X509Certificate): string[] {
  return (x509.subjectAltName ?? '')
    .split(', ')
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1] ?? '')
    .filter((name) => name !== '');
}

/**
 * Reads the certificate of an SMTP server the way a mail app meets it: greeting, EHLO, STARTTLS,
 * then the TLS handshake, trusting nothing (the point is to show what is presented, so the user
 * can pin it). Every way the dial can go wrong (nothing listening, a reset, silence, garbage, a
 * server without STARTTLS, a failed handshake) ends as a ServiceError saying so; the socket is
 * always closed.
 */
export function readSmtpCertificate(
  host: string,
  port: number,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<SmtpCertificate> {
  return new Promise((resolve, reject) => {
    let socket: Socket | TLSSocket = connectTcp({ host, port });
    let settled = false;
    const finish = (error: ServiceError | null, value?: SmtpCertificate) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error || !value) {
        socket.destroy();
        reject(error ?? new ServiceError('bad_response', 'No certificate was read.'));
        return;
      }
      // Said goodbye properly; whatever the server does next, the socket goes within a second.
      socket.end('QUIT\r\n');
      setTimeout(() => socket.destroy(), 1_000).unref();
      resolve(value);
    };
    const fail = (code: 'offline' | 'bad_response', message: string) =>
      finish(new ServiceError(code, message));
    const where = `${host}:${port}`;
    const timer = setTimeout(
      () =>
        fail('offline', `The SMTP server at ${where} did not answer within ${timeoutMs / 1000} s.`),
      timeoutMs,
    );
    const onSocketError = (error: Error & { code?: string }) =>
      fail(
        'offline',
        `The SMTP server at ${where} could not be reached (${error.code ?? error.message}).`,
      );
    socket.on('error', onSocketError);
    socket.on('close', () =>
      fail('bad_response', `The SMTP server at ${where} closed the connection before STARTTLS.`),
    );

    // SMTP replies, line by line: a reply ends at "NNN " (multi-line ones use "NNN-").
    let buffer = '';
    let lines: string[] = [];
    let step: 'greeting' | 'ehlo' | 'starttls' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > MAX_REPLY_BYTES) {
        return fail('bad_response', `The server at ${where} does not speak SMTP.`);
      }
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        lines.push(line);
        if (!/^\d{3}[ -]/.test(line)) {
          return fail('bad_response', `The server at ${where} does not speak SMTP.`);
        }
        if (line[3] === ' ') {
          const reply = lines;
          lines = [];
          onReply(Number(line.slice(0, 3)), reply);
          if (settled || step === 'starttls') return;
        }
      }
    };
    socket.on('data', onData);

    function onReply(code: number, reply: string[]): void {
      if (step === 'greeting') {
        if (code !== 220)
          return fail(
            'bad_response',
            `The SMTP server at ${where} refused the connection: ${reply.join(' ')}`,
          );
        step = 'ehlo';
        socket.write('EHLO kyrios-desk.invalid\r\n');
      } else if (step === 'ehlo') {
        if (code !== 250)
          return fail(
            'bad_response',
            `The SMTP server at ${where} refused EHLO: ${reply.join(' ')}`,
          );
        if (!reply.some((line) => /^250[ -]STARTTLS\b/i.test(line))) {
          return fail('bad_response', `The SMTP server at ${where} does not offer STARTTLS.`);
        }
        step = 'starttls';
        socket.write('STARTTLS\r\n');
        socket.removeListener('data', onData);
        socket.once('data', (chunk: Buffer) => {
          const text = chunk.toString('latin1');
          if (!text.startsWith('220')) {
            return fail(
              'bad_response',
              `The SMTP server at ${where} refused STARTTLS: ${text.trim()}`,
            );
          }
          handshake();
        });
      }
    }

    function handshake(): void {
      const raw = socket;
      raw.removeAllListeners('close');
      const secure = connectTls({
        socket: raw,
        ...(isIP(host) ? {} : { servername: host }),
        // Whatever it presents is what the user is shown and may choose to pin.
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      });
      socket = secure;
      secure.on('close', () =>
        fail('bad_response', `The SMTP server at ${where} closed the connection during TLS.`),
      );
      secure.on('error', (error: Error & { code?: string; reason?: string }) =>
        fail(
          'bad_response',
          `The TLS handshake with ${where} failed (${error.reason ?? error.code ?? error.message}).`,
        ),
      );
      secure.once('secureConnect', () => {
        const x509 = secure.getPeerX509Certificate();
        if (!x509)
          return fail('bad_response', `The SMTP server at ${where} presented no certificate.`);
        const hostNames = certificateNames(x509);
        finish(null, {
          host,
          port,
          pem: x509.toString(),
          sha256Fingerprint: x509.fingerprint256,
          hostNames,
          coversHost: isIP(host)
            ? x509.checkIP(host) !== undefined
            : x509.checkHost(host) !== undefined,
          validFrom: new Date(x509.validFrom).toISOString(),
          validTo: new Date(x509.validTo).toISOString(),
        });
      });
    }
  });
}

/**
 * The certificate of the account's SMTP host: the SMTP Settings screen offers it (PEM and SHA-256
 * fingerprint) to copy or save for apps that pin it. The host and port are the account's, live
 * or last known.
 */
export function createSmtpCertificateService(deps: {
  smtpAddress: () => Promise<{ host: string; port: number } | null>;
  timeoutMs?: number;
}) {
  return {
    async get(): Promise<SmtpCertificate> {
      const address = await deps.smtpAddress();
      if (!address) {
        throw new ServiceError(
          'offline',
          'The SMTP host is not known yet: Kyrios has not been reached since this account was added.',
        );
      }
      return readSmtpCertificate(address.host, address.port, deps.timeoutMs);
    },
  };
}
export type SmtpCertificateService = ReturnType<typeof createSmtpCertificateService>;
