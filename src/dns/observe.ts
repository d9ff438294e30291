import type { Answer } from 'dns-packet';
import type { QueryResult } from './client';
import { canonicalName, joinTxt } from './wire';

/**
 * Turns decoded answers into plain values the checks compare. Decoded data comes off the wire,
 * so every field is checked for its type before use: a hostile server decides what is in there.
 */

export interface ObservedRR {
  type: string;
  /** TXT: strings joined; CNAME/NS: lowercase, no trailing dot; MX: `PREFERENCE host`. */
  value: string;
  ttl: number;
}

export interface Observation {
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** Records owned by the queried name, of any type (a CNAME shows up here). */
  rrs: ObservedRR[];
  /** From the SOA in the authority section: how long a negative answer may be cached. */
  negativeTtl: number | null;
}

function ttlOf(answer: Answer): number {
  const ttl = 'ttl' in answer ? answer.ttl : undefined;
  return typeof ttl === 'number' && Number.isFinite(ttl) && ttl >= 0 ? Math.floor(ttl) : 0;
}

function hostValue(data: unknown): string | null {
  return typeof data === 'string' ? canonicalName(data) : null;
}

export function valueOf(answer: Answer): string | null {
  const data: unknown = 'data' in answer ? answer.data : undefined;
  switch (answer.type) {
    case 'TXT':
      return joinTxt(data);
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return hostValue(data);
    case 'A':
    case 'AAAA':
      return typeof data === 'string' ? data : null;
    case 'MX': {
      if (typeof data !== 'object' || data === null) return null;
      const { preference, exchange } = data as { preference?: unknown; exchange?: unknown };
      if (typeof exchange !== 'string') return null;
      return `${typeof preference === 'number' ? preference : 0} ${canonicalName(exchange)}`;
    }
    case 'SOA': {
      if (typeof data !== 'object' || data === null) return null;
      const { mname, rname, serial } = data as {
        mname?: unknown;
        rname?: unknown;
        serial?: unknown;
      };
      return `${String(mname)} ${String(rname)} ${String(serial)}`;
    }
    default:
      return '';
  }
}

/** SOA owner, TTL and minimum from an authority or answer section. */
export function findSoa(section: Answer[]): { owner: string; ttl: number; minimum: number } | null {
  for (const answer of section) {
    if (answer.type !== 'SOA' || typeof answer.name !== 'string') continue;
    const data: unknown = answer.data;
    const minimum =
      typeof data === 'object' &&
      data !== null &&
      typeof (data as { minimum?: unknown }).minimum === 'number'
        ? (data as { minimum: number }).minimum
        : 0;
    return { owner: canonicalName(answer.name), ttl: ttlOf(answer), minimum };
  }
  return null;
}

// Kept on the result itself: a WeakMap over thousands of short-lived results costs the GC more.
const OBSERVED = Symbol('observation');
type Cached = QueryResult & { [OBSERVED]?: Observation | null };

/** Null when the result is not an answer (SERVFAIL, REFUSED, timeout…). Computed once per result. */
export function observe(result: QueryResult): Observation | null {
  const cached = result as Cached;
  let obs = cached[OBSERVED];
  if (obs === undefined) {
    obs = observeNow(result);
    cached[OBSERVED] = obs;
  }
  return obs;
}

function observeNow(result: QueryResult): Observation | null {
  if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') return null;
  const qname = canonicalName(result.name);
  const rrs: ObservedRR[] = [];
  for (const answer of result.answers) {
    if (typeof answer.name !== 'string' || canonicalName(answer.name) !== qname) continue;
    const value = valueOf(answer);
    if (value === null) continue;
    rrs.push({ type: String(answer.type), value, ttl: ttlOf(answer) });
  }
  const soa = findSoa(result.authorities);
  return {
    rcode: result.rcode,
    rrs,
    negativeTtl: soa ? Math.min(soa.ttl, soa.minimum) : null,
  };
}

export function ofType(obs: Observation, type: string): string[] {
  // A loop rather than filter().map(): the checks call this for every answer, several times.
  const values: string[] = [];
  for (const rr of obs.rrs) if (rr.type === type) values.push(rr.value);
  return values;
}

/** How a record shows in `answers` and `found`: other types than the one asked are prefixed. */
export function present(rr: Pick<ObservedRR, 'type' | 'value'>, askedType: string): string {
  if (rr.type === askedType) return rr.value;
  return rr.value === '' ? rr.type : `${rr.type} ${rr.value}`;
}

/** The answer's TTL for the asked type (lowest of the set), or the negative TTL. */
export function observedTtl(obs: Observation, askedType: string): number | null {
  let lowest: number | null = null;
  for (const rr of obs.rrs) {
    if (rr.type !== askedType && rr.type !== 'CNAME') continue;
    if (lowest === null || rr.ttl < lowest) lowest = rr.ttl;
  }
  return lowest ?? obs.negativeTtl;
}

// Per observation, for the one type it is compared for (the record's type): a check compares each
// answer several times (grouping the authoritative answers, then every server's cell), and a
// signature holds whole values (a DKIM key is 400 characters).
const SIGNED = Symbol('signature');
type Signed = Observation & { [SIGNED]?: { type: string; signature: string } };

/**
 * What two servers must share to "agree": the answer kind and the set of data at the name for the
 * asked type (and a CNAME), order ignored. TTLs differ between caches and are left out.
 */
export function signature(obs: Observation, askedType: string): string {
  const signed = obs as Signed;
  const cached = signed[SIGNED];
  if (cached?.type === askedType) return cached.signature;
  const values: string[] = [];
  for (const rr of obs.rrs) {
    if (rr.type === askedType || rr.type === 'CNAME') values.push(`${rr.type} ${rr.value}`);
  }
  values.sort();
  const kind = values.length > 0 ? 'DATA' : obs.rcode;
  const computed = `${kind}\n${values.join('\n')}`;
  signed[SIGNED] = { type: askedType, signature: computed };
  return computed;
}
