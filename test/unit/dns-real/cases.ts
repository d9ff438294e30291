import type { ExpectedRecords } from '../../../src/shared/records';
import { expectedFor } from '../../fixtures/dns/kyrios-world';
import type { Addresses, Rr } from './zones';
import { change, correct, expectedWithKey } from './zones';

/**
 * One zone per case, delegated from `test.`. Each starts from every Kyrios record published
 * correctly and changes what its case is about.
 */

export type Signing = 'signed' | 'ds-mismatch' | 'expired' | 'ds-only';

export interface Case {
  domain: string;
  /** NS host → address (in-zone hosts get glue in `test.`). */
  nameservers: Record<string, string>;
  /** The zone as BIND serves it (none: a delegation to servers that do not serve it). */
  bind?: Rr[];
  /** The zone as NSD serves it, when NSD is one of its servers. */
  nsd?: Rr[];
  signing?: Signing;
  expected: ExpectedRecords;
}

export function cases(a: Addresses, dkimKey: string): Case[] {
  const own = (domain: string, address = a.bind): Record<string, string> => ({
    [`ns1.${domain}`]: address,
  });
  const plain = (domain: string, edit: (rrs: Rr[]) => Rr[] = (r) => r): Case => {
    const expected = expectedFor(domain);
    return { domain, nameservers: own(domain), bind: edit(correct(expected)), expected };
  };
  const list: Case[] = [];

  // Everything right; its DKIM key in a `_domainkey` subzone on NSD (see world.ts).
  const ok = expectedWithKey('ok.test', dkimKey);
  list.push({
    domain: 'ok.test',
    nameservers: own('ok.test'),
    bind: change(correct(ok), 'k1._domainkey.ok.test', 'TXT', null).concat({
      name: '_domainkey.ok.test',
      type: 'NS',
      value: 'ns.keyhost.test',
    }),
    expected: ok,
  });
  // An apex TXT set larger than 1,232 bytes: BIND truncates it over UDP.
  list.push(
    plain('big.test', (rrs) => [
      ...rrs,
      ...Array.from({ length: 12 }, (_, i) => ({
        name: 'big.test',
        type: 'TXT',
        value: `site-verification-${i}=${'x'.repeat(110)}`,
      })),
    ]),
  );
  // The DMARC tree walk: a subdomain with no record, and a name that does not exist.
  list.push(
    plain('walk.test', (rrs) => [
      ...change(rrs, '_dmarc.walk.test', 'TXT', ['v=DMARC1; p=none; sp=reject; np=quarantine']),
      { name: 'news.walk.test', type: 'TXT', value: 'v=spf1 include:spf.kyrios.test -all' },
      { name: 'news.walk.test', type: 'MX', value: '10 mx.kyrios.test' },
    ]),
  );
  list.push(
    plain('nested.test', (rrs) => [
      ...change(rrs, 'nested.test', 'TXT', ['v=spf1 include:_spf.nested.test -all']),
      { name: '_spf.nested.test', type: 'TXT', value: 'v=spf1 include:spf.kyrios.test -all' },
    ]),
  );
  list.push(
    plain('broken.test', (rrs) =>
      change(rrs, 'broken.test', 'TXT', [
        'v=spf1 include:nospf.kyrios.test include:spf.kyrios.test -all',
      ]),
    ),
  );
  const cname = expectedWithKey('cname.test', dkimKey);
  list.push({
    domain: 'cname.test',
    nameservers: own('cname.test'),
    bind: change(correct(cname), 'k1._domainkey.cname.test', 'TXT', null).concat({
      name: 'k1._domainkey.cname.test',
      type: 'CNAME',
      value: 'k1.dkim.kyrios.test',
    }),
    expected: cname,
  });
  list.push(
    plain('wild.test', (rrs) => [
      ...change(rrs, 'ktrack.wild.test', 'CNAME', null),
      { name: '*.wild.test', type: 'A', value: '192.0.2.80' },
    ]),
  );
  list.push(
    plain('unreach.test', (rrs) => [
      ...change(rrs, 'k1._domainkey.unreach.test', 'TXT', null),
      { name: '_domainkey.unreach.test', type: 'NS', value: 'ns.nowhere.test' },
    ]),
  );
  // Dead servers: one of two silent; all dead (one silent, one refusing connections).
  list.push({
    ...plain('halfdead.test'),
    nameservers: { 'ns1.halfdead.test': a.bind, 'ns2.halfdead.test': a.silent },
  });
  list.push({
    domain: 'dead.test',
    nameservers: { 'ns1.dead.test': a.silent, 'ns2.dead.test': a.refused },
    expected: expectedFor('dead.test'),
  });
  // A server that refuses the zone (NSD does not serve it), and one answering with a referral to
  // itself (BIND serves `test.` but not this zone): lame delegations.
  list.push({
    domain: 'lame.test',
    nameservers: own('lame.test', a.nsd),
    expected: expectedFor('lame.test'),
  });
  list.push({
    domain: 'lame2.test',
    nameservers: { 'ns1.test': a.bind },
    expected: expectedFor('lame2.test'),
  });
  // DNSSEC: secure, and bogus three ways; ok.test and the others are unsigned (insecure).
  list.push({ ...plain('secure.test'), signing: 'signed' });
  list.push({ ...plain('dsmismatch.test'), signing: 'ds-mismatch' });
  list.push({ ...plain('expired.test'), signing: 'expired' });
  list.push({ ...plain('nokey.test'), signing: 'ds-only' });
  // Resolver caching: the value changes on the server after the resolver cached it.
  list.push(
    plain('cache.test', (rrs) =>
      change(rrs, '_kyrios.cache.test', 'TXT', ['kyrios-verification=old']),
    ),
  );
  // The rest of the catalogue, several codes per domain.
  list.push(
    plain('faulty1.test', (rrs) => {
      let r = change(rrs, '_kyrios.faulty1.test', 'TXT', ['kyrios-verification=wrong']);
      r = change(r, 'faulty1.test', 'TXT', [
        'v=spf1 include:spf.kyrios.test ~all',
        'v=spf1 ip4:203.0.113.5 -all',
      ]);
      r = change(r, 'k1._domainkey.faulty1.test', 'TXT', [`v=DKIM1; k=rsa; p=${'A'.repeat(388)}`]);
      r = change(r, 'kbounce.faulty1.test', 'CNAME', null);
      r = change(r, 'kbounce.faulty1.test', 'TXT', ['in the way']);
      r = change(r, 'faulty1.test', 'MX', ['5 mx.other.test', '10 mx.kyrios.test']);
      r = change(r, '_dmarc.faulty1.test', 'TXT', ['v=DMARC1; p=reject', 'v=DMARC1; p=none']);
      return change(r, 'ktrack.faulty1.test', 'CNAME', null);
    }),
  );
  list.push(
    plain('faulty2.test', (rrs) => {
      const token = expectedFor('faulty2.test').records[0]?.value ?? '';
      let r = change(rrs, '_kyrios.faulty2.test', 'TXT', null);
      r = change(r, '_kyrios.faulty2.test.faulty2.test', 'TXT', [token]);
      r = change(r, 'faulty2.test', 'TXT', ['v=spf1 include:spf.kyrios.test +all']);
      r = change(r, 'k1._domainkey.faulty2.test', 'TXT', ['v=DKIM1; k=rsa']);
      r = change(r, 'kbounce.faulty2.test', 'CNAME', ['bounce.other.test']);
      r = change(r, 'faulty2.test', 'MX', ['10 mx.other.test']);
      return change(r, '_dmarc.faulty2.test', 'TXT', ['v=DMARC1; p=maybe']);
    }),
  );
  list.push(
    plain('faulty3.test', (rrs) => {
      const token = expectedFor('faulty3.test').records[0]?.value ?? '';
      let r = change(rrs, '_kyrios.faulty3.test', 'TXT', [`"${token}"`]);
      r = change(r, 'faulty3.test', 'TXT', [
        'v=spf1 include:spf.kyrios.test include:heavy.kyrios.test a mx ~all',
      ]);
      return change(r, '_dmarc.faulty3.test', 'TXT', ['v=DMARC1; p=none']);
    }),
  );
  list.push(
    plain('faulty4.test', (rrs) =>
      change(rrs, 'faulty4.test', 'TXT', ['v=spf1 ip4:203.0.113.5 -all']),
    ),
  );
  // A Cloudflare zone whose CNAME is proxied: it answers with addresses.
  list.push({
    ...plain('proxied.test', (rrs) => [
      ...change(rrs, 'kbounce.proxied.test', 'CNAME', null),
      { name: 'kbounce.proxied.test', type: 'A', value: '104.16.0.1' },
    ]),
    nameservers: { 'ada.ns.cloudflare.com': a.bind, 'bob.ns.cloudflare.com': a.bind },
  });
  // Two servers of one zone, the second (NSD) still serving the old verification token.
  const disagree = plain('disagree.test');
  list.push({
    ...disagree,
    nameservers: { 'ns1.disagree.test': a.bind, 'ns2.disagree.test': a.nsd },
    nsd: change(disagree.bind ?? [], '_kyrios.disagree.test', 'TXT', ['kyrios-verification=old']),
  });
  return list;
}
