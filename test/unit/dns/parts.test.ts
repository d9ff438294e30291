import { describe, expect, it } from 'vitest';
import {
  countLookups,
  hostFieldValue,
  mergeSpf,
  parseHostPort,
  parseResolvConf,
  parseServerAddress,
  recognizeProvider,
  ServerAddressError,
} from '../../../src/dns/index';
import { publishFix, type CheckContext } from '../../../src/dns/checks/common';
import { formatServer } from '../../../src/dns/server-address';
import { propagation } from '../../../src/dns/propagation';

describe('SPF merge and lookup count', () => {
  it('keeps mechanisms once, adds the include, puts the strictest all last: -all stays -all', () => {
    expect(
      mergeSpf(['v=spf1 mx include:a.test -all', 'v=spf1 +mx ip4:192.0.2.1 ~all'], ['k.test']),
    ).toBe('v=spf1 mx include:a.test ip4:192.0.2.1 include:k.test -all');
    expect(mergeSpf(['v=spf1 include:k.test +all exp=explain.test'], ['k.test'])).toBe(
      'v=spf1 include:k.test ~all exp=explain.test',
    );
    expect(
      mergeSpf(['v=spf1 include:gone.test include:a.test -all'], [], { remove: ['gone.test'] }),
    ).toBe('v=spf1 include:a.test -all');
  });

  it('never weakens a redirect: an include with its target’s own all, or the redirect kept', () => {
    // The target's all is known: the redirect becomes an include followed by that all.
    const alls = new Map([['_spf.host.test', '-' as const]]);
    expect(mergeSpf(['v=spf1 redirect=_spf.host.test'], ['k.test'], { alls })).toBe(
      'v=spf1 include:k.test include:_spf.host.test -all',
    );
    // Unknown: the redirect stays, so whatever its target ends with still applies.
    expect(mergeSpf(['v=spf1 redirect=_spf.host.test'], ['k.test'])).toBe(
      'v=spf1 include:k.test redirect=_spf.host.test',
    );
    // A redirect in a record with all is ignored by receivers, and left out.
    expect(mergeSpf(['v=spf1 mx -all redirect=_spf.host.test'], ['k.test'])).toBe(
      'v=spf1 mx include:k.test -all',
    );
  });

  it('counts include/a/mx/ptr/exists/redirect through includes, and survives loops and macros', async () => {
    const zones: Record<string, string[]> = {
      'a.test': ['v=spf1 include:b.test mx ~all'],
      'b.test': ['v=spf1 include:a.test a ~all'],
    };
    const ctx = {
      domain: 'x.test',
      zoneApex: 'x.test',
      provider: null,
      lookupTxt: (name: string) =>
        Promise.resolve(
          zones[name]
            ? { kind: 'answer' as const, rcode: 'NOERROR' as const, txt: zones[name] }
            : { kind: 'error' as const, reason: 'no answer' },
        ),
    };
    const result = await countLookups(
      'v=spf1 include:a.test exists:%{i}.spf.test ip4:192.0.2.0/24 redirect=gone.test',
      ctx,
    );
    // include:a (1) → include:b (1) + mx (1) → include:a again (1, loop stops) + a (1); exists 1; redirect 1.
    expect(result.count).toBe(7);
    expect(result.costs).toEqual([
      { term: 'include:a.test', cost: 5 },
      { term: 'exists:%{i}.spf.test', cost: 1 },
      { term: 'redirect=gone.test', cost: 1 },
    ]);
    expect(result.unresolved).toEqual(['gone.test']);
  });
});

describe('providers', () => {
  it.each([
    ['ada.ns.cloudflare.com', 'cloudflare', 'relative_or_full'],
    ['ns41.domaincontrol.com', 'godaddy', 'relative'],
    ['ns-1234.awsdns-12.org', 'route53', 'relative'],
    ['ns-cloud-a1.googledomains.com', 'google_cloud_dns', 'relative'],
    ['dns1.registrar-servers.com', 'namecheap', 'relative'],
    ['dns12.ovh.net', 'ovh', 'relative'],
    ['ns1.digitalocean.com', 'digitalocean', 'relative'],
    ['ns1-07.azure-dns.com', 'azure', 'relative'],
  ])('%s is %s', (ns, id, hostField) => {
    const p = recognizeProvider([`${ns}.`, 'other.example.test']);
    expect([p?.id, p?.hostField]).toEqual([id, hostField]);
  });

  it('is null for unknown hosts, and tells the host field value', () => {
    expect(recognizeProvider(['ns1.example.test'])).toBeNull();
    expect(hostFieldValue('_dmarc.example.com', 'example.com')).toBe('_dmarc');
    expect(hostFieldValue('example.com', 'example.com')).toBe('@');
    expect(hostFieldValue('k1._domainkey.mail.example.com.', 'example.com')).toBe(
      'k1._domainkey.mail',
    );
  });

  it("says what to type in the recognised provider's host field, empty for the domain itself where it wants that", () => {
    const ctx = (ns: string): CheckContext => ({
      domain: 'example.com',
      zoneApex: 'example.com',
      provider: recognizeProvider([ns]),
      lookupTxt: () => Promise.resolve({ kind: 'error' as const, reason: 'not asked' }),
    });
    const route53 = ctx('ns-1234.awsdns-12.org');
    const apex = publishFix('TXT', 'example.com', 'v=spf1 -all', route53);
    expect(apex).toContain('value: "v=spf1 -all"');
    expect(apex).toContain(
      'In Amazon Route 53, leave the host/name field empty for example.com itself',
    );
    expect(apex).not.toMatch(/type @/);
    expect(publishFix('TXT', '_dmarc.example.com', 'v=DMARC1; p=none', route53)).toContain(
      'In Amazon Route 53, type _dmarc in the host/name field',
    );
    for (const ns of [
      'ns-cloud-a1.googledomains.com',
      'dns10.ovh.net',
      'curitiba.ns.porkbun.com',
    ]) {
      expect(publishFix('MX', 'example.com', 'mx.kyrios.test', ctx(ns), 10)).toMatch(
        /leave the host\/name field empty/,
      );
    }
    expect(
      publishFix('TXT', 'example.com', 'v=spf1 -all', ctx('dns1.registrar-servers.com')),
    ).toContain('In Namecheap, type @ in the host/name field');
  });
});

