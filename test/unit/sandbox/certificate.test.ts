import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { oid, time, unsignedInteger } from '../../../src/sandbox/smtp/der';
import {
  TLS_CERT_FILE,
  TLS_KEY_FILE,
  loadOrCreateCertificate,
  makeSelfSignedCertificate,
} from '../../../src/sandbox/smtp/certificate';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

describe('the DER writer', () => {
  it('encodes OIDs, positive integers and both time forms', () => {
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(unsignedInteger(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(unsignedInteger(Buffer.from([0, 0, 5])).toString('hex')).toBe('020105');
    expect(time(new Date('2030-01-02T03:04:05Z')).toString('latin1')).toBe('\x17\x0d300102030405Z');
    expect(time(new Date('2050-01-02T03:04:05Z')).toString('latin1')).toBe(
      '\x18\x0f20500102030405Z',
    );
  });
});

describe('the STARTTLS certificate', () => {
  it('is a valid self-signed X.509 v3 server certificate for localhost, 127.0.0.1 and ::1', () => {
    const now = new Date('2030-06-01T00:00:00Z');
    const { key, cert } = makeSelfSignedCertificate(undefined, undefined, now);
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe('CN=Kyrios sandbox');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(createPublicKey(createPrivateKey(key)))).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(x509.validFrom).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(new Date(x509.validTo).getUTCFullYear()).toBe(2040);
  });

  it('is made once and kept: the same files on the next start, a new pair if they are unusable', () => {
    const temp = makeTempDir('kyrios-cert-');
    cleanup.add(() => temp.remove());
    const first = loadOrCreateCertificate(temp.dir);
    const second = loadOrCreateCertificate(temp.dir);
    expect(second).toEqual(first);
    expect(readFileSync(join(temp.dir, TLS_CERT_FILE), 'utf8')).toBe(first.cert);

    writeFileSync(join(temp.dir, TLS_KEY_FILE), 'not a key');
    const third = loadOrCreateCertificate(temp.dir);
    expect(third.cert).not.toBe(first.cert);
    expect(new X509Certificate(third.cert).checkPrivateKey(createPrivateKey(third.key))).toBe(true);
  });
});
