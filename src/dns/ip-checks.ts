import { isIP } from 'node:net';
import type { RecordType as WireType } from 'dns-packet';
import type { CheckStatus } from '../shared/dns-check';
import {
  DEFAULT_BLOCKLISTS,
  type Blocklist,
  type BlocklistResult,
  type IpCheckResult,
  type IpFamily,
  type ReverseDnsResult,
} from '../shared/ip-check';
import { DnsInputError } from './check-domain';
import { DnsClient, isAnswered, type QueryResult } from './client';
import { valueOf } from './observe';
import { defaultResolvers } from './resolvers';
import type { ServerAddress } from './server-address';

/**
 * The dedicated IP's checks: reverse DNS (PTR present, and its host name resolving back to the IP:
 * forward-confirmed reverse DNS, which receivers test) and DNS blocklists (RFC 5782). Everything is
 * asked of resolvers with recursion, as a receiving mail server would.
 *
 * A blocklist is only reported as listing the IP on a 127.0.0.x answer other than 127.0.0.1.
 * Everything else that is not "no such name" is `unknown`: 127.255.255.x is a list refusing to
 * answer (Spamhaus: queries through public resolvers, or too many), an answer outside 127/8 is a
 * resolver rewriting NXDOMAIN, 127.0.0.1 is reserved by RFC 5782 (lists use it for errors), and
 * REFUSED, SERVFAIL or no answer say nothing about the IP.
 */

export interface IpCheckOptions {
  /** Resolvers to ask, in order, until one answers; default: the system's plus public ones. */
  resolvers?: ServerAddress[];
  blocklists?: readonly Blocklist[];
  client?: DnsClient;
  timeoutMs?: number;
  tries?: number;
  signal?: AbortSignal;
  now?: () => Date;
}

const MAX_PTR_NAMES = 5;

let sharedClient: DnsClient | undefined;

/** The address's family and canonical text (IPv6 fully expanded, lowercase); throws when not an IP. */
export function parseIp(text: string): { family: IpFamily; canonical: string } {
  const ip = text.trim();
  const kind = isIP(ip);
  if (kind === 4) return { family: 'ipv4', canonical: ip.split('.').map(Number).join('.') };
  if (kind === 6 && !ip.includes('%')) return { family: 'ipv6', canonical: expandIpv6(ip) };
  throw new DnsInputError(`"${text}" is not an IPv4 or IPv6 address.`);
}

