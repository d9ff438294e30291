import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDomain, checkMailBasics } from '../../../src/dns/index';
import { DomainCheckResult, domainStatus } from '../../../src/shared/dns-check';
import type { RecordCheckResult } from '../../../src/shared/dns-check';
import { startDnsFixture } from '../../fixtures/dns/index';
import { startDnsWorld } from '../../fixtures/dns/kyrios-world';
import type { DnsWorld } from '../../fixtures/dns/kyrios-world';

let world: DnsWorld;
let now = Date.parse('2030-01-01T12:00:00Z');
beforeEach(async () => {
  now = Date.parse('2030-01-01T12:00:00Z');
  world = await startDnsWorld('example.test', () => now);
});
afterEach(async () => {
  await world.close();
});

const byPurpose = (result: DomainCheckResult, purpose: string): RecordCheckResult => {
  const record = result.records.find((r) => r.purpose === purpose);
  if (!record) throw new Error(`no ${purpose} record in the result`);
  return record;
};

describe('checkDomain on a correctly published domain', () => {
  it('passes every record, with the propagation matrix filled in, in the public JSON shape', async () => {
    const result = await checkDomain(world.expected, world.options);
    expect(DomainCheckResult.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
    expect(result.records.map((r) => [r.purpose, r.status, r.codes])).toEqual(
      world.expected.records.map((r) => [r.purpose, 'pass', ['ok']]),
    );
    expect(result.status).toBe('pass');
    expect(result.provider).toBeNull();
    const spf = byPurpose(result, 'spf');
    expect(spf.servers.map((s) => [s.role, s.rcode, s.agrees])).toEqual([
      ['authoritative', 'NOERROR', true],
      ['resolver', 'NOERROR', true],
    ]);
    expect(spf.servers[0]?.host).toBe('ns1.example.test');
    expect(spf.servers[0]?.ttl).toBe(300);
    expect(spf.message).toMatch(/\(1 DNS lookup of 10\)/);
  });

  it('asks the delegated _domainkey subzone its own servers, reached by the referral of its parent', async () => {
    const result = await checkDomain(world.expected, world.options);
    const dkim = byPurpose(result, 'dkim');
    expect(dkim.codes).toEqual(['ok']);
    // The parent zone's server only refers; the truth comes from the subzone's own server.
    expect(dkim.servers.filter((s) => s.role === 'authoritative')).toMatchObject([
      { host: 'ns1.example-test.keyhost.test', server: world.dkim.address, rcode: 'NOERROR' },
    ]);
    const asked = (f: typeof world.auth) =>
      f.queries
        .filter((q) => q.name === 'k1._domainkey.example.test' && q.type === 'TXT')
        .map((q) => q.recursionDesired);
    expect(asked(world.auth)).toEqual([false]);
    expect(asked(world.dkim)).toEqual([false]);
  });

  it('with authoritative servers given, uses them as the truth and follows the referral to the subzone', async () => {
    const { resolvers, nameserverMap, timeoutMs, tries } = world.options;
    const result = await checkDomain(world.expected, {
      authoritative: [world.auth],
      resolvers: resolvers ?? [],
      ...(nameserverMap ? { nameserverMap } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(tries ? { tries } : {}),
    });
    expect(result.status).toBe('pass');
    expect(byPurpose(result, 'dkim').servers[0]?.server).toBe(world.dkim.address);
    expect(byPurpose(result, 'spf').servers[0]?.server).toBe(world.auth.address);
  });

  it('judges an empty non-terminal as missing (NODATA), not as an error', async () => {
    world.auth.setRecords('a.deep.example.test', 'TXT', ['child']);
    const result = await checkDomain(
      {
        domain: 'example.test',
        records: [
          {
            purpose: 'verification',
            type: 'TXT',
            name: 'deep.example.test',
            value: 'token',
            required: true,
          },
        ],
      },
      world.options,
    );
    const record = result.records[0];
    expect(record?.codes).toEqual(['missing']);
    expect(record?.servers[0]?.rcode).toBe('NOERROR');
    expect(record?.message).toMatch(/exists but holds no TXT/);
  });

  it('reports mail basics with no expectations', async () => {
    const result = await checkMailBasics('example.test', world.options);
    expect(result.records.map((r) => [r.purpose, r.type, r.name, r.expected, r.codes])).toEqual([
      ['spf', 'TXT', 'example.test', null, ['ok']],
      ['dmarc', 'TXT', '_dmarc.example.test', null, ['ok']],
      ['mx', 'MX', 'example.test', null, ['ok']],
    ]);
    expect(byPurpose(result, 'mx').message).toContain('mx.kyrios.test (priority 10)');
    world.auth.removeRecords('_dmarc.example.test');
    const without = await checkMailBasics('example.test', world.options);
    expect(byPurpose(without, 'dmarc').codes).toEqual(['missing']);
    expect(byPurpose(without, 'dmarc').fix).toContain('v=DMARC1; p=none');
    expect(without.status).toBe('fail');
  });
});

describe('server failures are lookup_failed, never missing', () => {
  for (const behaviour of ['servfail', 'refused', 'timeout', 'garbage'] as const) {
    it(`${behaviour} from every authoritative server`, async () => {
      world.auth.setBehaviour('_kyrios.example.test', behaviour);
      world.auth.setBehaviour('_kyrios.example.test.example.test', behaviour);
      // Short enough to be quick, long enough for the healthy servers on a loaded machine.
      const result = await checkDomain(world.expected, { ...world.options, timeoutMs: 400 });
      const record = byPurpose(result, 'verification');
      expect(record.codes).toEqual(['lookup_failed']);
      // Could not check: never a failure of the record.
      expect(record.status).toBe('unknown');
      const expected = {
        servfail: 'SERVFAIL',
        refused: 'REFUSED',
        timeout: 'TIMEOUT',
        garbage: 'MALFORMED',
      }[behaviour];
      expect(record.servers.filter((s) => s.role === 'authoritative').map((s) => s.rcode)).toEqual([
        expected,
      ]);
      expect(record.message).toMatch(/not a missing record/);
      expect(result.status).toBe('unknown');
    });
  }

  it('when the zone cannot even be found, every record says so', async () => {
    world.resolver.setBehaviour('*', 'servfail');
    const result = await checkDomain(world.expected, world.options);
    expect(
      result.records.every((r) => r.codes.length === 1 && r.codes[0] === 'lookup_failed'),
    ).toBe(true);
    expect(result.records[0]?.message).toBe(
      `Could not find the authoritative servers for _kyrios.example.test: no server answered the SOA query for example.test; ${world.resolver.address} answered SERVFAIL (server failure). The resolvers answer, but cannot get an answer from the zone's own servers: they are down, refuse the zone, or its DNSSEC is broken. This says nothing about whether the record exists.`,
    );
  });

  it('names a silent server in a sentence, never a bracketed rcode', async () => {
    world.auth.setBehaviour('_kyrios.example.test', 'timeout');
    const result = await checkDomain(world.expected, { ...world.options, timeoutMs: 400 });
    const message = byPurpose(result, 'verification').message;
    expect(message).toContain(`: ns1.example.test at ${world.auth.address} timed out.`);
    expect(message).not.toMatch(/\(\(|\)\)|\) TIMEOUT/);
  });

  it('one failing server of two is not a failure when the other answers', async () => {
    const second = await startDnsFixture({
      zones: [{ origin: 'example.test' }],
      nameserverNames: ['ns2.example.test'],
    });
    try {
      second.setBehaviour('*', 'servfail');
      const map = { ...world.options.nameserverMap, 'ns2.example.test': second.address };
      const result = await checkDomain(world.expected, { ...world.options, nameserverMap: map });
      const record = byPurpose(result, 'verification');
      expect(record.codes).toEqual(['ok']);
      expect(
        record.servers.filter((s) => s.role === 'authoritative').map((s) => [s.rcode, s.agrees]),
      ).toEqual([
        ['NOERROR', true],
        ['SERVFAIL', null],
      ]);
    } finally {
      await second.close();
    }
  });
});

describe('an unreachable resolver', () => {
  it('does not hold discovery and SPF lookups for its timeouts; its cells say TIMEOUT', async () => {
    const dead = await startDnsFixture({ zones: [] });
    try {
      dead.setBehaviour('*', 'timeout');
      const timeoutMs = 600;
      const started = performance.now();
      const result = await checkDomain(world.expected, {
        ...world.options,
        resolvers: [dead, world.resolver],
        timeoutMs,
      });
      const elapsed = performance.now() - started;
      expect(result.status).toBe('pass');
      expect(
        byPurpose(result, 'spf')
          .servers.filter((s) => s.role === 'resolver')
          .map((s) => s.rcode),
      ).toEqual(['TIMEOUT', 'NOERROR']);
      // Waiting on it at each step (SOA, NS, SPF include, matrix) would take 4 × 600 ms.
      expect(elapsed).toBeLessThan(3 * timeoutMs);
    } finally {
      await dead.close();
    }
  });
});

describe('propagation', () => {
  const fixed = () => new Date(now);

  it('a resolver holding the old value: not_propagated with the TTL left and when all agree', async () => {
    world.resolver.cache.set('_kyrios.example.test', 'TXT', ['kyrios-verification=old'], 250);
    now += 10_000;
    const result = await checkDomain(world.expected, { ...world.options, now: fixed });
    const record = byPurpose(result, 'verification');
    expect(record.codes).toEqual(['not_propagated']);
    expect(record.status).toBe('warn');
    const resolver = record.servers.find((s) => s.role === 'resolver');
    expect(resolver).toMatchObject({
      answers: ['kyrios-verification=old'],
      ttl: 240,
      agrees: false,
    });
    expect(record.agreeBy).toBe(new Date(now + 240_000).toISOString());
    expect(record.message).toMatch(/for up to 240 s more/);
    expect(record.fix).toMatch(/Nothing to change in DNS: wait until 2030-01-01 12:04:10 UTC/);
    expect(result.status).toBe('warn');
  });

  it('a resolver that cached "does not exist": not_propagated with the negative-caching TTL', async () => {
    world.auth.removeRecords('_kyrios.example.test');
    const before = await checkDomain(world.expected, { ...world.options, now: fixed });
    expect(byPurpose(before, 'verification').codes).toEqual(['missing']);
    world.auth.setRecords('_kyrios.example.test', 'TXT', [world.expected.records[0]?.value ?? '']);
    now += 15_000;
    const after = await checkDomain(world.expected, { ...world.options, now: fixed });
    const record = byPurpose(after, 'verification');
    expect(record.codes).toEqual(['not_propagated']);
    expect(record.servers.find((s) => s.role === 'resolver')).toMatchObject({
      rcode: 'NXDOMAIN',
      ttl: 45,
      agrees: false,
    });
    expect(record.agreeBy).toBe(new Date(now + 45_000).toISOString());
    expect(record.message).toMatch(/"name does not exist" cached for up to 45 s more/);
    now += 45_000;
    const later = await checkDomain(world.expected, { ...world.options, now: fixed });
    expect(byPurpose(later, 'verification').codes).toEqual(['ok']);
  });

  it('an unreachable resolver leaves the record passing and says propagation is unknown', async () => {
    world.resolver.setBehaviour('_kyrios.example.test', 'servfail');
    const result = await checkDomain(world.expected, world.options);
    const record = byPurpose(result, 'verification');
    expect(record.codes).toEqual(['ok']);
    expect(record.message).toMatch(/propagation could not be checked/);
  });
});

describe('domain status rule', () => {
  it('fail if a required record fails; warn if one warns or an optional one fails; else pass', () => {
    expect(domainStatus([{ status: 'pass', required: true }])).toBe('pass');
    expect(
      domainStatus([
        { status: 'pass', required: true },
        { status: 'fail', required: false },
      ]),
    ).toBe('warn');
    expect(domainStatus([{ status: 'warn', required: true }])).toBe('warn');
    expect(
      domainStatus([
        { status: 'warn', required: false },
        { status: 'fail', required: true },
      ]),
    ).toBe('fail');
  });

  it('could not check: unknown when a required record could not be checked and none fails', () => {
    expect(
      domainStatus([
        { status: 'pass', required: true },
        { status: 'unknown', required: true },
      ]),
    ).toBe('unknown');
    expect(
      domainStatus([
        { status: 'unknown', required: true },
        { status: 'fail', required: true },
      ]),
    ).toBe('fail');
    expect(
      domainStatus([
        { status: 'pass', required: true },
        { status: 'unknown', required: false },
      ]),
    ).toBe('warn');
  });

  it('applies to a real check: a failing optional record warns the domain', async () => {
    world.auth.removeRecords('ktrack.example.test');
    const result = await checkDomain(world.expected, world.options);
    // An optional record that is missing is a warning, of the record and of the domain.
    expect(byPurpose(result, 'tracking').status).toBe('warn');
    expect(byPurpose(result, 'tracking').codes).toEqual(['missing']);
    expect(result.status).toBe('warn');
  });
});
