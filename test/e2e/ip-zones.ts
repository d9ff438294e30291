import type { Blocklist } from '../../src/shared/ip-check';
import type { FixtureZone } from '../fixtures/dns';

/** The dedicated IP of the e2e runs (TEST-NET-1), with a reverse DNS that confirms forward. */
export const DEDICATED_IP = '192.0.2.10';

export const E2E_BLOCKLISTS: Blocklist[] = [
  { name: 'Spamhaus ZEN', zone: 'zen.spamhaus.org', ipv6: true },
  { name: 'SpamCop', zone: 'bl.spamcop.net', ipv6: false },
  // Not served by the fixture: it answers REFUSED for names outside its zones.
  { name: 'Unreachable list', zone: 'dnsbl.refused.test', ipv6: false },
];

export const SPAMCOP_QUERY = '10.2.0.192.bl.spamcop.net';
export const SPAMCOP_REASON = 'Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.10';

/**
 * Reverse DNS and blocklists for DEDICATED_IP: PTR mail.example.test, which resolves back to it;
 * SpamCop lists it (with its TXT reason); Spamhaus answers 127.255.255.254, its "query refused"
 * code for public resolvers, which must read as unknown, never as listed.
 */
export function ipZones(): FixtureZone[] {
  return [
    {
      origin: '2.0.192.in-addr.arpa',
      records: [{ name: '10.2.0.192.in-addr.arpa', type: 'PTR', value: 'mail.example.test' }],
    },
    {
      origin: 'example.test',
      records: [{ name: 'mail.example.test', type: 'A', value: DEDICATED_IP }],
    },
    {
      origin: 'zen.spamhaus.org',
      records: [{ name: '10.2.0.192.zen.spamhaus.org', type: 'A', value: '127.255.255.254' }],
    },
    {
      origin: 'bl.spamcop.net',
      records: [
        { name: SPAMCOP_QUERY, type: 'A', value: '127.0.0.2' },
        { name: SPAMCOP_QUERY, type: 'TXT', value: SPAMCOP_REASON },
      ],
    },
  ];
}
