import {
  X509Certificate,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
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

/** The 16 bytes of an IPv6 address in any textual form ("::1", "fe80::1", "::ffff:10.0.0.1"). */
function ipv6Bytes(address: string): Buffer {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    text = `${text.slice(0, -v4.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/** A subjectAltName entry: dNSName [2] for a host name, iPAddress [7] for an address. */
function altName(name: string): Buffer {
  switch (isIP(name)) {
    case 4:
      return tlv(0x87, Buffer.from(name.split('.').map(Number)));
    case 6:
      return tlv(0x87, ipv6Bytes(name));
    default:
      return tlv(0x82, Buffer.from(name, 'ascii'));
  }
}

/** The names every sandbox certificate is valid for: this machine under its usual names. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The loopback names first, then the extra ones, each once. */
function certificateNames(extra: readonly string[]): string[] {
  const names = [...LOCAL_NAMES];
  for (const name of extra) {
    const plain = name.toLowerCase();
    if (plain === '0.0.0.0' || plain === '::' || names.includes(plain)) continue;
    names.push(plain);
  }
  return names;
}

/** Whether a certificate is valid for a host name or address, as a client checking it decides. */
export function certificateCovers(x509: X509Certificate, name: string): boolean {
  return isIP(name) ? x509.checkIP(name) !== undefined : x509.checkHost(name) !== undefined;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/**
 * A self-signed ECDSA P-256 certificate for the sandbox's STARTTLS, built with node:crypto and a
 * small DER writer: no openssl binary needed on any machine. Valid for `localhost`, 127.0.0.1
 * and ::1 plus the extra names (host names or addresses), ten years from now.
 */
export function makeSelfSignedCertificate(
  commonName = 'Kyrios sandbox',
  extraNames: readonly string[] = [],
  now = new Date(),
): TlsMaterial {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String(commonName))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const altNames = sequence(...certificateNames(extraNames).map(altName));
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

function usable(material: TlsMaterial, now: Date, names: readonly string[]): boolean {
  try {
    const x509 = new X509Certificate(material.cert);
    const key = createPrivateKey(material.key);
    return (
      x509.checkPrivateKey(key) &&
      x509.verify(createPublicKey(key)) &&
      new Date(x509.validTo).getTime() > now.getTime() &&
      certificateNames(names).every((name) => certificateCovers(x509, name))
    );
  } catch {
    return false;
  }
}

/**
 * The certificate made on first start and kept in the data folder (key readable by owner only).
 * `names` are the host names and addresses it must also be valid for (the names the listeners
 * announce, the SMTP host apps are given): a kept certificate that lacks one is made again, so a
 * client that checks the name against the certificate succeeds.
 */
export function loadOrCreateCertificate(
  dataDir: string,
  now = new Date(),
  names: readonly string[] = [],
): TlsMaterial {
  const keyFile = join(dataDir, TLS_KEY_FILE);
  const certFile = join(dataDir, TLS_CERT_FILE);
  if (existsSync(keyFile) && existsSync(certFile)) {
    const kept = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    if (usable(kept, now, names)) return kept;
  }
  const made = makeSelfSignedCertificate(undefined, names, now);
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, made.cert);
  return made;
}
