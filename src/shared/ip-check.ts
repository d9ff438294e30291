import { z } from 'zod';
import { CheckStatus } from './dns-check';

/**
 * The dedicated IP's health as the app checks it (src/dns/ip-checks.ts): reverse DNS that is
 * present and forward-confirmed, and listings on DNS blocklists. Shared so the UI reads it too.
 */

const ZONE = /^(?=.{3,200}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** A DNS blocklist: queried as `<reversed address>.<zone>` A (and TXT for the reason). */
export const Blocklist = z.object({
  name: z.string().trim().min(1).max(80),
  zone: z.string().trim().toLowerCase().regex(ZONE, 'must be a DNS zone such as zen.spamhaus.org'),
  /** Whether the list answers for IPv6 addresses (nibble format); IPv4 lists are skipped for v6. */
  ipv6: z.boolean(),
});
export type Blocklist = z.infer<typeof Blocklist>;

/**
 * Common, free-to-query IP blocklists. SORBS is not among them: it closed in 2024, and a dead
 * list's zone may start answering anything. Users add or remove lists in the settings.
 */
export const DEFAULT_BLOCKLISTS: readonly Blocklist[] = [
  { name: 'Spamhaus ZEN', zone: 'zen.spamhaus.org', ipv6: true },
  { name: 'SpamCop', zone: 'bl.spamcop.net', ipv6: false },
  { name: 'Barracuda', zone: 'b.barracudacentral.org', ipv6: false },
  { name: 'UCEPROTECT Level 1', zone: 'dnsbl-1.uceprotect.net', ipv6: false },
  { name: 'PSBL', zone: 'psbl.surriel.com', ipv6: false },
];

export const IpFamily = z.enum(['ipv4', 'ipv6']);
export type IpFamily = z.infer<typeof IpFamily>;

export const ForwardLookup = z.object({
  /** A host name the PTR record gave. */
  name: z.string(),
  /** Its A (IPv4) or AAAA (IPv6) addresses. */
  addresses: z.array(z.string()),
  rcode: z.string(),
  /** Whether one of them is the IP itself. */
  confirmed: z.boolean(),
});

export const ReverseDnsResult = z.object({
  /** `10.2.0.192.in-addr.arpa` or the ip6.arpa nibble name. */
  query: z.string(),
  rcode: z.string(),
  /** pass: PTR present and forward-confirmed; fail: absent, or not confirmed; unknown: no answer. */
  status: z.enum(['pass', 'fail', 'unknown']),
  names: z.array(z.string()),
  forward: z.array(ForwardLookup),
  message: z.string(),
});
export type ReverseDnsResult = z.infer<typeof ReverseDnsResult>;

export const BlocklistStatus = z.enum(['listed', 'not_listed', 'unknown', 'skipped']);
export type BlocklistStatus = z.infer<typeof BlocklistStatus>;

export const BlocklistResult = z.object({
  name: z.string(),
  zone: z.string(),
  /** The name asked; null when the list was skipped (an IPv4-only list for an IPv6 address). */
  query: z.string().nullable(),
  rcode: z.string().nullable(),
  /**
   * listed: a 127.0.0.x listing code. unknown: the list refused to answer (127.255.255.x, e.g.
   * Spamhaus for queries through public resolvers), an answer outside 127/8, REFUSED, SERVFAIL or
   * no answer at all. Never reported as listed.
   */
  status: BlocklistStatus,
  answers: z.array(z.string()),
  /** The list's TXT explanation when listed (often a removal link). */
  reason: z.string().nullable(),
  message: z.string(),
});
export type BlocklistResult = z.infer<typeof BlocklistResult>;

export const IpCheckResult = z.object({
  ip: z.string(),
  family: IpFamily,
  checkedAt: z.string(),
  /** fail: listed somewhere or reverse DNS failing; warn: something unknown; pass otherwise. */
  status: CheckStatus,
  reverse: ReverseDnsResult,
  blocklists: z.array(BlocklistResult),
});
export type IpCheckResult = z.infer<typeof IpCheckResult>;
