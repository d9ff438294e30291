import parseDkimHeaders from 'mailauth/lib/parse-dkim-headers.js';
import type { MailResolve } from '../../dns/mail-resolver';
import type { DkimVerdict, VerdictCode } from '../../shared/mail-check';
import { isCause, type KnownRecords } from './known-records';

/**
 * One verdict per DKIM-Signature field, top first, from mailauth's verification (which skips, without
 * a word, a signature it cannot even try: those are reported here too), in the records table's
 * words when the signer is a domain Kyrios Desk knows.
 */

/** What mailauth reports per signature (its package declares only part of it). */
export interface VerifierResult {
  signingDomain?: string;
  selector?: string;
  signature?: string;
  status: {
    result: string;
    comment?: string;
    underSized?: number;
    policy?: Record<string, string>;
  };
  rr?: string;
  modulusLength?: number;
  canonBodyLength?: number;
  canonBodyLengthTotal?: number;
  /** The body's size as received. */
  sourceBodyLength?: number;
}

export interface SignatureFacts {
  tags: Record<string, string>;
  result: VerifierResult | null;
}

/** DKIM-Signature fields as tags (d, s, a, c, h, l, b, …), matched with mailauth's results. */
export function signatureFacts(
  lines: readonly Buffer[],
  results: readonly VerifierResult[],
): SignatureFacts[] {
  const left = [...results];
  return lines.map((line) => {
    const parsed = parseDkimHeaders(line).parsed ?? {};
    const tags: Record<string, string> = {};
    for (const [key, entry] of Object.entries(parsed)) {
      const value = (entry as { value?: unknown } | undefined)?.value;
      if (typeof value === 'string' || typeof value === 'number') tags[key] = String(value);
    }
    const index = left.findIndex((r) => r.signature !== undefined && r.signature === tags.b);
    const result = index >= 0 ? (left.splice(index, 1)[0] ?? null) : null;
    return { tags, result };
  });
}

export interface DkimContext {
  headersOnly: boolean;
  fromDomain: string | null;
  known: KnownRecords;
  resolver: MailResolve;
}

type Draft = Omit<DkimVerdict, 'aligned'>;

function keyName(tags: Record<string, string>): string {
  return `${tags.s ?? '?'}._domainkey.${tags.d ?? '?'}`;
}

function base(tags: Record<string, string>, result: VerifierResult | null) {
  const l = tags.l !== undefined && /^\d+$/.test(tags.l) ? Number(tags.l) : null;
  return {
    domain: tags.d?.toLowerCase() ?? null,
    selector: tags.s ?? null,
    algorithm: tags.a ?? null,
    headers: (tags.h ?? '')
      .split(':')
      .map((h) => h.trim())
      .filter((h) => h !== ''),
    bodyLength: l,
    keyRecord: result?.rr ?? null,
  };
}

function whyUnsupported(tags: Record<string, string>): string {
  if (!tags.d) return 'it has no d= (signing domain)';
  if (!tags.s) return 'it has no s= (selector)';
  const a = (tags.a ?? '').toLowerCase();
  if (!/^(rsa-sha256|rsa-sha1|ed25519-sha256)$/.test(a)) {
    return `its algorithm a=${tags.a ?? '(none)'} is not one receivers verify (rsa-sha256 or ed25519-sha256)`;
  }
  return `its canonicalization c=${tags.c ?? ''} is not simple or relaxed`;
}

/** The key record's own problem, from what is published at the selector. */
async function keyProblem(
  tags: Record<string, string>,
  resolver: MailResolve,
): Promise<{ code: VerdictCode; why: string; record: string | null } | null> {
  let txt: string[];
  try {
    txt = ((await resolver(keyName(tags), 'TXT')) as string[][]).map((r) => r.join(''));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      return {
        code: 'dkim_no_key',
        why: code === 'ENOTFOUND' ? 'the name does not exist' : 'it holds no TXT record',
        record: null,
      };
    }
    return { code: 'dkim_temperror', why: (error as Error).message, record: null };
  }
  const record = txt[0] ?? '';
  const p = /(?:^|;)\s*p\s*=\s*([^;]*)/i.exec(record)?.[1]?.replace(/\s+/g, '');
  if (p === undefined) return { code: 'dkim_invalid', why: 'the record has no p= tag', record };
  if (p === '') return { code: 'dkim_key_revoked', why: 'its p= is empty', record };
  return null;
}

