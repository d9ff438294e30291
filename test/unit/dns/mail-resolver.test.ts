import type { DNSResolver } from 'mailauth';
import { spf } from 'mailauth/lib/spf/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailResolver, MailResolverError } from '../../../src/dns/mail-resolver';
import { startDnsFixture, type DnsFixture } from '../../fixtures/dns/index';

// The DNS engine as mailauth's resolver, against real loopback servers: answers in Node's shapes,
// CNAME chains followed across zones, and failures as Node's error codes.
let shop: DnsFixture;
let service: DnsFixture;
let resolverFixture: DnsFixture;
const longTxt = `v=DKIM1; k=rsa; p=${'A'.repeat(400)}`;

beforeAll(async () => {
  shop = await startDnsFixture({
    zones: [
      {
        origin: 'shop.test',
        records: [
          { name: 'shop.test', type: 'TXT', value: 'v=spf1 include:spf.service.test ~all' },
          { name: 'shop.test', type: 'MX', value: '10 mx.service.test' },
          { name: 'shop.test', type: 'A', value: '192.0.2.80' },
          { name: 'k1._domainkey.shop.test', type: 'TXT', value: longTxt },
          { name: 'kbounce.shop.test', type: 'CNAME', value: 'bounces.service.test' },
          { name: 'loop1.shop.test', type: 'CNAME', value: 'loop2.shop.test' },
          { name: 'loop2.shop.test', type: 'CNAME', value: 'loop1.shop.test' },
        ],
      },
    ],
  });
  service = await startDnsFixture({
    zones: [
      {
        origin: 'service.test',
        records: [
          {
            name: 'bounces.service.test',
            type: 'TXT',
            value: 'v=spf1 include:spf.service.test -all',
          },
          { name: 'spf.service.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.10 -all' },
        ],
      },
    ],
  });
  resolverFixture = await startDnsFixture({ resolverFor: [shop, service] });
});
afterAll(async () => {
  await Promise.all([shop.close(), service.close(), resolverFixture.close()]);
});

const authoritative = () =>
  createMailResolver({ servers: [shop, service], recursion: false, timeoutMs: 2000, tries: 2 });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(MailResolverError);
    return (error as MailResolverError).code;
  }
}

describe('createMailResolver', () => {
  it("answers in Node's shapes: TXT strings joined per record, MX, A", async () => {
    const resolve = createMailResolver({ servers: [shop], timeoutMs: 2000, tries: 2 });
    expect(await resolve('k1._domainkey.shop.test', 'TXT')).toEqual([[longTxt]]);
    expect(await resolve('shop.test', 'MX')).toEqual([
      { exchange: 'mx.service.test', priority: 10 },
    ]);
    expect(await resolve('SHOP.test.', 'A')).toEqual(['192.0.2.80']);
  });

  it('follows a CNAME into another zone on its own (authoritative servers stop at their edge)', async () => {
    const resolve = authoritative();
    expect(await resolve('kbounce.shop.test', 'TXT')).toEqual([
      ['v=spf1 include:spf.service.test -all'],
    ]);
  });

  it('reads a chain a resolver sends whole', async () => {
    const resolve = createMailResolver({ servers: [resolverFixture], timeoutMs: 2000, tries: 2 });
    const before = resolverFixture.queries.length;
    expect(await resolve('kbounce.shop.test', 'TXT')).toEqual([
      ['v=spf1 include:spf.service.test -all'],
    ]);
    expect(resolverFixture.queries.length - before).toBe(1);
  });

  it('says ENOTFOUND for NXDOMAIN and ENODATA for a name without that type', async () => {
    const resolve = authoritative();
    expect(await codeOf(resolve('nope.shop.test', 'TXT'))).toBe('ENOTFOUND');
    expect(await codeOf(resolve('shop.test', 'AAAA'))).toBe('ENODATA');
    expect(await codeOf(resolve('kbounce.shop.test', 'MX'))).toBe('ENODATA');
  });

  it('says why it could not ask: timeout, SERVFAIL, no servers, a loop, a bad name', async () => {
    const quiet = await startDnsFixture({ zones: [{ origin: 'quiet.test' }] });
    const failing = await startDnsFixture({ zones: [{ origin: 'failing.test' }] });
    try {
      quiet.setBehaviour('*', 'timeout');
      failing.setBehaviour('*', 'servfail');
      const slow = createMailResolver({ servers: [quiet], timeoutMs: 150, tries: 1 });
      expect(await codeOf(slow('x.quiet.test', 'TXT'))).toBe('ETIMEOUT');
      const broken = createMailResolver({ servers: [failing], timeoutMs: 2000, tries: 1 });
      expect(await codeOf(broken('x.failing.test', 'TXT'))).toBe('ESERVFAIL');
      expect(await codeOf(createMailResolver({ servers: [] })('shop.test', 'TXT'))).toBe(
        'ECONNREFUSED',
      );
      expect(await codeOf(authoritative()('loop1.shop.test', 'TXT'))).toBe('ESERVFAIL');
      expect(await codeOf(authoritative()(`${'a'.repeat(64)}.shop.test`, 'TXT'))).toBe('EBADNAME');
    } finally {
      await Promise.all([quiet.close(), failing.close()]);
    }
  });

  it('asks each question once per resolver (a check repeats itself)', async () => {
    const resolve = authoritative();
    const before = shop.queries.filter((q) => q.name === 'shop.test' && q.type === 'MX').length;
    await Promise.all([resolve('shop.test', 'MX'), resolve('shop.test', 'MX')]);
    await resolve('Shop.Test', 'MX');
    const after = shop.queries.filter((q) => q.name === 'shop.test' && q.type === 'MX').length;
    expect(after - before).toBe(1);
  });

  it("is what mailauth's SPF needs: pass from the included IP, fail from another", async () => {
    // mailauth's declared type leaves out MX answers ({ exchange, priority }), which it reads.
    const resolver = authoritative() as DNSResolver;
    const pass = await spf({
      sender: 'bounce-1@kbounce.shop.test',
      ip: '192.0.2.10',
      helo: 'out.service.test',
      mta: 'test',
      resolver,
    });
    expect(pass.status.result).toBe('pass');
    const fail = await spf({
      sender: 'bounce-1@kbounce.shop.test',
      ip: '203.0.113.9',
      helo: 'out.service.test',
      mta: 'test',
      resolver,
    });
    expect(fail.status.result).toBe('fail');
  });
});
