import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { ExpectedRecord } from '../shared/records';
import type { ServiceHosts } from './settings';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface DkimKeys {
  /** PKCS#8 PEM; stays in the sandbox for signing. */
  privateKeyPem: string;
  /** base64 of the DER SubjectPublicKeyInfo, as DKIM signers publish it in `p=`. */
  publicKeyBase64: string;
}

/** A fresh 2048-bit RSA key pair, generated off the event loop. */
export async function generateDkimKeys(): Promise<DkimKeys> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyBase64: publicKey.toString('base64') };
}

export function newVerificationToken(): string {
  return randomBytes(16).toString('hex');
}

/** The records a domain must publish, in the order the dashboard shows them. */
export function generateRecords(
  domain: string,
  token: string,
  dkim: DkimKeys,
  hosts: ServiceHosts,
): ExpectedRecord[] {
  return [
    {
      purpose: 'verification',
      type: 'TXT',
      name: `_kyrios.${domain}`,
      value: `kyrios-verification=${token}`,
      required: true,
    },
    {
      purpose: 'spf',
      type: 'TXT',
      name: domain,
      value: `v=spf1 include:${hosts.spfInclude} ~all`,
      required: true,
    },
    {
      purpose: 'dkim',
      type: 'TXT',
      name: `${hosts.dkimSelector}._domainkey.${domain}`,
      value: `v=DKIM1; k=rsa; p=${dkim.publicKeyBase64}`,
      required: true,
    },
    {
      purpose: 'return_path',
      type: 'CNAME',
      name: `kbounce.${domain}`,
      value: hosts.returnPathHost,
      required: true,
    },
    { purpose: 'mx', type: 'MX', name: domain, value: hosts.mxHost, priority: 10, required: true },
    {
      purpose: 'dmarc',
      type: 'TXT',
      name: `_dmarc.${domain}`,
      value: `v=DMARC1; p=none; rua=mailto:${hosts.dmarcReports}`,
      required: false,
    },
    {
      purpose: 'tracking',
      type: 'CNAME',
      name: `ktrack.${domain}`,
      value: hosts.trackingHost,
      required: false,
    },
  ];
}