export async function dkimVerdict(facts: SignatureFacts, ctx: DkimContext): Promise<Draft> {
  const { tags, result } = facts;
  const described = base(tags, result);
  const where = keyName(tags);
  const d = described.domain ?? '?';
  const known = ctx.known.domainOf(d);
  const expectedKey = known ? ctx.known.expected(known, 'dkim') : null;
  const ourSelector = expectedKey !== null && expectedKey.name === where.toLowerCase();
  const draft = (
    status: Draft['status'],
    resultWord: Draft['result'],
    codes: VerdictCode[],
    message: string,
    fix: string | null,
  ): Draft => ({ ...described, status, result: resultWord, codes, message, fix });

  /** The records table's verdict on the DKIM record, when it explains the failure. */
  const recordCause = async () => {
    if (!ourSelector || !known) return null;
    const verdict = await ctx.known.verdict(known, 'dkim');
    return isCause(verdict) ? verdict : null;
  };
  const elsewhere = known && expectedKey && !ourSelector;
  const kyriosHint = elsewhere
    ? ` Kyrios signs ${d} with the key at ${expectedKey.name}; this signature comes from another sender.`
    : '';

  if (!result) {
    return draft(
      'fail',
      'permerror',
      ['dkim_unsupported'],
      `The signature by ${d} cannot be verified: ${whyUnsupported(tags)}.`,
      'Have the sender sign with rsa-sha256 (or ed25519-sha256) and relaxed or simple canonicalization, naming d= and s=.',
    );
  }

  if (ctx.headersOnly) {
    const problem = await keyProblem(tags, ctx.resolver);
    if (!problem) {
      return draft(
        'unknown',
        'neutral',
        ['dkim_needs_body'],
        `The key at ${where} is published and usable, but verifying the signature needs the body: only the header section was given.`,
        null,
      );
    }
    return keyFailure(problem.code, problem.why, problem.record);
  }

  const { result: word, comment = '' } = result.status;
  if (word === 'pass') {
    const total = result.canonBodyLengthTotal ?? 0;
    const signed = result.canonBodyLength ?? total;
    if (described.bodyLength !== null && total > signed) {
      const source = result.sourceBodyLength ?? 0;
      const extra = source > described.bodyLength ? source - described.bodyLength : total - signed;
      return draft(
        'warn',
        'pass',
        ['dkim_body_length'],
        `The signature by ${d} verifies, but it covers only the first ${described.bodyLength} bytes of the body (l=${described.bodyLength}): the ${extra} bytes after them are not signed, so anyone on the way could have added them.`,
        'Sign without the l= tag (a body length limit), so the whole body is signed.',
      );
    }
    const limit =
      described.bodyLength !== null ? ' It has an l= tag, which here covers the whole body.' : '';
    return draft(
      'pass',
      'pass',
      ['ok'],
      `Signed by ${d} with selector ${described.selector ?? '?'}, and verified with the key published at ${where}.${limit}`,
      null,
    );
  }
  if (word === 'temperror') {
    return draft(
      'unknown',
      'temperror',
      ['dkim_temperror'],
      `The key at ${where} could not be looked up (${comment.replace(/^DNS failure: /, '')}), so the signature could not be checked.`,
      null,
    );
  }
  if (word === 'policy') {
    return draft(
      'fail',
      'policy',
      ['dkim_weak_key'],
      `The key at ${where} is ${result.modulusLength ?? 'under 1024'} bits: receivers refuse keys that short.`,
      `Publish a 2048-bit key at ${where} and sign with it.`,
    );
  }
  if (comment === 'body hash did not verify') {
    const signedLength = described.bodyLength;
    if (signedLength !== null && (result.canonBodyLength ?? 0) < signedLength) {
      return draft(
        'fail',
        'fail',
        ['dkim_body_changed'],
        `The body is shorter than the ${signedLength} bytes ${d} signed (l=${signedLength}): it was cut off after signing.`,
        'Check the whole message as it arrived; if it arrives cut off, find what truncates it on the way.',
      );
    }
    return draft(
      'fail',
      'fail',
      ['dkim_body_changed'],
      `The body was changed after ${d} signed it: the body hash in the signature (bh=) does not match the body received. A footer or disclaimer added on the way, a mailing list, or a gateway re-encoding the message does this.`,
      'Find what changes the body after signing (a footer or disclaimer your mail server or a gateway adds, a mailing list) and have it done before signing, or not at all.',
    );
  }
  if (comment === 'no key') {
    const problem = await keyProblem(tags, ctx.resolver);
    return keyFailure('dkim_no_key', problem?.why ?? 'nothing is published there', null);
  }
  if (comment === 'invalid public key' || comment.startsWith('unknown key')) {
    const problem = await keyProblem(tags, ctx.resolver);
    if (problem?.code === 'dkim_key_revoked') {
      return keyFailure('dkim_key_revoked', problem.why, result.rr ?? problem.record);
    }
    const why =
      comment === 'unknown key version'
        ? 'its v= is not DKIM1'
        : comment === 'unknown key type'
          ? 'its k= does not match the key, or the key type is unknown'
          : (problem?.why ?? 'the p= value is not a valid public key');
    return keyFailure('dkim_invalid', why, result.rr ?? problem?.record ?? null);
  }
  if (comment === 'expired' || comment === 'invalid expiration') {
    return draft(
      'fail',
      'neutral',
      ['dkim_expired'],
      `The signature by ${d} ${comment === 'expired' ? `expired (x=${tags.x ?? '?'})` : 'expires before it was made (x= before t=)'} before it was checked.`,
      'Sign without an expiry (x=), or with one well past the time delivery can take.',
    );
  }

  // Verified against the published key and failed: a signed field changed, or the key is not that one.
  const cause = await recordCause();
  if (cause) {
    return draft(
      'fail',
      'fail',
      ['dkim_bad_signature', ...cause.codes],
      `The signature by ${d} does not verify with the key published at ${where}. ${cause.message}`,
      cause.fix,
    );
  }
  if (ourSelector) {
    return draft(
      'fail',
      'fail',
      ['dkim_header_changed'],
      `The signature by ${d} does not verify, and the key at ${where} is the one Kyrios generated: so a signed header field (${described.headers.join(', ')}) was changed after signing.`,
      'Find what rewrites header fields on the way (a gateway tagging the Subject with [EXTERNAL], a mailing list rewriting From or Reply-To) and stop it, or have it re-sign.',
    );
  }
  return draft(
    'fail',
    'fail',
    ['dkim_bad_signature'],
    `The signature by ${d} does not verify: either a signed header field (${described.headers.join(', ')}) was changed after signing, or the key published at ${where} is not the one that signed.${kyriosHint}`,
    `Compare the key published at ${where} with the one the sending service shows for selector ${described.selector ?? '?'}, and publish its key if they differ; if they are the same, find what rewrites the signed fields on the way.`,
  );

  async function keyFailure(code: VerdictCode, why: string, record: string | null): Promise<Draft> {
    const cause = await recordCause();
    const resultWord = code === 'dkim_temperror' ? 'temperror' : 'permerror';
    const status = code === 'dkim_temperror' ? 'unknown' : 'fail';
    const what =
      code === 'dkim_no_key'
        ? `No DKIM key at ${where}: ${why}. The signature names selector ${described.selector ?? '?'}, and nothing is published there for it.`
        : code === 'dkim_key_revoked'
          ? `The key at ${where} is revoked (${why}), so no signature by it verifies.`
          : code === 'dkim_temperror'
            ? `The key at ${where} could not be looked up (${why}), so the signature could not be checked.`
            : `The record at ${where} is not a usable DKIM key: ${why}${record ? ` (found: ${clip(record)})` : ''}.`;
    const codes: VerdictCode[] = cause ? [code, ...cause.codes.filter((c) => c !== code)] : [code];
    const generic =
      code === 'dkim_temperror'
        ? null
        : code === 'dkim_no_key'
          ? `Publish the sending service's DKIM key at ${where} (the TXT record it gives you), or have it sign with the selector whose key is published.`
          : `Publish the key exactly as the sending service gives it, as one TXT record at ${where}: v=DKIM1; k=rsa; p=<the key>.`;
    return {
      ...described,
      keyRecord: record ?? described.keyRecord,
      status,
      result: resultWord,
      codes,
      message: cause ? `${what} ${cause.message}` : `${what}${kyriosHint}`,
      fix: cause?.fix ?? generic,
    };
  }
}

function clip(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** The verdict when the message has no signature at all. */
export function noSignature(fromDomain: string | null, known: KnownRecords): DkimVerdict {
  const domain = known.domainOf(fromDomain);
  const key = domain ? known.expected(domain, 'dkim') : null;
  return {
    status: 'fail',
    result: 'none',
    codes: ['dkim_none'],
    message: 'The message carries no DKIM signature, so DMARC can only pass through SPF.',
    fix:
      domain && key
        ? `Send it through Kyrios SMTP (SMTP Settings): the service signs every message with d=${fromDomain} and the key at ${key.name}.`
        : `Turn on DKIM signing at the service that sends for ${fromDomain ?? 'the From domain'}, and publish the key it gives you.`,
    domain: null,
    selector: null,
    algorithm: null,
    headers: [],
    bodyLength: null,
    aligned: false,
    keyRecord: null,
  };
}
