/**
 * A small reader of RFC 5322 messages for Conversations: the header fields it lists and the first
 * text/plain body, decoded. Anything it cannot read is left null; the raw message is kept.
 */

export interface MessageSummary {
  from: string | null;
  subject: string | null;
  messageId: string | null;
  text: string | null;
}

const MAX_TEXT = 64 * 1024;

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function headerFields(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

function charsetDecode(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function quotedPrintable(text: string, underscores = false): Buffer {
  const source = underscores ? text.replace(/_/g, ' ') : text.replace(/=\r?\n/g, '');
  // One pass into one buffer (a message's body is decoded for every message accepted): a byte per
  // latin1 character or `=XX` escape, and UTF-8 for any character beyond latin1 (a header value
  // that was not read as latin1).
  const out = Buffer.allocUnsafe(source.length * 3);
  let length = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 0x3d && isHex(source.charCodeAt(i + 1)) && isHex(source.charCodeAt(i + 2))) {
      out[length++] = parseInt(source.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (code < 0x100) {
      out[length++] = code;
    } else {
      const char = String.fromCodePoint(source.codePointAt(i) ?? code);
      length += out.write(char, length, 'utf8');
      i += char.length - 1;
    }
  }
  return out.subarray(0, length);
}

function isHex(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66)
  );
}

/** RFC 2047 encoded-words (`=?utf-8?B?…?=`) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(
      /=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g,
      (_all, charset: string, enc: string, data: string) =>
        charsetDecode(
          enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : quotedPrintable(data, true),
          charset,
        ),
    );
}

function param(value: string, name: string): string | null {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function decodeBody(body: string, fields: Map<string, string>): string {
  const encoding = (fields.get('content-transfer-encoding') ?? '').toLowerCase();
  const charset = param(fields.get('content-type') ?? '', 'charset') ?? 'utf-8';
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body)
        : Buffer.from(body, 'latin1');
  return charsetDecode(bytes, charset);
}

function firstText(head: string, body: string, depth: number): string | null {
  const fields = headerFields(head);
  const type = (fields.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('text/plain')) return decodeBody(body, fields);
  if (!type.startsWith('multipart/') || depth > 4) return null;
  const boundary = param(fields.get('content-type') ?? '', 'boundary');
  if (!boundary) return null;
  const parts = body.split(
    new RegExp(
      `\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`,
    ),
  );
  for (const part of parts.slice(1)) {
    const { head: partHead, body: partBody } = splitHead(part);
    const found = firstText(partHead, partBody, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function summarizeMessage(raw: Buffer): MessageSummary {
  // latin1 maps bytes one to one, so body decoding can recover the original octets.
  const { head, body } = splitHead(raw.toString('latin1'));
  const fields = headerFields(head);
  const header = (name: string): string | null => {
    const value = fields.get(name);
    return value === undefined
      ? null
      : decodeWords(charsetDecode(Buffer.from(value, 'latin1'), 'utf-8'));
  };
  const text = firstText(head, body, 0);
  return {
    from: header('from'),
    subject: header('subject'),
    messageId: header('message-id'),
    text: text === null ? null : text.replace(/\r\n/g, '\n').slice(0, MAX_TEXT),
  };
}
