import { describe, expect, it } from 'vitest';
import {
  discoverDmarc,
  dmarcAligned,
  dmarcWalkDomains,
  organizationalDomainOf,
  parseDmarcRecord,
  walkDmarc,
  type DmarcLookup,
} from '../../../src/shared/dmarc';

/** A zone as the walk sees it: `_dmarc.` names → TXT strings; anything else has no record. */
function zone(records: Record<string, string[]>, errors: Record<string, string> = {}) {
  return (name: string): Promise<DmarcLookup> => {
    if (errors[name]) return Promise.resolve({ kind: 'error', reason: errors[name] });
    const txt = records[name];
    return Promise.resolve(txt ? { kind: 'answer', txt } : { kind: 'none' });
  };
}

async function answersFor(domain: string, lookup: (n: string) => Promise<DmarcLookup>) {
  const names = dmarcWalkDomains(domain);
  return new Map(
    await Promise.all(names.map(async (n) => [n, await lookup(`_dmarc.${n}`)] as const)),
  );
}

describe('dmarcWalkDomains', () => {
  it('asks the domain, then each parent down to the one-label name', () => {
    expect(dmarcWalkDomains('news.example.com')).toEqual([
      'news.example.com',
      'example.com',
      'com',
    ]);
    expect(dmarcWalkDomains('Example.COM.')).toEqual(['example.com', 'com']);
  });

  it('jumps from a long name to its 7 rightmost labels: never more than 8 questions', () => {
    const long = 'a.b.c.d.e.f.g.h.i.j.example.com';
    const names = dmarcWalkDomains(long);
    expect(names).toHaveLength(8);
    expect(names[0]).toBe(long);
    expect(names[1]).toBe('f.g.h.i.j.example.com');
    expect(names.at(-1)).toBe('com');
  });
});

describe('parseDmarcRecord', () => {
  it('reads the policy tags, case-insensitively', () => {
    const r = parseDmarcRecord('v=DMARC1; P=Reject; sp=quarantine; np=reject; adkim=s; psd=n');
    expect(r).toMatchObject({
      p: 'reject',
      sp: 'quarantine',
      np: 'reject',
      adkim: 's',
      aspf: 'r',
      psd: 'n',
    });
  });

  it('refuses a record without a policy unless it asks for reports (then p=none)', () => {
    expect(parseDmarcRecord('v=DMARC1; sp=reject')).toBeNull();
    expect(parseDmarcRecord('v=DMARC1; rua=mailto:d@example.com')?.p).toBe('none');
    expect(parseDmarcRecord('v=spf1 -all')).toBeNull();
  });
});

describe('discoverDmarc', () => {
  it('finds the organisational record for a subdomain with none of its own, and applies sp=', async () => {
    const found = await walkDmarc(
      'news.example.com',
      zone({ '_dmarc.example.com': ['v=DMARC1; p=reject; sp=quarantine'] }),
    );
    expect(found).toMatchObject({
      kind: 'found',
      recordDomain: 'example.com',
      inherited: true,
      policy: 'quarantine',
      policyTag: 'sp',
      organizationalDomain: 'example.com',
    });
  });

  it('applies p= of the parent when it has no sp=, and np= for a name that does not exist', async () => {
    const lookup = zone({ '_dmarc.example.com': ['v=DMARC1; p=reject; np=quarantine'] });
    expect(await walkDmarc('news.example.com', lookup)).toMatchObject({
      policy: 'reject',
      policyTag: 'p',
    });
    expect(await walkDmarc('ghost.example.com', lookup, false)).toMatchObject({
      policy: 'quarantine',
      policyTag: 'np',
    });
  });

  it("uses the domain's own record first, with p=", async () => {
    const found = await walkDmarc(
      'news.example.com',
      zone({
        '_dmarc.news.example.com': ['v=DMARC1; p=none'],
        '_dmarc.example.com': ['v=DMARC1; p=reject; sp=reject'],
      }),
    );
    expect(found).toMatchObject({ inherited: false, policy: 'none', policyTag: 'p' });
  });

  it('passes over a level with two DMARC records and non-DMARC TXT', async () => {
    const found = await walkDmarc(
      'news.example.com',
      zone({
        '_dmarc.news.example.com': ['v=DMARC1; p=none', 'v=DMARC1; p=reject'],
        '_dmarc.example.com': ['some verification token', 'v=DMARC1; p=quarantine'],
      }),
    );
    expect(found).toMatchObject({ kind: 'found', recordDomain: 'example.com' });
  });

  it('says none when no level has a record, and error when a level before the record failed', async () => {
    expect(await walkDmarc('news.example.com', zone({}))).toEqual({
      kind: 'none',
      domain: 'news.example.com',
      organizationalDomain: 'news.example.com',
    });
    const failed = await walkDmarc(
      'news.example.com',
      zone(
        { '_dmarc.example.com': ['v=DMARC1; p=reject'] },
        { '_dmarc.news.example.com': 'TIMEOUT' },
      ),
    );
    expect(failed).toMatchObject({
      kind: 'error',
      failedAt: 'news.example.com',
      reason: 'TIMEOUT',
    });
  });

  it('takes the organisational domain below a public-suffix record (psd=y)', async () => {
    const lookup = zone({
      '_dmarc.gov.example': ['v=DMARC1; p=reject; psd=y'],
      '_dmarc.agency.gov.example': ['v=DMARC1; p=quarantine'],
    });
    const answers = await answersFor('mail.agency.gov.example', lookup);
    expect(organizationalDomainOf('mail.agency.gov.example', answers)).toBe('agency.gov.example');
    const viaPsdOnly = await answersFor(
      'a.b.gov.example',
      zone({ '_dmarc.gov.example': ['v=DMARC1; p=reject; psd=y'] }),
    );
    expect(organizationalDomainOf('a.b.gov.example', viaPsdOnly)).toBe('b.gov.example');
    expect(discoverDmarc('a.b.gov.example', viaPsdOnly)).toMatchObject({
      kind: 'found',
      recordDomain: 'gov.example',
    });
  });

  it('stops at psd=n for the organisational domain', async () => {
    const answers = await answersFor(
      'x.team.example.com',
      zone({
        '_dmarc.team.example.com': ['v=DMARC1; p=reject; psd=n'],
        '_dmarc.example.com': ['v=DMARC1; p=none'],
      }),
    );
    expect(organizationalDomainOf('x.team.example.com', answers)).toBe('team.example.com');
  });
});

describe('dmarcAligned', () => {
  it('relaxed: same organisational domain; strict: the same name', async () => {
    const lookup = zone({ '_dmarc.example.com': ['v=DMARC1; p=reject'] });
    const answers = new Map([
      ...(await answersFor('bounce.example.com', lookup)),
      ...(await answersFor('example.com', lookup)),
    ]);
    expect(dmarcAligned('bounce.example.com', 'example.com', 'r', answers)).toBe(true);
    expect(dmarcAligned('bounce.example.com', 'example.com', 's', answers)).toBe(false);
    expect(dmarcAligned('Example.com', 'example.com.', 's', answers)).toBe(true);
    const other = await answersFor('example.net', zone({}));
    expect(dmarcAligned('example.net', 'example.com', 'r', new Map([...answers, ...other]))).toBe(
      false,
    );
  });
});
