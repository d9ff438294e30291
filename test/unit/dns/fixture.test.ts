import { afterEach, describe, expect, it } from 'vitest';
import { DnsClient } from '../../../src/dns/index';
import type { QueryResult } from '../../../src/dns/index';
import { observe } from '../../../src/dns/observe';
import { startDnsFixture } from '../../fixtures/dns/index';
import type { DnsFixture } from '../../fixtures/dns/index';

const open: DnsFixture[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

async function fixture(...args: Parameters<typeof startDnsFixture>): Promise<DnsFixture> {
  const f = await startDnsFixture(...args);
  open.push(f);
  return f;
}

const client = new DnsClient({ timeoutMs: 500, tries: 1 });
const ask = (
  f: DnsFixture,
  name: string,
  type: 'TXT' | 'MX' | 'CNAME' | 'SOA' | 'NS' | 'A',
  recursion = false,
): Promise<QueryResult> => client.query(f, name, type, { recursion });

describe('loopback DNS fixture, authoritative', () => {
  it('answers with AA, and tells NXDOMAIN from NODATA with the SOA and its negative TTL', async () => {
    const f = await fixture({
      zones: [
        {
          origin: 'example.test',
          ttl: 300,
          negativeTtl: 45,
          records: [{ name: 'a.b.example.test', type: 'TXT', value: 'x' }],
        },
      ],
    });
    const hit = await ask(f, 'a.b.example.test', 'TXT');
    expect(hit.rcode).toBe('NOERROR');
    expect(hit.authoritative).toBe(true);
    expect(observe(hit)?.rrs).toEqual([{ type: 'TXT', value: 'x', ttl: 300 }]);

    const nx = await ask(f, 'nope.example.test', 'TXT');
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(observe(nx)?.negativeTtl).toBe(45);

    const nodata = await ask(f, 'a.b.example.test', 'MX');
    expect(nodata.rcode).toBe('NOERROR');
    expect(nodata.answers).toEqual([]);
    expect(observe(nodata)?.negativeTtl).toBe(45);

    // b.example.test owns no records but has a child: an empty non-terminal is NODATA, not NXDOMAIN.
    const ent = await ask(f, 'b.example.test', 'TXT');
    expect(ent.rcode).toBe('NOERROR');
    expect(ent.answers).toEqual([]);
  });

  it('splits long TXT values into 255-byte strings and truncates big UDP answers (full over TCP)', async () => {
    const f = await fixture({ zones: [{ origin: 'big.test' }] });
    const values = Array.from({ length: 4 }, (_, i) => `${i}`.repeat(400));
    f.setRecords('t.big.test', 'TXT', values);
    const result = await ask(f, 't.big.test', 'TXT');
    expect(result.transport).toBe('tcp');
    expect(
      result.answers.map((a) => (a.type === 'TXT' && Array.isArray(a.data) ? a.data.length : 0)),
    ).toEqual([2, 2, 2, 2]);
    expect(
      observe(result)
        ?.rrs.map((r) => r.value)
        .sort(),
    ).toEqual(values);
    expect(f.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('follows CNAMEs inside the zone, refers a delegated subzone with glue, refuses other zones', async () => {
    const f = await fixture({
      zones: [
        {
          origin: 'example.test',
          records: [
            { name: 'www.example.test', type: 'CNAME', value: 'web.example.test' },
            { name: 'web.example.test', type: 'TXT', value: 'web' },
          ],
        },
      ],
    });
    const child = await fixture({ zones: [{ origin: 'sub.example.test' }] });
    f.delegate('sub.example.test', child);
    const cname = await ask(f, 'www.example.test', 'TXT');
    expect(cname.answers.map((a) => a.type)).toEqual(['CNAME', 'TXT']);
    const referral = await ask(f, 'x.sub.example.test', 'TXT');
    expect(referral.authoritative).toBe(false);
    expect(referral.authorities.map((a) => a.type)).toEqual(['NS']);
    expect(
      referral.additionals.some((a) => a.type === 'A' && a.name === 'ns1.sub.example.test'),
    ).toBe(true);
    expect((await ask(f, 'elsewhere.test', 'TXT')).rcode).toBe('REFUSED');
  });

  it('misbehaves on request: SERVFAIL, REFUSED, no answer, garbage, forced truncation', async () => {
    const f = await fixture({
      zones: [
        { origin: 'example.test', records: [{ name: 'example.test', type: 'TXT', value: 'v' }] },
      ],
    });
    f.setBehaviour('example.test', 'servfail');
    expect((await ask(f, 'example.test', 'TXT')).rcode).toBe('SERVFAIL');
    f.setBehaviour('example.test', 'refused');
    expect((await ask(f, 'example.test', 'TXT')).rcode).toBe('REFUSED');
    f.setBehaviour('example.test', 'timeout');
    expect(
      (await client.query(f, 'example.test', 'TXT', { recursion: false, timeoutMs: 80 })).rcode,
    ).toBe('TIMEOUT');
    f.setBehaviour('example.test', 'garbage');
    expect(
      (await client.query(f, 'example.test', 'TXT', { recursion: false, timeoutMs: 80 })).rcode,
    ).toBe('MALFORMED');
    f.setBehaviour('example.test', 'truncate');
    const tcp = await ask(f, 'example.test', 'TXT');
    expect([tcp.transport, tcp.rcode, observe(tcp)?.rrs[0]?.value]).toEqual([
      'tcp',
      'NOERROR',
      'v',
    ]);
    f.setBehaviour('example.test', 'normal');
    expect((await ask(f, 'example.test', 'TXT')).transport).toBe('udp');
  });
});

describe('loopback DNS fixture, resolver', () => {
  it('recurses with RA, caches, counts TTLs down on its clock and serves stale data until they expire', async () => {
    let now = 1_000_000;
    const auth = await fixture({
      zones: [
        {
          origin: 'example.test',
          records: [{ name: 'example.test', type: 'TXT', value: 'old', ttl: 120 }],
        },
      ],
    });
    const resolver = await fixture({ resolverFor: [auth], clock: () => now });
    const first = await ask(resolver, 'example.test', 'TXT', true);
    expect(first.authoritative).toBe(false);
    expect(observe(first)?.rrs).toEqual([{ type: 'TXT', value: 'old', ttl: 120 }]);

    auth.setRecords('example.test', 'TXT', ['new']);
    now += 100_500;
    const stale = await ask(resolver, 'example.test', 'TXT', true);
    expect(observe(stale)?.rrs).toEqual([{ type: 'TXT', value: 'old', ttl: 20 }]);

    now += 20_000;
    const fresh = await ask(resolver, 'example.test', 'TXT', true);
    expect(observe(fresh)?.rrs[0]?.value).toBe('new');
  });

  it('caches negative answers for the SOA-derived TTL, and answers RD=0 only from its cache', async () => {
    let now = 0;
    const auth = await fixture({ zones: [{ origin: 'example.test', negativeTtl: 30 }] });
    const resolver = await fixture({ resolverFor: [auth], clock: () => now });
    expect((await ask(resolver, 'new.example.test', 'TXT', false)).rcode).toBe('REFUSED');
    const nx = await ask(resolver, 'new.example.test', 'TXT', true);
    expect([nx.rcode, observe(nx)?.negativeTtl]).toEqual(['NXDOMAIN', 30]);
    auth.setRecords('new.example.test', 'TXT', ['here']);
    now += 10_000;
    const cached = await ask(resolver, 'new.example.test', 'TXT', true);
    expect([cached.rcode, observe(cached)?.negativeTtl]).toEqual(['NXDOMAIN', 20]);
    now += 20_000;
    expect((await ask(resolver, 'new.example.test', 'TXT', true)).rcode).toBe('NOERROR');
  });

  it('can be seeded with stale data and with a cached NXDOMAIN', async () => {
    const auth = await fixture({
      zones: [
        {
          origin: 'example.test',
          records: [{ name: 'x.example.test', type: 'TXT', value: 'now' }],
        },
      ],
    });
    const resolver = await fixture({ resolverFor: [auth] });
    resolver.cache.set('x.example.test', 'TXT', ['then'], 250);
    resolver.cache.setNegative('y.example.test', 'TXT', 'NXDOMAIN', 40);
    expect(observe(await ask(resolver, 'x.example.test', 'TXT', true))?.rrs[0]?.value).toBe('then');
    expect((await ask(resolver, 'y.example.test', 'TXT', true)).rcode).toBe('NXDOMAIN');
    expect(() => auth.cache.clear()).toThrow(/resolverFor/);
  });
});
