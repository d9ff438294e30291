import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDomain, checkMailBasics } from '../../../src/dns/index';
import type { DomainCheckResult, RecordCheckResult } from '../../../src/shared/dns-check';
import type { ExpectedRecords } from '../../../src/shared/records';
import { startDnsWorld } from '../../fixtures/dns/kyrios-world';
import type { DnsWorld } from '../../fixtures/dns/kyrios-world';

/**
 * The engine reads the DNS as receivers do: the DMARC record that applies to a subdomain, SPF
 * includes followed as they are evaluated, CNAMEs followed, wildcards, referrals. The same cases
 * run against real servers and independent implementations in test/unit/dns-real/.
 */

let world: DnsWorld;
beforeEach(async () => {
  world = await startDnsWorld('example.test');
});
afterEach(async () => {
  await world.close();
});

const D = 'example.test';

function only(purpose: string, domain = D): ExpectedRecords {
  return { domain, records: world.expected.records.filter((r) => r.purpose === purpose) };
}

async function one(purpose: string): Promise<RecordCheckResult> {
  const result = await checkDomain(only(purpose), world.options);
  const record = result.records[0];
  if (!record) throw new Error(`no ${purpose} record`);
  return record;
}

const byPurpose = (result: DomainCheckResult, purpose: string): RecordCheckResult | undefined =>
  result.records.find((r) => r.purpose === purpose);

describe('DMARC as receivers apply it', () => {
  beforeEach(() => {
    world.auth.setRecords(`news.${D}`, 'TXT', ['v=spf1 include:spf.kyrios.test -all']);
    world.auth.setRecords(`news.${D}`, 'MX', ['10 mx.kyrios.test']);
  });

  it("a subdomain with no record of its own gets the organisational domain's sp=", async () => {
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=none; sp=reject']);
    const result = await checkMailBasics(`news.${D}`, world.options);
    const dmarc = byPurpose(result, 'dmarc');
    expect([dmarc?.codes, dmarc?.status, dmarc?.fix]).toEqual([['dmarc_inherited'], 'pass', null]);
    expect(dmarc?.dmarc).toMatchObject({ recordName: `_dmarc.${D}`, policy: 'reject' });
    expect(dmarc?.dmarc?.policyTag).toBe('sp');
    expect(result.status).toBe('pass');
  });

  it('a name that does not exist gets np=', async () => {
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=quarantine; np=reject']);
    const result = await checkMailBasics(`ghost.${D}`, world.options);
    expect(byPurpose(result, 'dmarc')?.dmarc).toMatchObject({ policy: 'reject', policyTag: 'np' });
  });

  it('an inherited p=none warns, and the fix tightens it without touching the parent', async () => {
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=none']);
    const result = await checkMailBasics(`news.${D}`, world.options);
    const dmarc = byPurpose(result, 'dmarc');
    expect([dmarc?.codes, dmarc?.status]).toEqual([
      ['dmarc_inherited', 'dmarc_policy_none'],
      'warn',
    ]);
    expect(dmarc?.fix).toContain(`publish at _dmarc.news.${D}: v=DMARC1; p=quarantine`);
  });

  it('never advises a weaker policy than one published, here or above', async () => {
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=none; sp=reject']);
    world.auth.setRecords(`_dmarc.news.${D}`, 'TXT', ['v=DMARC1; p=none']);
    const lowered = byPurpose(await checkMailBasics(`news.${D}`, world.options), 'dmarc');
    expect(lowered?.codes).toEqual(['dmarc_policy_none']);
    expect(lowered?.message).toContain(
      `It lowers the policy: without it, receivers would apply p=reject from _dmarc.${D}`,
    );
    expect(lowered?.fix).toMatch(/tighten the policy: v=DMARC1; p=reject$/);
    // An invalid record with p=reject: the replacement keeps reject, not the suggested quarantine.
    world.auth.setRecords(`_dmarc.${D}`, 'TXT', ['v=DMARC1; p=reject; rua=reports.example.test']);
    world.resolver.cache.clear();
    const invalid = await one('dmarc');
    expect(invalid.codes).toEqual(['dmarc_invalid']);
    expect(invalid.fix).toBe('Replace it with: v=DMARC1; p=reject; rua=mailto:dmarc@kyrios.test');
  });

  it('a level above that cannot be read is "could not check", never "missing"', async () => {
    world.resolver.setBehaviour(`_dmarc.${D}`, 'servfail');
    const dmarc = byPurpose(await checkMailBasics(`news.${D}`, world.options), 'dmarc');
    expect([dmarc?.codes, dmarc?.status]).toEqual([['lookup_failed'], 'unknown']);
    expect(dmarc?.fix).toContain('Do not publish a DMARC record');
  });
});

