import { BlockList, isIP } from 'node:net';
import { parseReceived } from 'mailauth/lib/parse-received.js';
import type { MailConnection } from '../../shared/mail-check';
import type { HeaderField } from './message-input';

/**
 * Where the message came from, as a receiver saw it: the connecting IP and HELO name for SPF,
 * from the Received chain, and the envelope sender from Return-Path.
 */

/** Addresses that never connect from the internet: hops inside one organisation or one machine. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
  ['0.0.0.0', 8],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::', 128],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv6');
}

export function isInternalIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return INTERNAL.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The address literal in a from-clause: `(name [192.0.2.1])`, `[IPv6:2001:db8::1]`. */
function literalIp(text: string | undefined): string | null {
  if (!text) return null;
  for (const match of text.matchAll(/\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/g)) {
    const ip = (match[1] ?? '').replace(/^::ffff:(?=\d+\.)/i, '');
    if (isIP(ip) !== 0) return ip;
  }
  return null;
}

function firstAddress(value: string): string | null {
  const angle = /<([^<>]*)>/.exec(value);
  const address = (angle ? angle[1] : value)?.trim() ?? '';
  return address === '' ? '' : /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

export interface ConnectionFacts {
  connection: MailConnection;
  /** The envelope sender; '' for the null sender (a bounce); null when nothing says. */
  envelopeFrom: string | null;
  /** Why there is no connecting IP, when there is none. */
  missing: string | null;
}

/**
 * Reads the chain top down (the receiver's own field is first): the first hop that came from an
 * address outside private and loopback ranges is where the message entered the receiver.
 */
export function connectionFrom(
  fields: readonly HeaderField[],
  given: { ip?: string; helo?: string; envelopeFrom?: string } = {},
): ConnectionFacts {
  const returnPath = fields.find((f) => f.name === 'return-path');
  let envelopeFrom: string | null =
    given.envelopeFrom ?? (returnPath ? firstAddress(returnPath.value) : null);

  if (given.ip) {
    return {
      connection: { ip: given.ip, helo: given.helo ?? null, source: 'given', receivedBy: null },
      envelopeFrom,
      missing: null,
    };
  }
  const received = fields.filter((f) => f.name === 'received');
  if (received.length === 0) {
    return {
      connection: { ip: null, helo: null, source: 'none', receivedBy: null },
      envelopeFrom,
      missing:
        'The message has no Received field, so nothing says which server sent it: SPF needs the connecting IP. Check the message as it arrived (with its Received lines), not a copy from the Sent folder.',
    };
  }
  const internal: string[] = [];
  for (const field of received) {
    const parsed = parseReceived(`Received: ${field.value}`);
    const ip = literalIp(parsed.from?.comment) ?? literalIp(parsed.from?.value);
    if (!ip) continue;
    if (isInternalIp(ip)) {
      internal.push(ip);
      continue;
    }
    const helo = parsed.from?.value ?? null;
    envelopeFrom ??= parsed['envelope-from'] ? firstAddress(parsed['envelope-from'].value) : null;
    return {
      connection: {
        ip,
        helo: helo && !helo.startsWith('[') ? helo : null,
        source: 'received',
        receivedBy: parsed.by?.value ?? null,
      },
      envelopeFrom,
      missing: null,
    };
  }
  const seen = [...new Set(internal)];
  return {
    connection: { ip: null, helo: null, source: 'none', receivedBy: null },
    envelopeFrom,
    missing:
      seen.length > 0
        ? `The Received fields name only private or loopback addresses (${seen.join(', ')}): the message never came in from the internet, so there is no connecting IP for SPF. Check it as the recipient received it.`
        : 'No Received field names the address the message came from, so SPF has no connecting IP to judge.',
  };
}
