import type { RecordType } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain, checkMailBasics, DnsClient } from '../../../src/dns/index';
import type {
  CheckOptions,
  QueryOptions,
  QueryResult,
  ServerAddress,
} from '../../../src/dns/index';
import { runCli } from '../../../src/main/cli/check-command';
import { DNS_CHECK_CODES } from '../../../src/shared/dns-check';
import type {
  DnsCheckCode,
  DomainCheckResult,
  RecordCheckResult,
} from '../../../src/shared/dns-check';
import { opendkimTestkey, pyspf } from './referees';
import { startWorld } from './world';
import type { World } from './world';
import { correct } from './zones';

/**
 * The DNS engine against servers the project did not write: BIND 9 (authoritative, DNSSEC-signed
 * and deliberately bogus zones), NSD (a delegated subzone, a lagging second server), Unbound (a
 * validating, caching resolver), on loopback addresses of the test's own; pyspf and
 * opendkim-testkey as the referees for SPF and DKIM. See world.ts and cases.ts.
 */

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const seen = new Set<DnsCheckCode>();

/** A client that keeps what it asked and when each answer came. */
class Recording extends DnsClient {
  readonly log: {
    name: string;
    type: string;
    server: string;
    start: number;
    end: number;
    result?: QueryResult;
  }[] = [];
  override query(
    server: ServerAddress,
    name: string,
    type: RecordType,
    opts: QueryOptions,
  ): Promise<QueryResult> {
    const entry = {
      name,
      type,
      server: server.host,
      start: performance.now(),
      end: Infinity,
    } as Recording['log'][number];
    this.log.push(entry);
    return super.query(server, name, type, opts).then((result) => {
      entry.end = performance.now();
      entry.result = result;
      return result;
    });
  }
}

const options = (extra: Partial<CheckOptions> = {}): CheckOptions => ({
  resolvers: [world.resolver],
  timeoutMs: 1000,
  ...extra,
});

async function check(
  domain: string,
  extra: Partial<CheckOptions> = {},
): Promise<DomainCheckResult> {
  const c = world.cases.get(domain);
  if (!c) throw new Error(`no case ${domain}`);
  const result = await checkDomain(c.expected, options(extra));
  for (const r of result.records) for (const code of r.codes) seen.add(code);
  return result;
}

function record(result: DomainCheckResult, purpose: string): RecordCheckResult {
  const found = result.records.find((r) => r.purpose === purpose);
  if (!found) throw new Error(`no ${purpose} in ${result.domain}`);
  return found;
}

const KYRIOS_IP = '192.0.2.10';

describe('a domain published right', () => {
  it('passes, reading its DKIM key from NSD through the parent zone’s referral', async () => {
    const client = new Recording();
    const result = await check('ok.test', { client });
    expect(result.records.map((r) => [r.purpose, r.codes])).toEqual(
      result.records.map((r) => [r.purpose, ['ok']]),
    );
    expect(result.dnssec?.state).toBe('unsigned');
    const dkim = record(result, 'dkim');
    expect(dkim.servers.filter((s) => s.role === 'authoritative')).toMatchObject([
      { host: 'ns.keyhost.test', server: `${world.addresses.nsd}:53`, rcode: 'NOERROR' },
    ]);
    // The referees agree.
    const [spf] = await pyspf(world.resolver.host, [{ ip: KYRIOS_IP, domain: 'ok.test' }]);
    expect(spf?.result).toBe('pass');
    const key = await opendkimTestkey(
      world.lab.dir,
      world.resolver.host,
      'ok.test',
      'k1',
      world.dkim.privateKeyFile,
    );
    expect([key.code, key.output]).toEqual([0, expect.stringContaining('key OK')]);
  });

  it('asks its zone and the first records at once, and NS addresses A and AAAA together', async () => {
    const client = new Recording();
    await check('ok.test', { client });
    const first = (name: string, type: string) =>
      client.log.find((q) => q.name === name && q.type === type);
    const soa = first('ok.test', 'SOA');
    const resolverTxt = client.log.find(
      (q) => q.name === '_kyrios.ok.test' && q.server === world.resolver.host,
    );
    expect(resolverTxt && soa && resolverTxt.start < soa.end).toBe(true);
    // ns1.ok.test comes with glue; NSD's host, named in the referral for _domainkey, does not.
    const a = first('ns.keyhost.test', 'A');
    const aaaa = first('ns.keyhost.test', 'AAAA');
    expect(a && aaaa && aaaa.start < a.end && a.start < aaaa.end).toBe(true);
  });

  it('a TXT set too big for UDP is truncated by BIND and read over TCP', async () => {
    const client = new Recording();
    const result = await check('big.test', { client });
    expect(record(result, 'spf').codes).toEqual(['ok']);
    const apexTxt = client.log.filter(
      (q) => q.name === 'big.test' && q.type === 'TXT' && q.server === world.addresses.bind,
    );
    expect(apexTxt.map((q) => [q.result?.rcode, q.result?.transport])).toEqual([
      ['NOERROR', 'tcp'],
    ]);
  });
});