describe('addresses and resolvers', () => {
  it('parses HOST[:PORT] with IPv4, names, bracketed and bare IPv6', () => {
    expect(parseHostPort('192.0.2.1')).toEqual({ host: '192.0.2.1', port: 53 });
    expect(parseHostPort('192.0.2.1:5353')).toEqual({ host: '192.0.2.1', port: 5353 });
    expect(parseHostPort('ns1.example.test:54')).toEqual({ host: 'ns1.example.test', port: 54 });
    expect(parseHostPort('[2001:db8::1]:5300')).toEqual({ host: '2001:db8::1', port: 5300 });
    expect(parseHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1', port: 53 });
    expect(() => parseHostPort('192.0.2.1:99999')).toThrow(ServerAddressError);
    expect(() => parseHostPort('192.0.2.1:')).toThrow(/port/);
    expect(() => parseServerAddress('ns1.example.test')).toThrow(/IP address/);
    expect(formatServer({ host: '2001:db8::1', port: 53 })).toBe('[2001:db8::1]:53');
  });

  it('reads nameserver lines of resolv.conf', () => {
    const text =
      '# comment\nsearch example.test\nnameserver 127.0.0.53\nnameserver 2001:db8::53\nnameserver bogus\noptions edns0\n';
    expect(parseResolvConf(text).map((s) => s.host)).toEqual(['127.0.0.53', '2001:db8::53']);
  });
});

describe('propagation estimate', () => {
  const cell = (over: object) => ({
    server: '192.0.2.1:53',
    host: null,
    role: 'resolver' as const,
    rcode: 'NOERROR',
    answers: ['old'],
    ttl: 100,
    ms: 1,
    agrees: false,
    ...over,
  });
  it('takes the longest TTL left among the lagging resolvers', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const spread = propagation([cell({}), cell({ ttl: 300 }), cell({ agrees: true })], 60, now);
    expect(spread.kind === 'lagging' ? spread.agreeBy : null).toBe('2030-01-01T00:05:00.000Z');
  });
  it('falls back to the zone negative TTL for a cached negative answer without SOA', () => {
    const spread = propagation(
      [cell({ answers: [], rcode: 'NXDOMAIN', ttl: null })],
      90,
      new Date(0),
    );
    expect(spread.kind === 'lagging' ? spread.agreeBy : null).toBe(new Date(90_000).toISOString());
  });
});

describe('DKIM expectations', () => {
  it('accept a bare key as the expected value, and publish a whole record for it', async () => {
    const { checkDkim } = await import('../../../src/dns/checks/dkim');
    const ctx = {
      domain: 'x.test',
      zoneApex: 'x.test',
      provider: null,
      lookupTxt: () => Promise.resolve({ kind: 'error' as const, reason: 'not asked' }),
    };
    const exp = {
      purpose: 'dkim',
      type: 'TXT' as const,
      name: 's._domainkey.x.test',
      expected: 'QUJD REVG',
    };
    const obs = (values: string[]) => ({
      rcode: 'NOERROR' as const,
      rrs: values.map((value) => ({ type: 'TXT', value, ttl: 60 })),
      negativeTtl: null,
    });
    expect(checkDkim(obs(['v=DKIM1; p=QUJDREVG']), exp, ctx).codes).toEqual(['ok']);
    expect(checkDkim(obs([]), exp, ctx).fix).toContain('value: v=DKIM1; k=rsa; p=QUJDREVG.');
  });
});

describe('default resolvers', () => {
  it('are the system ones followed by the public list, each address once', async () => {
    const { defaultResolvers, systemResolvers } = await import('../../../src/dns/index');
    const system = await systemResolvers();
    const list = await defaultResolvers([
      { host: '192.0.2.53', port: 53, label: 'mine' },
      ...system.slice(0, 1),
    ]);
    expect(list.slice(0, system.length)).toEqual(system);
    expect(list.filter((s) => s.host === '192.0.2.53')).toHaveLength(1);
    expect(list).toHaveLength(system.length + 1);
  });
});
