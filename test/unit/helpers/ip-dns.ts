import type { Blocklist } from '../../../src/shared/ip-check';
import {
  startDnsFixture,
  type DnsFixture,
  type FixtureType,
  type FixtureZone,
} from '../../fixtures/dns/index';
import type { Cleanup } from './temp-dir';

export const PTR: FixtureType = 'PTR';

/** A dedicated IP with good reverse DNS, as the sandbox reports it by default (TEST-NET-1). */
export const GOOD_IP = '192.0.2.10';
/** Reverse DNS that points at a host resolving elsewhere; listed on SpamCop. */
export const LISTED_IP = '192.0.2.11';
/** No PTR at all. */
export const BARE_IP = '192.0.2.12';
export const GOOD_IP6 = '2001:db8::25';

export const TEST_BLOCKLISTS: Blocklist[] = [
  { name: 'Spamhaus ZEN', zone: 'zen.spamhaus.org', ipv6: true },
  { name: 'SpamCop', zone: 'bl.spamcop.net', ipv6: false },
  // Not served by the fixture at all: it answers REFUSED for names outside its zones.
  { name: 'Unreachable list', zone: 'dnsbl.refused.test', ipv6: false },
];

/** 2001:db8::25 as the ip6.arpa tree spells it (nibbles, reversed). */
export const GOOD_IP6_NIBBLES = '5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2';

export function ipZones(): FixtureZone[] {
  return [
    {
      origin: '2.0.192.in-addr.arpa',
      records: [
        { name: '10.2.0.192.in-addr.arpa', type: PTR, value: 'mail.example.test' },
        { name: '11.2.0.192.in-addr.arpa', type: PTR, value: 'other.example.test' },
      ],
    },
    {
      origin: '8.b.d.0.1.0.0.2.ip6.arpa',
      records: [{ name: `${GOOD_IP6_NIBBLES}.ip6.arpa`, type: PTR, value: 'mail6.example.test' }],
    },
    {
      origin: 'example.test',
      records: [
        { name: 'mail.example.test', type: 'A', value: GOOD_IP },
        { name: 'other.example.test', type: 'A', value: '198.51.100.7' },
        { name: 'mail6.example.test', type: 'AAAA', value: GOOD_IP6 },
      ],
    },
    {
      origin: 'zen.spamhaus.org',
      records: [
        // Spamhaus' "query refused" answer for a public resolver: unknown, never "listed".
        { name: '10.2.0.192.zen.spamhaus.org', type: 'A', value: '127.255.255.254' },
        { name: `${GOOD_IP6_NIBBLES}.zen.spamhaus.org`, type: 'A', value: '127.0.0.3' },
      ],
    },
    {
      origin: 'bl.spamcop.net',
      records: [
        { name: '11.2.0.192.bl.spamcop.net', type: 'A', value: '127.0.0.2' },
        {
          name: '11.2.0.192.bl.spamcop.net',
          type: 'TXT',
          value: 'Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.11',
        },
      ],
    },
  ];
}

/** One loopback server holding the reverse zones, the forward names and the blocklists. */
export async function startIpDns(cleanup: Cleanup): Promise<DnsFixture> {
  const fixture = await startDnsFixture({ zones: ipZones() });
  cleanup.add(() => fixture.close());
  return fixture;
}
