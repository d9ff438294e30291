import type { DmarcApplied, DnsCheckCode, DnsProvider } from '../../shared/dns-check';
import type { DmarcLookup } from '../../shared/dmarc';
import { EMPTY_APEX_PROVIDER_IDS } from '../../shared/host-field';
import type { RecordType } from '../../shared/records';
import type { Observation } from '../observe';
import { ofType, present } from '../observe';
import { hostFieldValue } from '../providers';
import type { TxtLookup } from '../session';
import { splitTxt } from '../wire';

/** The judgement on one record, before the propagation view is added. */
export interface Verdict {
  codes: DnsCheckCode[];
  message: string;
  fix: string | null;
  found: string[];
  /** DMARC: the record that applies. */
  dmarc?: DmarcApplied;
}

/** What the DMARC tree walk found above a record's domain (asked when the check starts). */
export interface DmarcAbove {
  /** `_dmarc` answers keyed by domain, for every ancestor the walk asks. */
  answers: Map<string, DmarcLookup>;
  /** False when the domain itself does not exist (NXDOMAIN): then np= applies. */
  domainExists: boolean;
}

/** What a check needs beyond the answers: where the record lives, who hosts it, more lookups. */
export interface CheckContext {
  domain: string;
  /** Apex of the zone holding the record (what a provider's host field is relative to). */
  zoneApex: string;
  provider: DnsProvider | null;
  /** TXT values at another name through the resolvers, or why none could tell. */
  lookupTxt: (name: string) => Promise<TxtLookup>;
  /** DMARC records: the walk above the record's domain. */
  dmarcAbove?: Promise<DmarcAbove>;
}

/**
 * The context for judging what is found at another name than the record's own (its doubled name, a
 * CNAME's target): the DMARC walk above the record's domain says nothing about that name.
 */
export function elsewhere(ctx: CheckContext): CheckContext {
  const { dmarcAbove: _walk, ...rest } = ctx;
  return rest;
}

/** The record as the check sees it: `expected` null means "report what is there" (mail basics). */
export interface Expectation {
  purpose: string;
  type: RecordType;
  name: string;
  expected: string | null;
  priority?: number;
}

export function foundValues(obs: Observation, type: string): string[] {
  const found: string[] = [];
  for (const rr of obs.rrs)
    if (rr.type === type || rr.type === 'CNAME') found.push(present(rr, type));
  return found;
}

export function listValues(values: string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => `"${clip(v)}"`);
  const more = values.length > max ? ` and ${values.length - max} more` : '';
  return shown.join(', ') + more;
}

export function clip(value: string, max = 90): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** How to type the host in this zone's provider, in one sentence. */
export function hostInstruction(name: string, ctx: CheckContext): string {
  const host = hostFieldValue(name, ctx.zoneApex);
  const p = ctx.provider;
  if (p && host === '@' && EMPTY_APEX_PROVIDER_IDS.includes(p.id)) {
    return `In ${p.name}, leave the host/name field empty for ${ctx.zoneApex} itself (no @: ${p.name} adds .${ctx.zoneApex} to whatever is typed there).`;
  }
  if (p?.hostField === 'relative') {
    return `In ${p.name}, type ${host} in the host/name field (${p.name} adds .${ctx.zoneApex} itself).`;
  }
  if (p) return `In ${p.name}, type ${host} (or the full name ${name}) in the name field.`;
  return `Type ${host} in your DNS host's name field if it adds .${ctx.zoneApex} itself (most do), or the full name with a final dot (${name}.) if it takes full names.`;
}

/** A TXT value the way this provider's form wants it: quoted 255-byte strings where required. */
export function txtForProvider(value: string, ctx: CheckContext): string {
  const quoting = ctx.provider?.id === 'route53' || ctx.provider?.id === 'google_cloud_dns';
  const bytes = Buffer.byteLength(value);
  if (quoting)
    return splitTxt(value)
      .map((b) => `"${b.toString('utf8')}"`)
      .join(' ');
  if (bytes > 255) {
    return `${value} (${bytes} characters: paste it whole; if your DNS host rejects it, enter it as several quoted strings of at most 255 characters, "…" "…", which DNS joins back together)`;
  }
  return value;
}

export function publishFix(
  type: RecordType,
  name: string,
  value: string,
  ctx: CheckContext,
  priority?: number,
): string {
  const shown = type === 'TXT' ? txtForProvider(value, ctx) : value;
  const prio = type === 'MX' ? ` with priority ${priority ?? 10}` : '';
  return `Add a ${type} record at ${name}${prio}, value: ${shown}. ${hostInstruction(name, ctx)}`;
}

/**
 * A value as it would read without literal quote characters: a whole value in quotes, or quoted
 * pieces pasted one after the other ("part one" "part two").
 */
export function unquote(value: string): string | null {
  if (!value.includes('"')) return null;
  const trimmed = value.trim();
  const pieces = /^("[^"]*"\s*)+$/.test(trimmed)
    ? [...trimmed.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '').join('')
    : trimmed.replace(/"/g, '');
  return pieces;
}

/** The name holds a CNAME, and this record type cannot sit beside it (RFC 1034 §3.6.2). */
export function cnameConflict(
  obs: Observation,
  exp: Expectation,
  ctx: CheckContext,
): Verdict | null {
  const cnames = ofType(obs, 'CNAME');
  if (cnames.length === 0 || exp.type === 'CNAME') return null;
  const target = cnames[0] ?? '';
  const what =
    exp.expected === null
      ? `the ${exp.type} record`
      : `the ${exp.type} record ${clip(exp.expected, 60)}`;
  return {
    codes: ['cname_conflict'],
    message: `${exp.name} is a CNAME to ${target}, where a ${exp.type} record is expected. A name with a CNAME can hold no other record, so ${what} cannot be seen there.`,
    fix: `Delete the CNAME at ${exp.name} (pointing to ${target}), then ${
      exp.expected === null
        ? `publish the ${exp.type} record there.`
        : publishFix(exp.type, exp.name, exp.expected, ctx, exp.priority).replace(/^Add/, 'add')
    }`,
    found: foundValues(obs, exp.type),
  };
}

export function missingVerdict(obs: Observation, exp: Expectation, ctx: CheckContext): Verdict {
  const why =
    obs.rcode === 'NXDOMAIN'
      ? `the name ${exp.name} does not exist`
      : `${exp.name} exists but holds no ${exp.type} record`;
  const other =
    obs.rrs.length > 0 ? ` (it has: ${listValues(obs.rrs.map((r) => present(r, '')))})` : '';
  return {
    codes: ['missing'],
    message: `No ${exp.type} record found on the zone's authoritative servers: ${why}${other}.`,
    fix:
      exp.expected === null
        ? null
        : publishFix(exp.type, exp.name, exp.expected, ctx, exp.priority),
    found: [],
  };
}
