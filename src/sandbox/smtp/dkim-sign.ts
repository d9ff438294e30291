import { DkimSigner, type ParsedHeaderLine } from 'mailauth/lib/dkim/dkim-signer.js';
import { writeToStream } from 'mailauth/lib/tools.js';

/**
 * The header fields the service signs, when present: From (oversigned, below), the addressing and
 * identity fields, and the MIME fields that decide how the body reads. Received and Return-Path
 * are left out: relays add and rewrite them on the way.
 */
export const SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'To',
  'Cc',
  'Subject',
  'Date',
  'Message-ID',
  'In-Reply-To',
  'References',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
];

/**
 * mailauth's signer, with From oversigned: `h=` names From once more than the message has it, so
 * a From added later (above the signed one) breaks the signature instead of being shown to the
 * reader unsigned (RFC 6376 §8.15). mailauth lists only the fields present; the extra entry costs
 * nothing in the hash, since a listed field that is absent contributes nothing (§5.4.2), so it is
 * enough to name it once more after the topmost From.
 */
class OversigningSigner extends DkimSigner {
  override async messageHeaders(headers: {
    parsed: ParsedHeaderLine[];
    original: Buffer;
  }): Promise<void> {
    // mailauth lists fields from the bottom up, so the topmost From is the last From in h=.
    const topFrom = headers.parsed.find((h) => h.key === 'from');
    if (topFrom) topFrom.casedKey = `${topFrom.casedKey ?? 'From'}: From`;
    return super.messageHeaders(headers);
  }
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKeyPem: string;
}

export class DkimSignError extends Error {
  override name = 'DkimSignError';
}

/** The DKIM-Signature header field (with its CRLF) for `message`: rsa-sha256, relaxed/relaxed. */
export async function dkimSignatureFor(message: Buffer, key: DkimKey): Promise<string> {
  const signer = new OversigningSigner({
    headerList: SIGNED_HEADERS.join(':'),
    signatureData: [
      {
        signingDomain: key.domain,
        selector: key.selector,
        privateKey: key.privateKeyPem,
        algorithm: 'rsa-sha256',
        canonicalization: 'relaxed/relaxed',
      },
    ],
  });
  await writeToStream(signer, message);
  const failure = signer.errors[0];
  if (failure) throw new DkimSignError(failure.err.message);
  const signature = signer.signatureHeaders[0];
  if (!signature) throw new DkimSignError('mailauth produced no signature');
  return `${signature}\r\n`;
}