describe('DNSSEC', () => {
  it('a signed zone is reported signed, an unsigned one unsigned, both as today', async () => {
    const secure = await check('secure.test');
    expect([secure.status, secure.dnssec?.state]).toEqual(['pass', 'signed']);
    // Unbound validates it: an answer with the AD flag.
    const ad = await new DnsClient().query(world.resolver, 'secure.test', 'SOA', {
      recursion: true,
      dnssecOk: true,
    });
    expect([ad.rcode, ad.authenticated]).toEqual(['NOERROR', true]);
  });

  it.each([
    [
      'dsmismatch.test',
      /matches none of the zone's DNSKEYs/,
      /replace the DS record of dsmismatch\.test .*IN DS \d+ 13 2 [0-9A-F]{64}/,
    ],
    ['expired.test', /signatures of expired\.test expired \(on 2020-02-01/, /^Re-sign the zone/],
    [
      'nokey.test',
      /nokey\.test publishes no DNSKEY/,
      /^Remove the DS record of nokey\.test at your registrar/,
    ],
  ])('%s: dnssec_bogus, with why and the fix', async (domain, why, fix) => {
    const result = await check(domain);
    expect(result.records.every((r) => r.codes.includes('dnssec_bogus'))).toBe(true);
    expect(result.status).toBe('fail');
    expect(result.dnssec?.state).toBe('bogus');
    expect(result.dnssec?.message).toMatch(why);
    expect(result.dnssec?.fix).toMatch(fix);
    const txt = record(result, 'verification');
    expect(txt.servers.map((s) => [s.role, s.rcode])).toEqual([
      ['authoritative', 'NOERROR'],
      ['resolver', 'SERVFAIL'],
    ]);
    expect(txt.message).toMatch(why);
  });
});

describe('what receivers see, with pyspf and opendkim-testkey as referees', () => {
  it('SPF: a nested Kyrios include passes, a broken include fails; pyspf agrees on each', async () => {
    const cases: [string, string, DnsCheckCode[], string][] = [
      ['nested.test', KYRIOS_IP, ['ok'], 'pass'],
      ['broken.test', KYRIOS_IP, ['spf_include_broken'], 'permerror'],
      ['faulty1.test', KYRIOS_IP, ['spf_multiple'], 'permerror'],
      ['faulty4.test', KYRIOS_IP, ['spf_include_missing'], 'fail'],
      // Past the Kyrios include, other senders reach the lookup limit: an error for them.
      ['faulty3.test', '198.51.100.7', ['spf_too_many_lookups'], 'permerror'],
    ];
    const referee = await pyspf(
      world.resolver.host,
      cases.map(([domain, ip]) => ({ ip, domain })),
    );
    for (const [i, [domain, , codes, verdict]] of cases.entries()) {
      const spf = record(await check(domain), 'spf');
      expect([domain, spf.codes, referee[i]?.result]).toEqual([domain, codes, verdict]);
    }
    expect(record(await check('broken.test'), 'spf').fix).toContain(
      ': v=spf1 include:spf.kyrios.test -all.',
    );
  });

  it('DKIM published as a CNAME to the right key passes; opendkim-testkey finds the key', async () => {
    const dkim = record(await check('cname.test'), 'dkim');
    expect([dkim.codes, dkim.status]).toEqual([['cname_followed'], 'pass']);
    expect(dkim.message).toContain('is a CNAME to k1.dkim.kyrios.test');
    const key = await opendkimTestkey(
      world.lab.dir,
      world.resolver.host,
      'cname.test',
      'k1',
      world.dkim.privateKeyFile,
    );
    expect([key.code, key.output]).toEqual([0, expect.stringContaining('key OK')]);
  });

  it('a _domainkey delegated to a nameserver with no address is lookup_failed naming it, not missing', async () => {
    const dkim = record(await check('unreach.test'), 'dkim');
    expect([dkim.codes, dkim.status]).toEqual([['lookup_failed'], 'unknown']);
    expect(dkim.message).toContain('_domainkey.unreach.test is delegated to ns.nowhere.test');
    const key = await opendkimTestkey(
      world.lab.dir,
      world.resolver.host,
      'unreach.test',
      'k1',
      world.dkim.privateKeyFile,
    );
    expect(key.code).not.toBe(0);
    expect(key.output).not.toContain('record not found');
  });

  it('a wildcard is not in the way of an expected CNAME: adding it is enough', async () => {
    const tracking = record(await check('wild.test'), 'tracking');
    expect(tracking.codes).toEqual(['missing']);
    expect(tracking.fix).toMatch(
      /^Add a CNAME record at ktrack\.wild\.test, value: track\.kyrios\.test\./,
    );
    expect(tracking.fix).not.toMatch(/Delete/);
  });

  it('the DMARC tree walk: a subdomain gets sp=, a missing name np=, and the CLI exits 0', async () => {
    const news = await checkMailBasics('news.walk.test', options());
    const dmarc = record(news, 'dmarc');
    for (const code of dmarc.codes) seen.add(code);
    expect([news.status, dmarc.codes, dmarc.dmarc?.policy, dmarc.dmarc?.policyTag]).toEqual([
      'pass',
      ['dmarc_inherited'],
      'reject',
      'sp',
    ]);
    const ghost = record(await checkMailBasics('ghost.walk.test', options()), 'dmarc');
    expect([ghost.dmarc?.policy, ghost.dmarc?.policyTag]).toEqual(['quarantine', 'np']);
    const out: string[] = [];
    const code = await runCli(
      ['check', 'News.Walk.TEST', '--resolver', `${world.resolver.host}:53`],
      {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        color: false,
      },
    );
    expect([code, out.join('')]).toEqual([0, expect.stringMatching(/^news\.walk\.test {2}✓ PASS/)]);
  });
});

describe('servers that fail', () => {
  it('one silent nameserver of two: one try for it, and the verdict', async () => {
    const before = world.silentLog.length;
    const result = await check('halfdead.test', { timeoutMs: 300, tries: 2 });
    expect(result.status).toBe('pass');
    const asked = world.silentLog
      .slice(before)
      .filter((q) => q.name === '_kyrios.halfdead.test' && q.from !== world.resolver.host);
    expect(asked).toHaveLength(1);
    const cells = record(result, 'verification').servers.filter((s) => s.role === 'authoritative');
    expect(cells.map((s) => [s.host, s.rcode]).sort()).toEqual([
      ['ns1.halfdead.test', 'NOERROR'],
      ['ns2.halfdead.test', 'TIMEOUT'],
    ]);
    expect(record(result, 'verification').message).toContain(
      `One of the zone's servers gave no answer: ns2.halfdead.test at ${world.addresses.silent}:53 timed out`,
    );
  });

  it('every nameserver dead: found through the parent, named in the message and the fix', async () => {
    const result = await check('dead.test', { timeoutMs: 300, tries: 2 });
    const txt = record(result, 'verification');
    expect([txt.codes, txt.status, result.status]).toEqual([
      ['lookup_failed'],
      'unknown',
      'unknown',
    ]);
    const { silent, refused } = world.addresses;
    expect(txt.message).toContain(
      `ns1.dead.test at ${silent}:53 timed out, ns2.dead.test at ${refused}:53 is unreachable (connection refused: nothing listens there)`,
    );
    expect(txt.fix).toMatch(
      /^Check that ns1\.dead\.test and ns2\.dead\.test, the nameservers of dead\.test/,
    );
  });

  it('a server that refuses the zone, and a lame one answering with a referral, are named', async () => {
    const refused = record(await check('lame.test'), 'verification');
    expect(refused.codes).toEqual(['lookup_failed']);
    expect(refused.message).toContain(
      `ns1.lame.test at ${world.addresses.nsd}:53 refused the query (REFUSED: it does not serve this zone)`,
    );
    const lame = record(await check('lame2.test'), 'verification');
    expect(lame.codes).toEqual(['lookup_failed']);
    expect(lame.message).toContain(
      'answered without authority (it does not serve this zone: a lame delegation)',
    );
  });
});

describe('a caching resolver', () => {
  it('serving the old value: not_propagated, with the TTL it has left', async () => {
    const before = record(await check('cache.test'), 'verification');
    expect(before.codes).toEqual(['value_mismatch']);
    const c = world.cases.get('cache.test');
    await world.republish('cache.test', correct(c?.expected ?? { domain: '', records: [] }), 2);
    const started = Date.now();
    const after = record(await check('cache.test'), 'verification');
    expect(after.codes).toEqual(['not_propagated']);
    const left = Number(/for up to (\d+) s more/.exec(after.message)?.[1]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(300);
    const agreeBy = Date.parse(after.agreeBy ?? '');
    expect(agreeBy).toBeGreaterThan(started);
    expect(agreeBy).toBeLessThanOrEqual(started + 301_000);
  });
});

describe('catalogue', () => {
  it('every diagnostic code comes out of a check on real servers', async () => {
    for (const domain of [
      'faulty1.test',
      'faulty2.test',
      'faulty3.test',
      'proxied.test',
      'disagree.test',
    ]) {
      await check(domain);
    }
    expect([...seen].sort()).toEqual([...DNS_CHECK_CODES].sort());
  });
});
