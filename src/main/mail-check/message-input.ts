import { Transform, type TransformCallback } from 'node:stream';
import type { MailInputProblem, MailNote } from '../../shared/mail-check';

/**
 * Reads a message on its way to the verifier, without ever holding more than its header section:
 * the header section (at most 1 MiB) is held until its end, checked, then passed on with the rest
 * of the stream, which only goes through (the verifier hashes the body as it passes). Anything that
 * is not an RFC 5322 message stops the stream with a MailInputError that says what it is instead.
 */

export const MAX_HEADER_BYTES = 1024 * 1024;
/** Past this, most receivers refuse a message (25 MB at Gmail, 20 MB at Outlook.com). */
const LARGE_MESSAGE_BYTES = 25 * 1024 * 1024;
/** How much of the body is looked at for NUL bytes (a binary file behind a plausible header). */
const BODY_SNIFF_BYTES = 64 * 1024;

export class MailInputError extends Error {
  override name = 'MailInputError';
  constructor(
    readonly problem: MailInputProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface HeaderField {
  /** Lower-case name. */
  name: string;
  /** The value, unfolded, as bytes read one to one (latin1). */
  value: string;
}

export interface Inspection {
  size: number;
  fields: HeaderField[];
  headersOnly: boolean;
  notes: MailNote[];
}

const LF = 0x0a;
const CR = 0x0d;

/** Index just past the blank line ending the header section (LF LF or LF CR LF), or -1. */
function headerEnd(buffer: Buffer, from: number): number {
  for (let i = Math.max(from, 0); i < buffer.length - 1; i++) {
    if (buffer[i] !== LF) continue;
    if (buffer[i + 1] === LF) return i + 2;
    if (buffer[i + 1] === CR && buffer[i + 2] === LF) return i + 3;
  }
  return -1;
}

/** C0 controls other than TAB, LF and CR: never in a message's text. */
function controlByte(buffer: Buffer, limit = buffer.length): number {
  for (let i = 0; i < Math.min(limit, buffer.length); i++) {
    const c = buffer[i] ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== LF && c !== CR) || c === 0x7f) return i;
  }
  return -1;
}

const FIELD_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

function clip(text: string, max = 60): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length <= max ? printable : `${printable.slice(0, max - 1)}…`;
}

/** The header section's fields; throws for a line that is not a field. */
function parseFields(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  const lines = head.split('\n').map((l) => l.replace(/\r$/, ''));
  lines.forEach((line, index) => {
    if (line === '') return;
    if (/^[ \t]/.test(line)) {
      const last = fields.at(-1);
      if (!last) {
        throw new MailInputError(
          'not_a_message',
          'This is not an email message: it starts with an indented line, where a header field (Name: value) should be.',
        );
      }
      last.value += ` ${line.trim()}`;
      return;
    }
    if (!FIELD_LINE.test(line)) {
      throw new MailInputError(
        'not_a_message',
        index === 0
          ? `This is not an email message: its first line ("${clip(line)}") is not a header field (Name: value). Save the whole message as it arrived (in most mail programs: Show original, or Save as .eml) and check that.`
          : `This is not a complete email message: header line ${index + 1} ("${clip(line)}") is not a header field (Name: value), and no blank line separates the header from the body before it.`,
      );
    }
    const colon = line.indexOf(':');
    fields.push({
      name: line.slice(0, colon).trim().toLowerCase(),
      value: line.slice(colon + 1).trim(),
    });
  });
  return fields;
}

function eightBitNotes(head: Buffer, fields: HeaderField[]): MailNote[] {
  if (!head.some((b) => b >= 0x80)) return [];
  const names = [
    ...new Set(fields.filter((f) => /[^\t\x20-\x7e]/.test(f.value)).map((f) => f.name)),
  ];
  const which = names.length > 0 ? ` (${names.join(', ')})` : '';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return [
      {
        code: 'utf8_headers',
        message: `Header fields${which} hold UTF-8 text without encoded-words: allowed only where every server on the way supports SMTPUTF8 (RFC 6532); elsewhere they are refused or rewritten, and a rewritten signed field breaks DKIM.`,
      },
    ];
  } catch {
    return [
      {
        code: 'eight_bit_headers',
        message: `Header fields${which} hold 8-bit bytes that are not UTF-8: RFC 5322 allows only ASCII there (non-ASCII text goes in encoded-words, =?utf-8?…?=). Receivers may refuse or rewrite them, and a rewritten signed field breaks DKIM.`,
      },
    ];
  }
}

