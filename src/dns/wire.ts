import { CHECKING_DISABLED, decode, encode, RECURSION_DESIRED } from 'dns-packet';
import type { Answer, DecodedPacket, Packet, RecordType as WireType } from 'dns-packet';

/**
 * The one place that touches the wire format. dns-packet silently corrupts labels over 63 bytes
 * and TXT strings over 255 bytes when encoding, and throws on malformed input when decoding, so
 * every encode goes through a guard and every decode is caught and turned into data.
 */

export const EDNS_UDP_PAYLOAD = 1232;
export const MAX_TXT_STRING = 255;
const MAX_LABEL = 63;
const MAX_NAME_WIRE = 255;

export class DnsEncodingError extends Error {
  override name = 'DnsEncodingError';
}

/** Lowercase, without the trailing dot: the form names are compared in. */
export function canonicalName(name: string): string {
  // Hot path (every answer and every cache key): no regex, and no copy for a name already in
  // canonical form, the usual case (toLowerCase always allocates a new string).
  const end = name.endsWith('.') ? name.length - 1 : name.length;
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return name.slice(0, end).toLowerCase();
  }
  return end === name.length ? name : name.slice(0, end);
}

/**
 * The wire length of an all-ASCII name that can be encoded (its labels, their length bytes and the
 * root), or -1 for any other name: non-ASCII, or with a problem that `nameProblem` words. One pass
 * over the characters and no allocation: every query and every record name goes through here, and
 * nearly all of them are ASCII (IDNs travel as punycode).
 */
function asciiWireLength(name: string): number {
  const end = name.endsWith('.') ? name.length - 1 : name.length;
  if (end === 0) return 1;
  let label = 0;
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return -1;
    if (c !== 0x2e) label++;
    else if (label === 0 || label > MAX_LABEL) return -1;
    else label = 0;
  }
  if (label === 0 || label > MAX_LABEL) return -1;
  // Each dot becomes a length byte; one more for the first label and the root's 0 byte.
  const wire = end + 2;
  return wire > MAX_NAME_WIRE ? -1 : wire;
}

/** Why `name` cannot be encoded, or null when it can. */
export function nameProblem(name: string): string | null {
  if (asciiWireLength(name) >= 0) return null;
  const n = name.replace(/\.$/, '');
  if (n === '') return null;
  let wire = 1;
  for (const label of n.split('.')) {
    const bytes = Buffer.byteLength(label);
    if (bytes === 0) return `"${name}" has an empty label`;
    if (bytes > MAX_LABEL) return `a label of "${name}" has ${bytes} bytes (at most ${MAX_LABEL})`;
    wire += bytes + 1;
  }
  if (wire > MAX_NAME_WIRE) return `"${name.slice(0, 40)}…" is longer than 253 characters`;
  return null;
}

export function assertEncodableName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new DnsEncodingError(problem);
}

/** Splits a TXT value into 255-byte character-strings, as DNS servers publish long values. */
export function splitTxt(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length === 0) return [Buffer.alloc(0)];
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += MAX_TXT_STRING) {
    parts.push(bytes.subarray(i, i + MAX_TXT_STRING));
  }
  return parts;
}

/** A TXT record's strings joined with no separator (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
export function joinTxt(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  const buffers: Buffer[] = [];
  for (const part of parts) {
    if (Buffer.isBuffer(part)) buffers.push(part);
    else if (typeof part === 'string') buffers.push(Buffer.from(part, 'utf8'));
  }
  return Buffer.concat(buffers).toString('utf8');
}

function namesOf(answer: Answer): string[] {
  const names = [answer.name];
  const data: unknown = 'data' in answer ? answer.data : undefined;
  switch (answer.type) {
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      if (typeof data === 'string') names.push(data);
      break;
    case 'MX':
      names.push(answer.data.exchange);
      break;
    case 'SOA':
      names.push(answer.data.mname, answer.data.rname);
      break;
    default:
      break;
  }
  return names;
}

/** Throws DnsEncodingError for anything dns-packet would encode wrongly. */
export function assertEncodablePacket(packet: Packet): void {
  for (const q of packet.questions ?? []) assertEncodableName(q.name);
  const sections = [packet.answers, packet.authorities, packet.additionals];
  for (const section of sections) {
    for (const answer of section ?? []) {
      for (const n of namesOf(answer)) assertEncodableName(n);
      if (answer.type === 'TXT') {
        const strings = Array.isArray(answer.data) ? answer.data : [answer.data];
        for (const s of strings) {
          const bytes = typeof s === 'string' ? Buffer.byteLength(s) : s.length;
          if (bytes > MAX_TXT_STRING) {
            throw new DnsEncodingError(
              `a TXT string of ${bytes} bytes at ${answer.name} (at most ${MAX_TXT_STRING}; split it)`,
            );
          }
        }
      }
    }
  }
}

export function encodePacket(packet: Packet): Buffer {
  assertEncodablePacket(packet);
  return encode(packet);
}

export interface QuestionKey {
  id: number;
  name: string;
  type: WireType;
}

const QTYPES: Partial<Record<WireType, number>> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  DS: 43,
  DNSKEY: 48,
};

/** DNSSEC bits of a query: CD asks a validating resolver to skip validation; DO asks for RRSIGs. */
export interface DnssecBits {
  checkingDisabled?: boolean;
  dnssecOk?: boolean;
}

const NO_BITS: DnssecBits = {};
const DNSSEC_OK = 0x8000;

/**
 * Writes an ASCII name without its trailing dot (already checked by asciiWireLength) at `at`,
 * without the root's 0 byte: each character one byte to the right of its index, so each dot's
 * byte becomes the length of the label after it, and the first byte the first label's length.
 */
