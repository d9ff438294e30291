import { Readable } from 'node:stream';
import { dkimVerify } from 'mailauth';
import type { DNSResolver } from 'mailauth';
import addressparser from 'nodemailer/lib/addressparser';
import type { MailResolve } from '../../dns/mail-resolver';
import { worstStatus } from '../../shared/dns-check';
import {
  MailCheckResult,
  type DkimVerdict,
  type MailFix,
  type MailNote,
  type Verdict,
} from '../../shared/mail-check';
import { decodeWords } from '../../sandbox/smtp/message';
import { arcVerdict } from './arc-verdict';
import { dkimVerdict, noSignature, signatureFacts, type VerifierResult } from './dkim-verdicts';
import { dmarcVerdict } from './dmarc-verdict';
import { createKnownRecords, type KnownRecords } from './known-records';
import { MessageInspector } from './message-input';
import { connectionFrom } from './received';
import { receiverResults } from './receiver-results';
import { spfVerdict } from './spf-verdict';

export { MailInputError } from './message-input';

/**
 * Checks a received message as its receiver did: SPF for the envelope sender and the connecting
 * IP, every DKIM signature, DMARC with RFC 9989's tree walk, ARC, and the receiver's own
 * Authentication-Results. The message streams through: its header section is held, its body only
 * hashed, so a 50 MB message costs no more memory than a small one. Bad input (not a message, a
 * binary file, a cut-off message) is a MailInputError with a message that says so.
 */

export interface MailCheckOptions {
  /** The DNS engine as mailauth's resolver (src/dns/mail-resolver.ts). */
  resolver: MailResolve;
  /** The domains whose records Kyrios generated: their failures get the records table's fixes. */
  known?: KnownRecords;
  /** What the caller knows of the connection (a test send knows where its message left from). */
  given?: { ip?: string; helo?: string; envelopeFrom?: string };
  now?: () => Date;
  /** Called as the message is read, with the bytes read so far. */
  onProgress?: (bytes: number) => void;
}

/** More signatures than this are worth a word: a receiver may stop trying before the one that counts. */
const MANY_SIGNATURES = 5;

function toStream(input: Readable | Buffer | string): Readable {
  if (input instanceof Readable) return input;
  return Readable.from([typeof input === 'string' ? Buffer.from(input, 'utf8') : input]);
}

function fromAddresses(value: string | undefined): string[] {
  if (value === undefined) return [];
  type Parsed = { address?: string; group?: Parsed[] };
  const flat = (list: Parsed[]): string[] =>
    list.flatMap((a) => (a.group ? flat(a.group) : a.address ? [a.address] : []));
  return flat(addressparser(value));
}

function decoded(value: string | undefined): string | null {
  if (value === undefined) return null;
  return decodeWords(Buffer.from(value, 'latin1').toString('utf8'));
}

function fixesOf(verdicts: [MailFix['subject'], Verdict | null][]): MailFix[] {
  const fixes: MailFix[] = [];
  for (const [subject, verdict] of verdicts) {
    if (!verdict || verdict.status === 'pass' || verdict.fix === null) continue;
    if (fixes.some((f) => f.fix === verdict.fix)) continue;
    fixes.push({
      subject,
      code: verdict.codes.at(-1) ?? verdict.codes[0] ?? 'ok',
      message: verdict.message,
      fix: verdict.fix,
    });
  }
  return fixes;
}

export async function checkMessage(
  input: Readable | Buffer | string,
  options: MailCheckOptions,
): Promise<MailCheckResult> {
  const known = options.known ?? createKnownRecords([], () => Promise.reject(new Error('none')));
  const resolver = options.resolver;
  const inspector = new MessageInspector(options.onProgress);
  const source = toStream(input);
  source.once('error', (error) => inspector.destroy(error));
  source.pipe(inspector);
  const [verified, inspection] = await Promise.all([
    // mailauth's declared resolver type leaves out MX answers, which it reads.
    dkimVerify(inspector, { resolver: resolver as DNSResolver, minBitLength: 1024 }),
    inspector.inspection,
  ]);
  const { fields } = inspection;
  const field = (name: string) => fields.find((f) => f.name === name)?.value;

  const from = fromAddresses(field('from'));
  const fromDomain = from.length === 1 ? (from[0]?.split('@').pop()?.toLowerCase() ?? null) : null;
  const facts = connectionFrom(fields, options.given);
  const spf = await spfVerdict(facts, { resolver, known });

  const lines = (verified.headers?.parsed ?? [])
    .filter((h) => h.key === 'dkim-signature')
    .map((h) => Buffer.from(h.line as unknown as Buffer));
  const signatures = signatureFacts(lines, verified.results as unknown as VerifierResult[]);
  const drafts = await Promise.all(
    signatures.map((s) =>
      dkimVerdict(s, { headersOnly: inspection.headersOnly, fromDomain, known, resolver }),
    ),
  );
  const dmarc = await dmarcVerdict(from, spf, drafts, { resolver, known });
  const fromKnown = known.domainOf(fromDomain);
  const ourKey = fromKnown ? known.expected(fromKnown, 'dkim') : null;
  const dkim: DkimVerdict[] =
    drafts.length === 0
      ? [noSignature(fromDomain, known)]
      : drafts.map((draft) => {
          const aligned = dmarc.aligned(draft.domain);
          if (draft.status !== 'pass' || aligned || !fromDomain) return { ...draft, aligned };
          return {
            ...draft,
            aligned,
            status: 'warn',
            codes: ['dkim_not_aligned'],
            message: `${draft.message} But ${draft.domain ?? '?'} is not ${fromDomain}, the From domain, nor under the same organisational domain: this signature does not count for DMARC.`,
            fix: ourKey
              ? `Send through Kyrios SMTP, which signs with d=${fromDomain} (the key at ${ourKey.name}).`
              : `Have the sender sign with d=${fromDomain} (a custom DKIM domain), publishing the key it gives you under ${fromDomain}.`,
          };
        });
  const arc = await arcVerdict(verified.arc, resolver);
  const receiver = receiverResults(fields, { spf, dkim, dmarc: dmarc.verdict, arc });

  const notes: MailNote[] = [...inspection.notes];
  if (lines.length > MANY_SIGNATURES) {
    notes.push({
      code: 'many_signatures',
      message: `The message carries ${lines.length} DKIM signatures: a receiver may stop after the first few (RFC 6376 §6.1 lets it limit how many it tries), and the one that counts for DMARC may be among the rest. One signature per signer is enough.`,
    });
  }
  const verdicts: [MailFix['subject'], Verdict | null][] = [
    ['spf', spf],
    ...dkim.map((d): [MailFix['subject'], Verdict] => ['dkim', d]),
    ['dmarc', dmarc.verdict],
    ['arc', arc],
  ];
  // Parsed on the way out: the shape scripts and the history rely on, fields in its order.
  return MailCheckResult.parse({
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    status: worstStatus(
      [...verdicts.map(([, v]) => v), receiver].flatMap((v) => (v ? [v.status] : [])),
    ),
    from: from.length === 1 ? (from[0] ?? null) : null,
    fromDomain,
    envelopeFrom: facts.envelopeFrom,
    subject: decoded(field('subject')),
    messageId: field('message-id') ?? null,
    size: inspection.size,
    connection: facts.connection,
    spf,
    dkim,
    dmarc: dmarc.verdict,
    arc,
    receiverResults: receiver,
    fixes: fixesOf(verdicts),
    notes,
  });
}
