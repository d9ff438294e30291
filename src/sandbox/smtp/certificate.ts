import {
  X509Certificate,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bitString,
  boolean,
  explicit,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der';

export const TLS_KEY_FILE = 'smtp-tls-key.pem';
export const TLS_CERT_FILE = 'smtp-tls-cert.pem';

export interface TlsMaterial {
  key: string;
  cert: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/**
 * A self-signed ECDSA P-256 certificate for the sandbox's STARTTLS, built with node:crypto and a
 * small DER writer: no openssl binary needed on any machine. Valid for `localhost`, 127.0.0.1
 * and ::1 plus any extra names, ten years from now.
 */
export function makeSelfSignedCertificate(
  commonName = 'Kyrios sandbox',
  dnsNames: string[] = ['localhost'],
  now = new Date(),
): TlsMaterial {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String(commonName))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const altNames = sequence(
    ...dnsNames.map((n) => tlv(0x82, Buffer.from(n, 'ascii'))),
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.from([...Array<number>(15).fill(0), 1])),
  );
  const extensions = sequence(
    extension('2.5.29.19', true, sequence()), // basicConstraints: not a CA
    extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
    extension('2.5.29.17', false, altNames),
  );
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(time(new Date(now.getTime() - 60_000)), time(new Date(now.getTime() + 10 * YEAR_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = pem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)));
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert };
}

function usable(material: TlsMaterial, now: Date): boolean {
  try {
    const x509 = new X509Certificate(material.cert);
    const key = createPrivateKey(material.key);
    return (
      x509.checkPrivateKey(key) &&
      x509.verify(createPublicKey(key)) &&
      new Date(x509.validTo).getTime() > now.getTime()
    );
  } catch {
    return false;
  }
}

/** The certificate made on first start and kept in the data folder (key readable by owner only). */
export function loadOrCreateCertificate(dataDir: string, now = new Date()): TlsMaterial {
  const keyFile = join(dataDir, TLS_KEY_FILE);
  const certFile = join(dataDir, TLS_CERT_FILE);
  if (existsSync(keyFile) && existsSync(certFile)) {
    const kept = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    if (usable(kept, now)) return kept;
  }
  const made = makeSelfSignedCertificate(undefined, undefined, now);
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, made.cert);
  return made;
}