function writeAsciiName(buf: Buffer, at: number, name: string): void {
  if (name === '') return;
  let lengthAt = at;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      buf[lengthAt] = at + i - lengthAt;
      lengthAt = at + 1 + i;
    } else {
      buf[at + 1 + i] = c;
    }
  }
  buf[lengthAt] = at + name.length - lengthAt;
}

/**
 * A query with EDNS0 (1232 bytes), written directly: every check sends thousands, and this is
 * byte for byte what dns-packet would encode (test/unit/dns/wire.test.ts), at a fraction of the cost.
 * DO needs EDNS (it lives in the OPT record), so it is only sent with it.
 */
export function encodeQuery(
  q: QuestionKey,
  recursionDesired: boolean,
  edns = true,
  bits: DnssecBits = NO_BITS,
): Buffer {
  const qtype = QTYPES[q.type];
  const flags =
    (recursionDesired ? RECURSION_DESIRED : 0) | (bits.checkingDisabled ? CHECKING_DISABLED : 0);
  const dnssecOk = edns && bits.dnssecOk === true;
  if (qtype === undefined) {
    return encodePacket({
      type: 'query',
      id: q.id,
      flags,
      questions: [{ type: q.type, name: q.name, class: 'IN' }],
      additionals: !edns
        ? []
        : [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: EDNS_UDP_PAYLOAD,
              extendedRcode: 0,
              ednsVersion: 0,
              flags: dnssecOk ? DNSSEC_OK : 0,
              flag_do: dnssecOk,
              options: [],
            },
          ],
    });
  }
  const trimmed = q.name.endsWith('.') ? q.name.slice(0, -1) : q.name;
  let nameLength = asciiWireLength(q.name);
  let labels: string[] | null = null;
  if (nameLength < 0) {
    // Not ASCII (or not encodable: this throws the reason): label by label, in UTF-8.
    assertEncodableName(q.name);
    labels = trimmed.split('.');
    nameLength = 1;
    for (const label of labels) nameLength += Buffer.byteLength(label) + 1;
  }
  // From the pool rather than a fresh allocation per query; zeroed, so nothing stale is sent.
  const buf = Buffer.allocUnsafe(12 + nameLength + 4 + (edns ? 11 : 0)).fill(0);
  buf.writeUInt16BE(q.id, 0);
  buf.writeUInt16BE(flags, 2);
  buf.writeUInt16BE(1, 4); // one question
  if (edns) buf.writeUInt16BE(1, 10); // one additional: the OPT record
  let at = 12;
  if (labels === null) {
    writeAsciiName(buf, at, trimmed);
    at += nameLength - 1;
  } else {
    for (const label of labels) {
      const written = buf.write(label, at + 1, 'utf8');
      buf[at] = written;
      at += written + 1;
    }
  }
  buf[at++] = 0;
  buf.writeUInt16BE(qtype, at);
  buf.writeUInt16BE(1, at + 2); // class IN
  at += 4;
  if (!edns) return buf;
  // OPT: root name, type 41, class = UDP payload size, TTL = extended rcode 0, version 0 and the
  // flags (DO or nothing), no options.
  buf[at] = 0;
  buf.writeUInt16BE(41, at + 1);
  buf.writeUInt16BE(EDNS_UDP_PAYLOAD, at + 3);
  if (dnssecOk) buf.writeUInt16BE(DNSSEC_OK, at + 7);
  return buf;
}

const RCODE_NAMES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

export function rcodeName(flags: number): string {
  const code = flags & 0x0f;
  return RCODE_NAMES[code] ?? `RCODE_${code}`;
}

export type Inspection =
  | { kind: 'accept'; packet: DecodedPacket; rcode: string }
  /** `malformed` means it claimed to be our answer (ID and QR matched) but did not decode. */
  | { kind: 'ignore'; reason: 'short' | 'id' | 'not_response' | 'malformed' | 'question' };

/**
 * Decides whether a datagram is the answer to our question. Anything else is ignored, never
 * thrown: forged, stray and malformed datagrams are expected on the open Internet.
 */
export function inspectResponse(buf: Buffer, q: QuestionKey): Inspection {
  if (buf.length < 12) return { kind: 'ignore', reason: 'short' };
  // Cheap checks before decoding so a flood of forgeries costs little.
  if (buf.readUInt16BE(0) !== q.id) return { kind: 'ignore', reason: 'id' };
  if ((buf[2] ?? 0) < 0x80) return { kind: 'ignore', reason: 'not_response' };
  // Every question takes at least 5 bytes and every record 11: counts that cannot fit are
  // malformed, and decoding them would first allocate arrays of up to 65,535 entries each.
  const minimum =
    12 +
    buf.readUInt16BE(4) * 5 +
    (buf.readUInt16BE(6) + buf.readUInt16BE(8) + buf.readUInt16BE(10)) * 11;
  if (minimum > buf.length) return { kind: 'ignore', reason: 'malformed' };
  let packet: DecodedPacket;
  try {
    packet = decode(buf);
  } catch {
    return { kind: 'ignore', reason: 'malformed' };
  }
  const question = packet.questions?.[0];
  if (
    packet.questions?.length !== 1 ||
    !question ||
    typeof question.name !== 'string' ||
    canonicalName(question.name) !== canonicalName(q.name) ||
    question.type !== q.type ||
    (question.class ?? 'IN') !== 'IN' ||
    (((packet.flags ?? 0) >> 11) & 0x0f) !== 0 // opcode must be QUERY
  ) {
    return { kind: 'ignore', reason: 'question' };
  }
  return { kind: 'accept', packet, rcode: rcodeName(packet.flags ?? 0) };
}
