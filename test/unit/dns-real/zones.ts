import type { ExpectedRecords } from '../../../src/shared/records';
import { expectedFor, publishedFor } from '../../fixtures/dns/kyrios-world';

/**
 * The lab's zones as master-file text: a root, a signed `test.` TLD delegating one zone per case,
 * the Kyrios service zone, and each case's zone. Addresses are the lab's: BIND on .1, NSD on .2,
 * nothing on .3 (connection refused), a server that never answers on .4.
 */

export interface Rr {
  name: string;
  type: string;
  /** TXT: one value (split into 255-byte strings) or the exact strings; else the rdata text. */
  value: string | string[];
  ttl?: number;
}

export interface ZoneFile {
  origin: string;
  server: 'bind' | 'nsd';
  text: string;
}

export interface Addresses {
  bind: string;
  nsd: string;
  refused: string;
  silent: string;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function txt(value: string | string[]): string {
  if (Array.isArray(value)) return value.map(quote).join(' ');
  const bytes = Buffer.from(value);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    parts.push(quote(bytes.subarray(i, i + 255).toString()));
  }
  return parts.join(' ');
}

const abs = (name: string): string => (name.endsWith('.') ? name : `${name}.`);

export function zoneText(origin: string, nameservers: string[], rrs: Rr[], serial = 1): string {
  const apex = abs(origin);
  const lines = [
    '$TTL 300',
    `${apex} IN SOA ${abs(nameservers[0] ?? `ns1.${origin}`)} hostmaster.${apex === '.' ? '' : apex} ${serial} 3600 600 86400 60`,
    ...nameservers.map((ns) => `${apex} IN NS ${abs(ns)}`),
  ];
  for (const rr of rrs) {
    const data =
      rr.type === 'TXT'
        ? txt(rr.value)
        : rr.type === 'CNAME' || rr.type === 'NS'
          ? abs(String(rr.value))
          : rr.type === 'MX'
            ? String(rr.value).replace(/(\S+)$/, (h) => abs(h))
            : String(rr.value);
    lines.push(`${abs(rr.name)} ${rr.ttl ?? 300} IN ${rr.type} ${data}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The Kyrios records of a domain as published correctly (DKIM included). */
export function correct(expected: ExpectedRecords): Rr[] {
  const dkim = expected.records.find((r) => r.purpose === 'dkim');
  return [
    ...publishedFor(expected),
    ...(dkim ? [{ name: dkim.name, type: 'TXT', value: dkim.value }] : []),
  ];
}

/** `expectedFor` with a real DKIM key, for the cases opendkim-testkey judges. */
export function expectedWithKey(domain: string, publicKey: string): ExpectedRecords {
  const expected = expectedFor(domain);
  return {
    ...expected,
    records: expected.records.map((r) =>
      r.purpose === 'dkim' ? { ...r, value: `v=DKIM1; k=rsa; p=${publicKey}` } : r,
    ),
  };
}

/** Replaces (or with `null`, removes) the records at a name, keeping the rest. */
export function change(rrs: Rr[], name: string, type: string, values: Rr['value'][] | null): Rr[] {
  const kept = rrs.filter((r) => !(r.name === name && (r.type === type || values === null)));
  return [...kept, ...(values ?? []).map((value) => ({ name, type, value }))];
}

/** The Kyrios service zone: the SPF include and the hosts the CNAMEs and MX point to. */
export function kyriosZone(a: Addresses, dkimKey: string): Rr[] {
  return [
    { name: 'ns1.kyrios.test', type: 'A', value: a.bind },
    { name: 'spf.kyrios.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 -all' },
    { name: 'mx.kyrios.test', type: 'A', value: '192.0.2.25' },
    { name: 'bounce.kyrios.test', type: 'A', value: '192.0.2.26' },
    { name: 'track.kyrios.test', type: 'A', value: '192.0.2.27' },
    { name: 'nospf.kyrios.test', type: 'TXT', value: 'not an spf record' },
    { name: 'heavy.kyrios.test', type: 'TXT', value: 'v=spf1 a mx include:h2.kyrios.test ~all' },
    {
      name: 'h2.kyrios.test',
      type: 'TXT',
      value: 'v=spf1 a mx exists:x.kyrios.test a:b.kyrios.test mx:c.kyrios.test ptr ~all',
    },
    { name: 'k1.dkim.kyrios.test', type: 'TXT', value: `v=DKIM1; k=rsa; p=${dkimKey}` },
  ];
}