describe('SPF as receivers evaluate it', () => {
  const spfAt = (value: string) => world.auth.setRecords(D, 'TXT', [value]);

  it('passes the Kyrios include reached through a nested include, adding nothing', async () => {
    world.kyrios.setRecords('_spf.kyrios.test', 'TXT', ['v=spf1 include:spf.kyrios.test -all']);
    spfAt('v=spf1 include:_spf.kyrios.test -all');
    const spf = await one('spf');
    expect([spf.codes, spf.fix]).toEqual([['ok'], null]);
    expect(spf.message).toContain('reached through its own includes');
  });

  it('fails an include further down that has no SPF record, and keeps the Kyrios include', async () => {
    world.kyrios.setRecords('_spf.kyrios.test', 'TXT', [
      'v=spf1 include:spf.kyrios.test include:gone.kyrios.test -all',
    ]);
    spfAt('v=spf1 include:_spf.kyrios.test -all');
    const spf = await one('spf');
    expect(spf.codes).toEqual(['spf_include_broken']);
    expect(spf.message).toContain(
      'include:_spf.kyrios.test leads to gone.kyrios.test, which does not exist',
    );
    expect(spf.fix).toContain('Ask whoever runs gone.kyrios.test');
    expect(spf.fix).toContain('v=spf1 include:spf.kyrios.test -all');
  });

  it('an include that cannot be read leaves a missing Kyrios include "could not check"', async () => {
    world.resolver.setBehaviour('_spf.kyrios.test', 'servfail');
    spfAt('v=spf1 include:_spf.kyrios.test -all');
    const spf = await one('spf');
    expect([spf.codes, spf.status]).toEqual([['lookup_failed'], 'unknown']);
  });

  it('a redirect is merged as an include with its target’s own -all, never ~all', async () => {
    world.kyrios.setRecords('_spf.kyrios.test', 'TXT', ['v=spf1 ip4:203.0.113.0/24 -all']);
    spfAt('v=spf1 mx redirect=_spf.kyrios.test');
    const spf = await one('spf');
    expect(spf.codes).toEqual(['spf_include_missing']);
    expect(spf.fix).toContain(': v=spf1 mx include:spf.kyrios.test include:_spf.kyrios.test -all.');
  });
});

describe('CNAMEs as receivers follow them', () => {
  const dkimName = `k1._domainkey.${D}`;

  it('a DKIM CNAME to the wrong key is in the way, saying what its target holds', async () => {
    world.dkim.setRecords(dkimName, 'CNAME', ['k1.keys.kyrios.test']);
    world.kyrios.setRecords('k1.keys.kyrios.test', 'TXT', ['v=DKIM1; k=rsa; p=QUJDRA==']);
    const dkim = await one('dkim');
    expect(dkim.codes).toEqual(['cname_conflict']);
    expect(dkim.message).toContain('Receivers follow it to k1.keys.kyrios.test, which holds');
    expect(dkim.found).toEqual(['CNAME k1.keys.kyrios.test', 'v=DKIM1; k=rsa; p=QUJDRA==']);
  });

  it('a DMARC record hosted elsewhere through a CNAME applies', async () => {
    world.auth.setRecords(`_dmarc.${D}`, 'CNAME', ['dmarc.kyrios.test']);
    world.kyrios.setRecords('dmarc.kyrios.test', 'TXT', ['v=DMARC1; p=reject']);
    const dmarc = await one('dmarc');
    expect([dmarc.codes, dmarc.status]).toEqual([['cname_followed'], 'pass']);
    // A target named like another domain's DMARC record is judged as found, not walked above.
    world.auth.setRecords(`_dmarc.${D}`, 'CNAME', ['_dmarc.hosted.kyrios.test']);
    world.kyrios.setRecords('_dmarc.hosted.kyrios.test', 'TXT', ['v=DMARC1; p=maybe']);
    world.resolver.cache.clear();
    const wrong = await one('dmarc');
    expect(wrong.codes).toEqual(['cname_conflict']);
    expect(wrong.message).toContain('p=maybe is not a policy');
  });

  it('a wildcard is not a conflict: adding the CNAME is enough', async () => {
    world.auth.removeRecords(`ktrack.${D}`);
    world.auth.setRecords(`*.${D}`, 'A', ['192.0.2.80']);
    const tracking = await one('tracking');
    expect(tracking.codes).toEqual(['missing']);
    expect(tracking.message).toContain(`made up by the wildcard *.${D}`);
    expect(tracking.fix).toMatch(/^Add a CNAME record at ktrack\.example\.test/);
    // A real record at the name is in the way, wildcard or not.
    world.auth.setRecords(`ktrack.${D}`, 'A', ['192.0.2.81']);
    expect((await one('tracking')).codes).toEqual(['cname_conflict']);
  });
});

describe('a referral is never an answer', () => {
  it('a subzone delegated to a nameserver with no address: lookup_failed, naming it', async () => {
    world.auth.setRecords(`_domainkey.${D}`, 'NS', ['ns.nowhere.test']);
    const dkim = await one('dkim');
    expect([dkim.codes, dkim.status]).toEqual([['lookup_failed'], 'unknown']);
    expect(dkim.message).toContain(`_domainkey.${D} is delegated to ns.nowhere.test`);
    expect(dkim.fix).toContain(`Fix the delegation of _domainkey.${D}`);
  });

  it('a lame server and a refusing server are named, never read as "no record"', async () => {
    world.auth.setBehaviour(`_kyrios.${D}`, 'lame');
    const lame = await one('verification');
    expect(lame.codes).toEqual(['lookup_failed']);
    expect(lame.message).toContain('answered without authority');
    world.auth.setBehaviour(`_kyrios.${D}`, 'refused');
    const refused = await one('verification');
    expect(refused.codes).toEqual(['lookup_failed']);
    expect(refused.message).toMatch(
      /ns1\.example\.test at 127\.0\.0\.1:\d+ refused the query \(REFUSED: it does not serve this zone\)/,
    );
  });
});