/** `2001:db8::1` → `2001:0db8:0000:0000:0000:0000:0000:0001` (an embedded IPv4 tail included). */
export function expandIpv6(ip: string): string {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

/** The address as DNS reverse trees and blocklists spell it: reversed octets, or reversed nibbles. */
export function reversedLabels(ip: string): string {
  const { family, canonical } = parseIp(ip);
  if (family === 'ipv4') return canonical.split('.').reverse().join('.');
  return canonical.replace(/:/g, '').split('').reverse().join('.');
}

export function reverseName(ip: string): string {
  const { family } = parseIp(ip);
  return `${reversedLabels(ip)}.${family === 'ipv4' ? 'in-addr.arpa' : 'ip6.arpa'}`;
}

function sameIp(a: string, b: string): boolean {
  try {
    return parseIp(a).canonical === parseIp(b).canonical;
  } catch {
    return false;
  }
}

function valuesOf(result: QueryResult, type: WireType): string[] {
  return result.answers
    .filter((a) => a.type === type)
    .map(valueOf)
    .filter((v): v is string => v !== null && v !== '');
}

const SPAMHAUS_CODES: Readonly<Record<string, string>> = {
  '127.0.0.2': 'SBL (spam source)',
  '127.0.0.3': 'SBL CSS (snowshoe spam)',
  '127.0.0.4': 'XBL (exploited host)',
  '127.0.0.9': 'SBL DROP (hijacked network)',
  '127.0.0.10': 'PBL (ISP policy: not for direct mail)',
  '127.0.0.11': 'PBL (Spamhaus policy: not for direct mail)',
};

/** How a blocklist's answer is read; pure, so the rules are tested on their own. */
export function classifyBlocklistAnswer(
  rcode: string,
  addresses: readonly string[],
  zone = '',
): { status: BlocklistResult['status']; message: string } {
  if (rcode === 'NXDOMAIN' || (rcode === 'NOERROR' && addresses.length === 0)) {
    return { status: 'not_listed', message: 'Not listed.' };
  }
  if (rcode !== 'NOERROR') {
    return {
      status: 'unknown',
      message: `No usable answer (${rcode}): the list could not be asked, so this says nothing about the IP.`,
    };
  }
  if (addresses.some((a) => a.startsWith('127.255.255.'))) {
    return {
      status: 'unknown',
      message: `The list refused to answer (${addresses.join(', ')}): it does not take queries from this resolver (Spamhaus refuses public resolvers) or was asked too often. Ask through your own resolver.`,
    };
  }
  if (addresses.some((a) => !a.startsWith('127.'))) {
    return {
      status: 'unknown',
      message: `Not a blocklist answer (${addresses.join(', ')}): a resolver that rewrites "no such name" is in the way.`,
    };
  }
  if (addresses.every((a) => a === '127.0.0.1')) {
    return {
      status: 'unknown',
      message: 'The list answered 127.0.0.1, which lists use for errors, never for a listing.',
    };
  }
  const codes = addresses.filter((a) => a !== '127.0.0.1');
  // Return codes mean what each list says they mean; only Spamhaus' are known here.
  const spamhaus = zone === 'spamhaus.org' || zone.endsWith('.spamhaus.org');
  const meanings = spamhaus
    ? codes.map((a) => SPAMHAUS_CODES[a]).filter((m): m is string => Boolean(m))
    : [];
  return {
    status: 'listed',
    message: `Listed (${codes.join(', ')})${meanings.length ? `: ${meanings.join('; ')}` : ''}.`,
  };
}

export async function checkIp(ip: string, options: IpCheckOptions = {}): Promise<IpCheckResult> {
  const { family, canonical } = parseIp(ip);
  const now = options.now ?? (() => new Date());
  const checkedAt = now().toISOString();
  const client = options.client ?? (sharedClient ??= new DnsClient());
  const resolvers = options.resolvers ?? (await defaultResolvers());
  if (resolvers.length === 0) throw new DnsInputError('No resolver to ask.');

  /** Each resolver in turn until one gives an answer (NOERROR or NXDOMAIN). */
  async function ask(name: string, type: WireType): Promise<QueryResult> {
    let last: QueryResult | undefined;
    for (const server of resolvers) {
      last = await client.query(server, name, type, {
        recursion: true,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.tries === undefined ? {} : { tries: options.tries }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (isAnswered(last) || last.rcode === 'ABORTED') return last;
    }
    return last as QueryResult;
  }

  const [reverse, blocklists] = await Promise.all([
    checkReverse(canonical, family, ask),
    Promise.all(
      (options.blocklists ?? DEFAULT_BLOCKLISTS).map((list) =>
        checkBlocklist(canonical, family, list, ask),
      ),
    ),
  ]);
  return {
    ip: canonical,
    family,
    checkedAt,
    status: overallStatus(reverse, blocklists),
    reverse,
    blocklists,
  };
}

type Ask = (name: string, type: WireType) => Promise<QueryResult>;

async function checkReverse(ip: string, family: IpFamily, ask: Ask): Promise<ReverseDnsResult> {
  const query = reverseName(ip);
  const ptr = await ask(query, 'PTR');
  const base = { query, rcode: ptr.rcode, forward: [] };
  if (!isAnswered(ptr)) {
    return {
      ...base,
      status: 'unknown',
      names: [],
      message: `Reverse DNS could not be looked up (${ptr.rcode}).`,
    };
  }
  const names = [...new Set(valuesOf(ptr, 'PTR'))].slice(0, MAX_PTR_NAMES);
  if (names.length === 0) {
    return {
      ...base,
      status: 'fail',
      names,
      message: `${ip} has no reverse DNS (PTR) record: receiving servers distrust mail from such an IP. The IP's owner (Kyrios, for a dedicated IP) sets it.`,
    };
  }
  const type: WireType = family === 'ipv4' ? 'A' : 'AAAA';
  const forward = await Promise.all(
    names.map(async (name) => {
      const result = await ask(name, type);
      const addresses = valuesOf(result, type);
      return {
        name,
        addresses,
        rcode: result.rcode,
        confirmed: addresses.some((a) => sameIp(a, ip)),
      };
    }),
  );
  if (forward.some((f) => f.confirmed)) {
    const host = forward.find((f) => f.confirmed)?.name ?? '';
    return {
      ...base,
      forward,
      status: 'pass',
      names,
      message: `Reverse DNS is ${host}, which resolves back to ${ip}.`,
    };
  }
  if (forward.every((f) => !isAnswered(f))) {
    return {
      ...base,
      forward,
      status: 'unknown',
      names,
      message: `Reverse DNS is ${names.join(', ')}, but its address could not be looked up.`,
    };
  }
  return {
    ...base,
    forward,
    status: 'fail',
    names,
    message: `Reverse DNS is ${names.join(', ')}, which does not resolve back to ${ip} (${type}: ${
      forward.flatMap((f) => f.addresses).join(', ') || 'none'
    }): the check receivers make (forward-confirmed reverse DNS) fails.`,
  };
}

async function checkBlocklist(
  ip: string,
  family: IpFamily,
  list: Blocklist,
  ask: Ask,
): Promise<BlocklistResult> {
  if (family === 'ipv6' && !list.ipv6) {
    return {
      name: list.name,
      zone: list.zone,
      query: null,
      rcode: null,
      status: 'skipped',
      answers: [],
      reason: null,
      message: `${list.name} lists IPv4 addresses only.`,
    };
  }
  const query = `${reversedLabels(ip)}.${list.zone}`;
  const result = await ask(query, 'A');
  const answers = valuesOf(result, 'A');
  const { status, message } = classifyBlocklistAnswer(result.rcode, answers, list.zone);
  let reason: string | null = null;
  if (status === 'listed') {
    const txt = await ask(query, 'TXT');
    reason = valuesOf(txt, 'TXT').join(' ') || null;
  }
  return {
    name: list.name,
    zone: list.zone,
    query,
    rcode: result.rcode,
    status,
    answers,
    reason,
    message,
  };
}

function overallStatus(reverse: ReverseDnsResult, lists: readonly BlocklistResult[]): CheckStatus {
  if (reverse.status === 'fail' || lists.some((l) => l.status === 'listed')) return 'fail';
  if (reverse.status === 'unknown' || lists.some((l) => l.status === 'unknown')) return 'warn';
  return 'pass';
}
