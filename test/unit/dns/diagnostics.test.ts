import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkDomain } from '../../../src/dns/index';
import { CODE_STATUS, DNS_CHECK_CODES } from '../../../src/shared/dns-check';
import type {
  DnsCheckCode,
  DomainCheckResult,
  RecordCheckResult,
} from '../../../src/shared/dns-check';
import type { ExpectedRecords } from '../../../src/shared/records';
import { startDnsFixture } from '../../fixtures/dns/index';
import { DKIM_KEY, startDnsWorld } from '../../fixtures/dns/kyrios-world';
import type { DnsWorld } from '../../fixtures/dns/kyrios-world';

/** Every code of the catalogue, each produced by a real zone on the loopback fixture. */

let world: DnsWorld;
const seen = new Set<DnsCheckCode>();
beforeEach(async () => {
  world = await startDnsWorld('example.test');
});
afterEach(async () => {
  await world.close();
});

async function check(expected: ExpectedRecords = world.expected): Promise<DomainCheckResult> {
  const result = await checkDomain(expected, world.options);
  for (const r of result.records) for (const c of r.codes) seen.add(c);
  return result;
}

async function record(purpose: string): Promise<RecordCheckResult> {
  const result = await check();
  const found = result.records.find((r) => r.purpose === purpose);
  if (!found) throw new Error(`no ${purpose}`);
  return found;
}

const D = 'example.test';

