import { afterEach, describe, expect, it } from 'vitest';
import {
  checkIp,
  classifyBlocklistAnswer,
  DnsInputError,
  expandIpv6,
  reverseName,
  reversedLabels,
} from '../../../src/dns/index';
import { createCleanup } from '../helpers/temp-dir';
import {
  BARE_IP,
  GOOD_IP,
  GOOD_IP6,
  GOOD_IP6_NIBBLES,
  LISTED_IP,
  TEST_BLOCKLISTS,
  startIpDns,
} from '../helpers/ip-dns';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const NOW = () => new Date('2026-05-01T12:00:00.000Z');

async function world() {
  const dns = await startIpDns(cleanup);
  const options = {
    resolvers: [{ host: dns.host, port: dns.port }],
    blocklists: TEST_BLOCKLISTS,
    timeoutMs: 300,
    tries: 1,
    now: NOW,
  };
  return { dns, options };
}

describe('address forms', () => {
  it('reverses IPv4 octets and IPv6 nibbles', () => {
    expect(reverseName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa');
    expect(reversedLabels(GOOD_IP6)).toBe(GOOD_IP6_NIBBLES);
    expect(reverseName(GOOD_IP6)).toBe(`${GOOD_IP6_NIBBLES}.ip6.arpa`);
    expect(expandIpv6('::ffff:192.0.2.1')).toBe('0000:0000:0000:0000:0000:ffff:c000:0201');
    expect(expandIpv6('2001:DB8::')).toBe('2001:0db8:0000:0000:0000:0000:0000:0000');
    expect(() => reverseName('mail.example.test')).toThrow(DnsInputError);
    expect(() => reverseName('fe80::1%eth0')).toThrow(DnsInputError);
  });
});

describe('reading a blocklist answer', () => {
  it('lists only on 127.0.0.x codes; refusals, rewrites, errors and failures are unknown', () => {
    expect(classifyBlocklistAnswer('NXDOMAIN', []).status).toBe('not_listed');
    expect(classifyBlocklistAnswer('NOERROR', []).status).toBe('not_listed');
    expect(classifyBlocklistAnswer('NOERROR', ['127.0.0.2'], 'zen.spamhaus.org')).toMatchObject({
      status: 'listed',
      message: expect.stringContaining('SBL') as unknown,
    });
    // Another list's codes are not read as Spamhaus'.
    expect(classifyBlocklistAnswer('NOERROR', ['127.0.0.2'], 'bl.spamcop.net')).toEqual({
      status: 'listed',
      message: 'Listed (127.0.0.2).',
    });
    for (const refused of ['127.255.255.252', '127.255.255.254', '127.255.255.255']) {
      expect(classifyBlocklistAnswer('NOERROR', [refused]).status).toBe('unknown');
      expect(classifyBlocklistAnswer('NOERROR', ['127.0.0.2', refused]).status).toBe('unknown');
    }
    expect(classifyBlocklistAnswer('NOERROR', ['198.51.100.1']).status).toBe('unknown');
    expect(classifyBlocklistAnswer('NOERROR', ['127.0.0.1']).status).toBe('unknown');
    for (const rcode of ['REFUSED', 'SERVFAIL', 'TIMEOUT', 'NETWORK_ERROR', 'MALFORMED']) {
      expect(classifyBlocklistAnswer(rcode, []).status).toBe('unknown');
    }
  });
});

describe('checkIp against the loopback fixture', () => {
  it('passes reverse DNS that is forward-confirmed; a refused list is unknown, not listed', async () => {
    const { options } = await world();
    const result = await checkIp(GOOD_IP, options);
    expect(result).toMatchObject({
      ip: GOOD_IP,
      family: 'ipv4',
      checkedAt: '2026-05-01T12:00:00.000Z',
      status: 'warn',
      reverse: {
        query: '10.2.0.192.in-addr.arpa',
        status: 'pass',
        names: ['mail.example.test'],
        forward: [{ name: 'mail.example.test', addresses: [GOOD_IP], confirmed: true }],
      },
    });
    expect(result.blocklists.map((b) => [b.zone, b.status, b.rcode])).toEqual([
      ['zen.spamhaus.org', 'unknown', 'NOERROR'],
      ['bl.spamcop.net', 'not_listed', 'NXDOMAIN'],
      ['dnsbl.refused.test', 'unknown', 'REFUSED'],
    ]);
    expect(result.blocklists[0]).toMatchObject({
      query: '10.2.0.192.zen.spamhaus.org',
      answers: ['127.255.255.254'],
      reason: null,
    });
    expect(result.blocklists[0]?.message).toMatch(/refused to answer/);
  });

  it('fails a listing (with the list’s reason) and reverse DNS that points elsewhere', async () => {
    const { options } = await world();
    const result = await checkIp(LISTED_IP, options);
    expect(result.status).toBe('fail');
    expect(result.reverse).toMatchObject({
      status: 'fail',
      names: ['other.example.test'],
      forward: [{ addresses: ['198.51.100.7'], confirmed: false }],
    });
    expect(result.reverse.message).toMatch(/does not resolve back/);
    expect(result.blocklists.find((b) => b.zone === 'bl.spamcop.net')).toMatchObject({
      status: 'listed',
      answers: ['127.0.0.2'],
      reason: 'Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.11',
    });
  });

  it('fails an IP with no PTR record at all', async () => {
    const { options } = await world();
    const result = await checkIp(BARE_IP, options);
    expect(result.reverse).toMatchObject({ status: 'fail', rcode: 'NXDOMAIN', names: [] });
    expect(result.reverse.message).toMatch(/no reverse DNS/);
  });

  it('asks IPv6 in nibble format, and skips IPv4-only lists', async () => {
    const { dns, options } = await world();
    const result = await checkIp(GOOD_IP6, options);
    expect(result.family).toBe('ipv6');
    expect(result.reverse).toMatchObject({ status: 'pass', names: ['mail6.example.test'] });
    expect(result.blocklists.map((b) => [b.zone, b.status])).toEqual([
      ['zen.spamhaus.org', 'listed'],
      ['bl.spamcop.net', 'skipped'],
      ['dnsbl.refused.test', 'skipped'],
    ]);
    expect(result.blocklists[0]?.message).toMatch(/SBL CSS/);
    expect(dns.queries.map((q) => q.name)).toContain(`${GOOD_IP6_NIBBLES}.zen.spamhaus.org`);
    expect(dns.queries.some((q) => q.name.endsWith('bl.spamcop.net'))).toBe(false);
  });

  it('reports SERVFAIL and timeouts as unknown, and tries the next resolver first', async () => {
    const { dns, options } = await world();
    dns.setBehaviour('10.2.0.192.bl.spamcop.net', 'servfail');
    dns.setBehaviour('10.2.0.192.in-addr.arpa', 'timeout');
    const result = await checkIp(GOOD_IP, options);
    expect(result.reverse).toMatchObject({ status: 'unknown', rcode: 'TIMEOUT' });
    expect(result.blocklists.find((b) => b.zone === 'bl.spamcop.net')).toMatchObject({
      status: 'unknown',
      rcode: 'SERVFAIL',
    });
    expect(result.status).toBe('warn');

    // A second resolver that answers: the first one's failure is not the verdict.
    const healthy = await startIpDns(cleanup);
    const retried = await checkIp(GOOD_IP, {
      ...options,
      resolvers: [...options.resolvers, { host: healthy.host, port: healthy.port }],
    });
    expect(retried.reverse.status).toBe('pass');
    expect(retried.blocklists.find((b) => b.zone === 'bl.spamcop.net')?.status).toBe('not_listed');
  });
});
