import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpCertificateService } from '../../../../src/main/services/smtp-certificate';
import { contract } from '../../../../src/shared/contract';
import { TLS_CERT_FILE } from '../../../../src/sandbox/smtp/certificate';
import { call, startGuardCore } from '../../helpers/guard-core';
import { runTool } from '../../helpers/run-tool';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// The `smtp:certificate` channel, what SMTP Settings offers to apps that pin the certificate:
// through the app's own dispatch, against the embedded sandbox's real certificate, and against an
// SMTP server the project did not write (a real account's host) whose certificate names another
// host. Fingerprints are checked with openssl and node:crypto, not with the code under test.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function opensslFingerprint(file: string): Promise<string> {
  const openssl = await runTool('openssl', [
    'x509',
    '-noout',
    '-fingerprint',
    '-sha256',
    '-in',
    file,
  ]);
  expect(openssl.code).toBe(0);
  return openssl.stdout.trim().replace(/^sha256 Fingerprint=/i, '');
}

describe('smtp:certificate', () => {
  it('answers with the embedded sandbox’s certificate, as openssl reads its file', async () => {
    const { core, dataDir } = await startGuardCore(cleanup);
    const { account } = await call(core, 'account:get', {});
    const answer = await call(core, 'smtp:certificate', {});
    // What crosses the contract is exactly its schema.
    expect(contract['smtp:certificate'].response.parse(answer)).toEqual(answer);

    const file = join(dataDir, 'sandbox', TLS_CERT_FILE);
    const onDisk = readFileSync(file, 'utf8');
    expect(answer.pem).toBe(onDisk);
    expect(answer.sha256Fingerprint).toBe(await opensslFingerprint(file));
    const x509 = new X509Certificate(onDisk);
    expect(answer.sha256Fingerprint).toBe(x509.fingerprint256);
    expect(answer).toMatchObject({
      host: account?.smtp.host,
      port: account?.smtp.port,
      coversHost: true,
      validFrom: new Date(x509.validFrom).toISOString(),
      validTo: new Date(x509.validTo).toISOString(),
    });
    // The host SMTP Settings shows is among the names, as the certificate's own SAN says.
    expect(answer.hostNames).toContain(account?.smtp.host);
    expect(x509.subjectAltName).toContain(`${account?.smtp.host}`);
  });

  it('reads a real account’s host the same way, and says when the certificate names another host', async () => {
    // A certificate for mail.elsewhere.test only, made by openssl, served by smtp-server.
    const dir = makeTempDir('kyrios-cert-');
    cleanup.add(() => dir.remove());
    const key = join(dir.dir, 'key.pem');
    const cert = join(dir.dir, 'cert.pem');
    const made = await runTool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '20',
      '-subj',
      '/CN=mail.elsewhere.test',
      '-addext',
      'subjectAltName=DNS:mail.elsewhere.test,DNS:smtp.elsewhere.test',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const server = new SMTPServer({
      key: readFileSync(key),
      cert: readFileSync(cert),
      authOptional: true,
      logger: false,
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const service = createSmtpCertificateService({
      smtpAddress: () => Promise.resolve({ host: '127.0.0.1', port }),
    });
    const answer = await service.get();
    expect(answer.pem).toBe(readFileSync(cert, 'utf8'));
    expect(answer.sha256Fingerprint).toBe(await opensslFingerprint(cert));
    expect(answer.hostNames).toEqual(['mail.elsewhere.test', 'smtp.elsewhere.test']);
    expect(answer.coversHost).toBe(false);
    const days = (Date.parse(answer.validTo) - Date.parse(answer.validFrom)) / 86_400_000;
    expect(days).toBe(20);
  });

  it('says why when the account’s host is not known yet', async () => {
    const service = createSmtpCertificateService({ smtpAddress: () => Promise.resolve(null) });
    await expect(service.get()).rejects.toMatchObject({ code: 'offline' });
  });
});