describe('TXT records', () => {
  it('ok', async () => {
    expect((await record('verification')).codes).toEqual(['ok']);
  });

  it('missing: NXDOMAIN on the authoritative servers, with the exact record to add', async () => {
    world.auth.removeRecords(`_kyrios.${D}`);
    const r = await record('verification');
    expect([r.codes, r.status, r.servers[0]?.rcode]).toEqual([['missing'], 'fail', 'NXDOMAIN']);
    expect(r.fix).toContain(`Add a TXT record at _kyrios.${D}, value: kyrios-verification=`);
    expect(r.fix).toMatch(/[Tt]ype _kyrios in your DNS host's name field/);
  });

  it('value_mismatch shows expected and found', async () => {
    world.auth.setRecords(`_kyrios.${D}`, 'TXT', ['kyrios-verification=wrong']);
    const r = await record('verification');
    expect(r.codes).toEqual(['value_mismatch']);
    expect(r.found).toEqual(['kyrios-verification=wrong']);
    expect(r.message).toMatch(
      /Expected "kyrios-verification=12abc", found "kyrios-verification=wrong"/,
    );
  });

  it('doubled_name: the provider appended the domain; the fix says what to type', async () => {
    world.auth.removeRecords(`_dmarc.${D}`);
    world.auth.setRecords(`_dmarc.${D}.${D}`, 'TXT', [
      'v=DMARC1; p=quarantine; rua=mailto:dmarc@kyrios.test',
    ]);
    const r = await record('dmarc');
    expect(r.codes).toEqual(['doubled_name']);
    expect(r.message).toContain(`published at _dmarc.${D}.${D}`);
    expect(r.fix).toContain(`Delete the TXT record at _dmarc.${D}.${D}`);
    expect(r.fix).toMatch(/[Tt]ype _dmarc in your DNS host's name field/);
    expect(r.found).toEqual(['v=DMARC1; p=quarantine; rua=mailto:dmarc@kyrios.test']);
  });

  it('quoted_value: literal quote characters around the value', async () => {
    world.auth.setRecords(`_kyrios.${D}`, 'TXT', ['"kyrios-verification=12abc"']);
    const r = await record('verification');
    expect(r.codes).toEqual(['quoted_value']);
    expect(r.fix).toContain('remove the quote characters');
  });

  it('cname_conflict: a CNAME where a TXT is expected', async () => {
    world.auth.removeRecords(`_kyrios.${D}`);
    world.auth.setRecords(`_kyrios.${D}`, 'CNAME', ['verify.elsewhere.test']);
    const r = await record('verification');
    expect(r.codes).toEqual(['cname_conflict']);
    expect(r.found).toEqual(['CNAME verify.elsewhere.test']);
    expect(r.fix).toContain(`Delete the CNAME at _kyrios.${D}`);
  });
});

describe('CNAME records', () => {
  it('value_mismatch, and the appended-domain target variant', async () => {
    world.auth.setRecords(`kbounce.${D}`, 'CNAME', ['bounce.other.test']);
    expect((await record('return_path')).codes).toEqual(['value_mismatch']);
    world.auth.setRecords(`kbounce.${D}`, 'CNAME', [`bounce.kyrios.test.${D}`]);
    const r = await record('return_path');
    expect(r.codes).toEqual(['value_mismatch']);
    expect(r.message).toMatch(/appended your domain to the target/);
  });

  it('compares targets case-insensitively, ignoring the trailing dot', async () => {
    world.auth.setRecords(`kbounce.${D}`, 'CNAME', ['Bounce.KYRIOS.test.']);
    expect((await record('return_path')).codes).toEqual(['ok']);
  });

  it('cname_conflict: the CNAME name holds other data', async () => {
    world.auth.removeRecords(`kbounce.${D}`);
    world.auth.setRecords(`kbounce.${D}`, 'TXT', ['something']);
    const r = await record('return_path');
    expect(r.codes).toEqual(['cname_conflict']);
    expect(r.found).toEqual(['TXT something']);
  });

  it('cname_proxied: a proxied CNAME at Cloudflare answers with addresses', async () => {
    const cf = await startDnsFixture({
      zones: [
        {
          origin: D,
          nameservers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
          records: [{ name: `kbounce.${D}`, type: 'A', value: '104.16.0.1' }],
        },
      ],
    });
    try {
      const map = { 'ada.ns.cloudflare.com': cf.address, 'bob.ns.cloudflare.com': cf.address };
      const resolver = await startDnsFixture({ resolverFor: [cf] });
      try {
        const only = {
          domain: D,
          records: world.expected.records.filter((r) => r.purpose === 'return_path'),
        };
        const result = await checkDomain(only, {
          ...world.options,
          resolvers: [resolver],
          nameserverMap: map,
        });
        for (const c of result.records[0]?.codes ?? []) seen.add(c);
        expect(result.provider?.id).toBe('cloudflare');
        expect(result.records[0]?.codes).toEqual(['cname_conflict', 'cname_proxied']);
        expect(result.records[0]?.fix).toMatch(/DNS only/);
      } finally {
        await resolver.close();
      }
    } finally {
      await cf.close();
    }
  });
});

describe('SPF', () => {
  const spfAt = (value: string[]) => world.auth.setRecords(D, 'TXT', value);

  it('spf_multiple: the fix is the merged record with its lookup count and length', async () => {
    spfAt(['v=spf1 include:spf.kyrios.test ~all', 'v=spf1 include:mail.other.test -all']);
    const r = await record('spf');
    expect(r.codes).toEqual(['spf_multiple']);
    const merged = 'v=spf1 include:spf.kyrios.test include:mail.other.test -all';
    expect(r.fix).toContain(`(2 DNS lookups of 10, ${merged.length} characters): ${merged}.`);
  });

  it('spf_include_missing: the existing record with the Kyrios include added, all last', async () => {
    world.kyrios.setRecords('partner.kyrios.test', 'TXT', ['v=spf1 ip4:203.0.113.0/24 -all']);
    spfAt(['v=spf1 ip4:203.0.113.5 include:partner.kyrios.test -all']);
    const r = await record('spf');
    expect(r.codes).toEqual(['spf_include_missing']);
    // -all stays -all: the fix never weakens what is published.
    expect(r.fix).toContain(
      'v=spf1 ip4:203.0.113.5 include:partner.kyrios.test include:spf.kyrios.test -all',
    );
    expect(r.fix).toMatch(/Do not add a second SPF record/);
  });

  it('spf_include_broken: an include with no SPF record is a permanent error; the fix drops it', async () => {
    world.kyrios.setRecords('nospf.kyrios.test', 'TXT', ['not an spf record']);
    spfAt(['v=spf1 include:nospf.kyrios.test include:spf.kyrios.test -all']);
    const r = await record('spf');
    expect([r.codes, r.status]).toEqual([['spf_include_broken'], 'fail']);
    expect(r.message).toContain(
      'include:nospf.kyrios.test names nospf.kyrios.test, which has no SPF record',
    );
    expect(r.fix).toContain(': v=spf1 include:spf.kyrios.test -all.');
  });

  it('spf_too_many_lookups: counted through includes', async () => {
    world.kyrios.setRecords('heavy.kyrios.test', 'TXT', [
      'v=spf1 a mx include:h2.kyrios.test ~all',
    ]);
    world.kyrios.setRecords('h2.kyrios.test', 'TXT', [
      'v=spf1 a mx exists:x.kyrios.test a:b.kyrios.test mx:c.kyrios.test ptr ~all',
    ]);
    spfAt(['v=spf1 include:spf.kyrios.test include:heavy.kyrios.test a mx ~all']);
    const r = await record('spf');
    expect(r.codes).toEqual(['spf_too_many_lookups']);
    expect(r.message).toContain('it needs 13 DNS lookups where 10 is the limit');
    expect(r.message).toContain('include:heavy.kyrios.test (10), a (1), mx (1)');
  });

  it('spf_permissive_all: +all, ?all and a bare all', async () => {
    for (const all of ['+all', '?all', 'all']) {
      spfAt([`v=spf1 include:spf.kyrios.test ${all}`]);
      const r = await record('spf');
      expect(r.codes).toEqual(['spf_permissive_all']);
      expect(r.fix).toContain('v=spf1 include:spf.kyrios.test ~all');
    }
  });

  it('a merge that cannot stay within 10 lookups says so', async () => {
    world.kyrios.setRecords('heavy.kyrios.test', 'TXT', [
      'v=spf1 a mx a:1.kyrios.test a:2.kyrios.test a:3.kyrios.test a:4.kyrios.test a:5.kyrios.test a:6.kyrios.test a:7.kyrios.test ~all',
    ]);
    spfAt(['v=spf1 include:heavy.kyrios.test ~all', 'v=spf1 mx ~all']);
    const r = await record('spf');
    expect(r.codes).toEqual(['spf_multiple', 'spf_too_many_lookups']);
    expect(r.fix).toMatch(/A merge cannot stay within 10 DNS lookups: .* would need 12/);
  });
});

describe('DKIM', () => {
  const dkimName = `k1._domainkey.${D}`;

  it('compares the key only, after joining strings: other tags and spacing may differ', async () => {
    const spaced = `k=rsa; v=DKIM1;  p=${DKIM_KEY.slice(0, 200)} ${DKIM_KEY.slice(200)}`;
    world.dkim.setRecords(dkimName, 'TXT', [spaced]);
    expect((await record('dkim')).codes).toEqual(['ok']);
  });

  it('dkim_key_mismatch, and the cut-off key variant', async () => {
    world.dkim.setRecords(dkimName, 'TXT', [`v=DKIM1; k=rsa; p=${'A'.repeat(388)}`]);
    expect((await record('dkim')).codes).toEqual(['dkim_key_mismatch']);
    world.dkim.setRecords(dkimName, 'TXT', [`v=DKIM1; k=rsa; p=${DKIM_KEY.slice(0, 236)}`]);
    const r = await record('dkim');
    expect(r.codes).toEqual(['dkim_key_mismatch']);
    expect(r.message).toMatch(/cut off after 236 of 392 characters/);
  });

  it('dkim_invalid: no p=, revoked key, bad base64, not DKIM', async () => {
    for (const [value, why] of [
      ['v=DKIM1; k=rsa', /no p= tag/],
      ['v=DKIM1; k=rsa; p=', /key revoked/],
      ['v=DKIM1; k=rsa; p=not*base64!', /not valid base64/],
      ['hello world', /not DKIM records/],
    ] as const) {
      world.dkim.setRecords(dkimName, 'TXT', [value]);
      const r = await record('dkim');
      expect(r.codes).toEqual(['dkim_invalid']);
      expect(r.message).toMatch(why);
    }
  });

  it('cname_followed: a CNAME to a TXT holding the right key passes, saying where it lives', async () => {
    world.dkim.setRecords(dkimName, 'CNAME', ['k1.keys.kyrios.test']);
    world.kyrios.setRecords('k1.keys.kyrios.test', 'TXT', [`v=DKIM1; k=rsa; p=${DKIM_KEY}`]);
    const r = await record('dkim');
    expect([r.codes, r.status]).toEqual([['cname_followed'], 'pass']);
    expect(r.message).toContain(`${dkimName} is a CNAME to k1.keys.kyrios.test`);
    expect(r.message).toMatch(/changes whenever whoever controls k1\.keys\.kyrios\.test/);
  });

  it('quoted_value: quotes typed inside a split key', async () => {
    world.dkim.setRecords(dkimName, 'TXT', [
      `"v=DKIM1; k=rsa; p=${DKIM_KEY.slice(0, 200)}" "${DKIM_KEY.slice(200)}"`,
    ]);
    expect((await record('dkim')).codes).toEqual(['quoted_value']);
  });
});

describe('MX and DMARC', () => {
  it('mx_other_preferred warns; value_mismatch when the host is absent', async () => {
    world.auth.setRecords(D, 'MX', ['5 mx.other.test', '10 mx.kyrios.test']);
    const r = await record('mx');
    expect([r.codes, r.status]).toEqual([['mx_other_preferred'], 'warn']);
    world.auth.setRecords(D, 'MX', ['5 mx.other.test']);
    expect((await record('mx')).codes).toEqual(['value_mismatch']);
  });

  it('dmarc_multiple, dmarc_invalid, dmarc_policy_none', async () => {
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=reject', 'v=DMARC1; p=none']);
    expect((await record('dmarc')).codes).toEqual(['dmarc_multiple']);
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=maybe']);
    expect((await record('dmarc')).codes).toEqual(['dmarc_invalid']);
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['just text']);
    expect((await record('dmarc')).codes).toEqual(['dmarc_invalid']);
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=none; rua=mailto:d@kyrios.test']);
    // The resolver still caches the earlier answers; that is not what this test is about.
    world.resolver.cache.clear();
    const r = await record('dmarc');
    expect([r.codes, r.status]).toEqual([['dmarc_policy_none'], 'warn']);
    expect(r.fix).toContain('v=DMARC1; p=quarantine; rua=mailto:d@kyrios.test');
  });
});

describe('DMARC above the domain', () => {
  it('dmarc_inherited: no record at the subdomain; the organisational one applies and is named', async () => {
    const result = await check({
      domain: `news.${D}`,
      records: [
        {
          purpose: 'dmarc',
          type: 'TXT',
          name: `_dmarc.news.${D}`,
          value: 'v=DMARC1; p=none; rua=mailto:dmarc@kyrios.test',
          required: false,
        },
      ],
    });
    const r = result.records[0];
    expect([r?.codes, r?.status, r?.fix]).toEqual([['dmarc_inherited'], 'pass', null]);
    expect(r?.dmarc).toEqual({
      recordName: `_dmarc.${D}`,
      record: 'v=DMARC1; p=quarantine; rua=mailto:dmarc@kyrios.test',
      policy: 'quarantine',
      policyTag: 'p',
      inherited: true,
      organizationalDomain: D,
    });
  });
});

describe('DNSSEC', () => {
  it('dnssec_bogus: the zone answers, a validating resolver fails it unless checking is disabled', async () => {
    world.resolver.setBehaviour(`_kyrios.${D}`, 'bogus');
    const r = await record('verification');
    expect([r.codes, r.status]).toEqual([['dnssec_bogus'], 'fail']);
    expect(r.servers.map((s) => [s.role, s.rcode])).toEqual([
      ['authoritative', 'NOERROR'],
      ['resolver', 'SERVFAIL'],
    ]);
    expect(r.message).toMatch(/validating resolvers answer SERVFAIL/);
  });
});

describe('zone-level codes', () => {
  it('authoritative_disagree: a secondary still serving the old value', async () => {
    const secondary = await startDnsFixture({
      zones: [
        {
          origin: D,
          records: [{ name: `_kyrios.${D}`, type: 'TXT', value: 'kyrios-verification=old' }],
        },
      ],
      nameserverNames: ['ns2.example.test'],
    });
    try {
      const result = await checkDomain(world.expected, {
        ...world.options,
        nameserverMap: { ...world.options.nameserverMap, 'ns2.example.test': secondary.address },
      });
      const r = result.records.find((x) => x.purpose === 'verification');
      for (const c of r?.codes ?? []) seen.add(c);
      expect(r?.codes).toEqual(['authoritative_disagree']);
      expect(r?.status).toBe('warn');
      expect(r?.servers.filter((s) => s.role === 'authoritative').map((s) => s.agrees)).toEqual([
        true,
        false,
      ]);
    } finally {
      await secondary.close();
    }
  });

  it('lookup_failed and not_propagated (details in check-domain.test.ts)', async () => {
    world.auth.setBehaviour(`_kyrios.${D}`, 'servfail');
    world.resolver.cache.set(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=none'], 100);
    const result = await check();
    expect(result.records.find((r) => r.purpose === 'verification')?.codes).toEqual([
      'lookup_failed',
    ]);
    expect(result.records.find((r) => r.purpose === 'dmarc')?.codes).toEqual(['not_propagated']);
  });
});

describe('catalogue', () => {
  it('every code above was produced by a real check, and maps to its documented status', () => {
    expect([...seen].sort()).toEqual([...DNS_CHECK_CODES].sort());
    expect(CODE_STATUS.not_propagated).toBe('warn');
    expect(CODE_STATUS.missing).toBe('fail');
  });

  it('the HTTP contract and the catalogue list every code, in the same order', async () => {
    const root = join(import.meta.dirname, '../../..');
    const api = parse(await readFile(join(root, 'api/kyrios.openapi.yaml'), 'utf8')) as {
      components: { schemas: { CheckCode: { enum: string[] } } };
    };
    expect(api.components.schemas.CheckCode.enum).toEqual([...DNS_CHECK_CODES]);
    const catalogue = await readFile(join(root, 'docs/diagnostics.md'), 'utf8');
    for (const code of DNS_CHECK_CODES) {
      expect(catalogue, code).toContain(`### \`${code}\``);
      // Its row in "Codes at a glance", with its status.
      expect(catalogue, code).toMatch(
        new RegExp(`^\\| \\[\`${code}\`\\]\\(#${code}\\) +\\| ${CODE_STATUS[code]} +\\|`, 'm'),
      );
    }
  });
});
