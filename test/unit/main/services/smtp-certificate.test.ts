import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSmtpCertificate } from '../../../../src/main/services/smtp-certificate';
import { TLS_CERT_FILE } from '../../../../src/sandbox/smtp/certificate';
import { call, startGuardCore } from '../../helpers/guard-core';
import { closedPortUrl } from '../../helpers/net';
import { runTool } from '../../helpers/run-tool';
import { createCleanup } from '../../helpers/temp-dir';

// What SMTP Settings will offer to copy or save for apps that pin the certificate (PEM, SHA-256
// fingerprint, the names it is valid for), read from the account's SMTP host the way a mail app
// meets it; and every way that dial can go wrong ends as an error that says so.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

describe("the account's SMTP certificate", () => {
  it('is the embedded sandbox’s, with the fingerprint openssl computes and the names it covers', async () => {
    const { core, dataDir } = await startGuardCore(cleanup);
    const { account } = await call(core, 'account:get', {});
    const certificate = await core.session().services.smtpCertificate.get();
    expect(certificate).toMatchObject({
      host: account?.smtp.host,
      port: account?.smtp.port,
      coversHost: true,
    });
    const file = join(dataDir, 'sandbox', TLS_CERT_FILE);
    expect(certificate.pem).toBe(readFileSync(file, 'utf8'));
    const openssl = await runTool('openssl', [
      'x509',
      '-noout',
      '-fingerprint',
      '-sha256',
      '-in',
      file,
    ]);
    expect(openssl.stdout.trim()).toBe(`sha256 Fingerprint=${certificate.sha256Fingerprint}`);
    expect(certificate.hostNames).toEqual(
      expect.arrayContaining([
        'localhost',
        '127.0.0.1',
        'smtp.sandbox.kyrios.test',
        'mx.sandbox.kyrios.test',
      ]),
    );
    expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.now());
  });
});

/** A TCP server that treats each connection with `behave`; closed by cleanup. */
async function peerServer(behave: (socket: Socket) => void): Promise<number> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    behave(socket);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.add(
    () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Answers like an SMTP server up to `upTo`, then misbehaves. */
function smtpUntil(lines: Record<string, string>): (socket: Socket) => void {
  return (socket) => {
    socket.write(lines.greeting ?? '');
    socket.on('data', (chunk: Buffer) => {
      const command = chunk.toString().trim().split(' ')[0] ?? '';
      const answer = lines[command];
      if (answer === 'reset') socket.resetAndDestroy();
      else if (answer !== undefined) socket.write(answer);
    });
  };
}

describe('a dial that goes wrong ends as an error saying so', () => {
  it.each([
    ['nothing listens', null, 'offline', /could not be reached \(ECONNREFUSED\)/],
    ['it accepts and says nothing', () => undefined, 'offline', /did not answer within 0\.5 s/],
    ['it resets at once', (s: Socket) => s.resetAndDestroy(), 'offline', /ECONNRESET/],
    [
      'it is not an SMTP server',
      (s: Socket) => s.write('SSH-2.0-OpenSSH_9.2\r\n'),
      'bad_response',
      /does not speak SMTP/,
    ],
    [
      'it turns the client away',
      smtpUntil({ greeting: '554 5.7.1 No thanks\r\n' }),
      'bad_response',
      /refused the connection: 554 5\.7\.1 No thanks/,
    ],
    [
      'it offers no STARTTLS',
      smtpUntil({ greeting: '220 plain ESMTP\r\n', EHLO: '250-plain\r\n250 AUTH PLAIN\r\n' }),
      'bad_response',
      /does not offer STARTTLS/,
    ],
    [
      'it resets after EHLO',
      smtpUntil({ greeting: '220 x ESMTP\r\n', EHLO: 'reset' }),
      'offline',
      /ECONNRESET/,
    ],
    [
      'its TLS is garbage',
      (s: Socket) => {
        s.write('220 x ESMTP\r\n');
        let said = 0;
        s.on('data', () => {
          said += 1;
          // EHLO, STARTTLS, then the client hello: answered with something that is not TLS.
          s.write(
            ['250-x\r\n250 STARTTLS\r\n', '220 2.0.0 go ahead\r\n'][said - 1] ?? 'not TLS\r\n',
          );
        });
      },
      'bad_response',
      /TLS handshake with 127\.0\.0\.1:\d+ failed|closed the connection during TLS/,
    ],
    [
      'it floods a reply without an end',
      (s: Socket) => s.write(`220-${'x'.repeat(70_000)}`),
      'bad_response',
      /does not speak SMTP/,
    ],
  ] as const)('%s', async (_name, behave, code, message) => {
    const port = behave ? await peerServer(behave) : Number(new URL(await closedPortUrl()).port);
    const error = await readSmtpCertificate('127.0.0.1', port, 500).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServiceError', code });
    expect((error as Error).message).toMatch(message);
  });
});