function boundaryOf(fields: HeaderField[]): string | null {
  const type = fields.find((f) => f.name === 'content-type')?.value ?? '';
  if (!/^\s*multipart\//i.test(type)) return null;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  return match?.[1] ?? match?.[2] ?? null;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The inspector itself: a Transform to put between the source and the verifier. `inspection`
 * resolves once the whole message went through.
 */
export class MessageInspector extends Transform {
  private state: 'start' | 'header' | 'body' = 'start';
  private held: Buffer[] = [];
  private heldBytes = 0;
  private searchFrom = 0;
  private size = 0;
  private fields: HeaderField[] = [];
  private readonly notes: MailNote[] = [];
  private bodyBytes = 0;
  private closeDelimiter: Buffer | null = null;
  private closeSeen = false;
  private tail = Buffer.alloc(0);

  /** `onProgress`: after each chunk is read, with the bytes read so far (uploads pace on it). */
  constructor(private readonly onProgress?: (bytes: number) => void) {
    super();
  }

  private resolveInspection!: (value: Inspection) => void;
  readonly inspection = new Promise<Inspection>((resolve) => {
    this.resolveInspection = resolve;
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.size += chunk.length;
      if (this.state === 'body') this.body(chunk);
      else this.header(chunk);
      this.onProgress?.(this.size);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      let headersOnly = false;
      if (this.state !== 'body') {
        // No blank line: the header section alone (pasted headers), checked as such.
        const head = Buffer.concat(this.held);
        if (head.toString('latin1').trim() === '') {
          throw new MailInputError('empty', 'There is nothing to check: the message is empty.');
        }
        this.acceptHeader(head);
        headersOnly = true;
        this.notes.push({
          code: 'headers_only',
          message:
            'Only the header section was given, so no DKIM body hash can be checked: paste or open the whole message to verify the signatures.',
        });
        this.push(head);
        this.push(Buffer.from(head.at(-1) === LF ? '\r\n' : '\r\n\r\n'));
      } else if (this.closeDelimiter && !this.closeSeen) {
        throw new MailInputError(
          'truncated',
          `The message is cut short: its body is multipart, and the closing boundary (--${this.closeDelimiter.toString('latin1').slice(2, -2)}--) never comes. Save the whole message again (in most mail programs: Show original, or Save as .eml) and check that.`,
        );
      }
      if (this.size > LARGE_MESSAGE_BYTES) {
        this.notes.push({
          code: 'large_message',
          message: `The message is ${megabytes(this.size)}: most receivers refuse messages over 25 MB (Gmail 25 MB, Outlook.com 20 MB, the sandbox 10 MiB).`,
        });
      }
      this.resolveInspection({
        size: this.size,
        fields: this.fields,
        headersOnly,
        notes: this.notes,
      });
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private header(chunk: Buffer): void {
    let data = chunk;
    if (this.state === 'start') {
      // Only the header part of the first bytes: a NUL in the body gets its own words below.
      const sniff = headerEnd(chunk, 0) >= 0 ? Math.min(headerEnd(chunk, 0), 1024) : 1024;
      if (this.size === chunk.length && (controlByte(chunk, sniff) >= 0 || knownBinary(chunk))) {
        throw binary(knownBinary(chunk) ? 'it starts like a PDF, ZIP or image file' : null);
      }
      const pending = this.held.length > 0 ? Buffer.concat([...this.held, data]) : data;
      const firstLf = pending.indexOf(LF);
      if (firstLf < 0 && pending.length < 1024) {
        this.held = [pending];
        this.heldBytes = pending.length;
        return;
      }
      this.held = [];
      this.heldBytes = 0;
      this.state = 'header';
      data = pending;
      // An mbox separator ("From sender date") is not part of the message.
      if (/^From /.test(pending.subarray(0, 5).toString('latin1')) && firstLf > 0) {
        this.notes.push({
          code: 'mbox_separator',
          message:
            'The first line was an mbox separator ("From …"), not part of the message: skipped.',
        });
        data = pending.subarray(firstLf + 1);
      }
    }
    this.held.push(data);
    this.heldBytes += data.length;
    const buffer = this.held.length === 1 ? data : Buffer.concat(this.held);
    this.held = [buffer];
    const end = headerEnd(buffer, this.searchFrom - 2);
    // The header bytes this chunk brought: a binary file shows at the chunk it arrives in.
    const fresh = buffer.subarray(buffer.length - data.length, end < 0 ? buffer.length : end);
    if (controlByte(fresh) >= 0) throw binary(null);
    if (end < 0) {
      if (this.heldBytes > MAX_HEADER_BYTES) {
        throw new MailInputError(
          'header_too_large',
          `No end of the header section in the first ${megabytes(MAX_HEADER_BYTES)}: this is not a message Kyrios Desk can read (receivers refuse header sections far smaller).`,
        );
      }
      this.searchFrom = buffer.length;
      return;
    }
    const head = buffer.subarray(0, end);
    this.acceptHeader(head);
    this.state = 'body';
    this.held = [];
    this.push(head);
    const rest = buffer.subarray(end);
    if (rest.length > 0) this.body(rest);
  }

  private acceptHeader(head: Buffer): void {
    if (controlByte(head) >= 0) throw binary(null);
    const fields = parseFields(head.toString('latin1'));
    if (fields.length === 0) {
      throw new MailInputError(
        'not_a_message',
        'This is not an email message: it has no header fields (Name: value) before its first blank line.',
      );
    }
    if (!fields.some((f) => f.name === 'from')) {
      throw new MailInputError(
        'no_from',
        'The message has no From header field: every message must have one (RFC 5322), and DMARC is judged on it. If you pasted headers, paste all of them.',
      );
    }
    this.fields = fields;
    this.notes.push(...eightBitNotes(head, fields));
    const boundary = boundaryOf(fields);
    this.closeDelimiter = boundary ? Buffer.from(`--${boundary}--`, 'latin1') : null;
  }

  private body(chunk: Buffer): void {
    if (this.bodyBytes < BODY_SNIFF_BYTES && chunk.subarray(0, BODY_SNIFF_BYTES).includes(0)) {
      throw binary('its body holds NUL bytes');
    }
    this.bodyBytes += chunk.length;
    const delimiter = this.closeDelimiter;
    if (delimiter && !this.closeSeen) {
      // The delimiter may straddle two chunks: look at the seam, then inside the chunk.
      const seam = Buffer.concat([this.tail, chunk.subarray(0, delimiter.length)]);
      if (seam.includes(delimiter) || chunk.includes(delimiter)) this.closeSeen = true;
      else {
        const joined = chunk.length >= delimiter.length ? chunk : seam;
        this.tail = Buffer.from(joined.subarray(joined.length - delimiter.length));
      }
    }
    this.push(chunk);
  }
}

/** Files that open with a signature of their own: PDF, ZIP (and Office files), PNG, GIF, JPEG. */
const SIGNATURES = ['%PDF-', 'PK\x03\x04', '\x89PNG', 'GIF8', '\xff\xd8\xff'].map((s) =>
  Buffer.from(s, 'latin1'),
);

function knownBinary(start: Buffer): boolean {
  return SIGNATURES.some((sig) => start.subarray(0, sig.length).equals(sig));
}

function binary(why: string | null): MailInputError {
  return new MailInputError(
    'binary',
    `This is a binary file, not an email message: ${why ?? 'it holds control characters (such as NUL) that no message text has'}. Open the .eml file of the message, or paste its headers.`,
  );
}
