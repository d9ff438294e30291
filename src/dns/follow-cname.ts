import type { RecordType as WireType } from 'dns-packet';
import { statusOfCodes } from '../shared/dns-check';
import type { QueryResult } from './client';
import type { CheckContext, Expectation, Verdict } from './checks/common';
import { cnameConflict, elsewhere, listValues } from './checks/common';
import { evaluate } from './checks/evaluate';
import { describeFailures } from './describe';
import { observe, ofType, present, valueOf } from './observe';
import type { ObservedRR, Observation } from './observe';
import type { DnsSession } from './session';
import { canonicalName } from './wire';

/**
 * A record expected as TXT or MX that is published as a CNAME: receivers follow the CNAME and use
 * what its target holds, so the check does too. When the target holds the right value the record
 * passes (`cname_followed`), saying where the value really lives; otherwise the CNAME is what
 * stands in the way (`cname_conflict`), with what the target holds.
 */

const MAX_CHAIN = 8;

/** The end of a CNAME chain inside one answer, and the records of `type` found there. */
function chainEnd(
  answers: QueryResult['answers'],
  start: string,
  type: string,
): { target: string; rrs: ObservedRR[] } {
  let target = start;
  for (let hops = 0; hops < MAX_CHAIN; hops++) {
    const next = answers.find(
      (a) => a.type === 'CNAME' && typeof a.name === 'string' && canonicalName(a.name) === target,
    );
    const value = next ? valueOf(next) : null;
    if (!value) break;
    target = value;
  }
  const rrs: ObservedRR[] = [];
  for (const a of answers) {
    if (a.type !== type || typeof a.name !== 'string' || canonicalName(a.name) !== target) continue;
    const value = valueOf(a);
    if (value !== null) rrs.push({ type, value, ttl: 'ttl' in a ? (a.ttl ?? 0) : 0 });
  }
  return { target, rrs };
}

/** What the target of the CNAME holds: from the same answer, else through the resolvers. */
async function targetData(
  session: DnsSession,
  result: QueryResult,
  first: string,
  type: WireType,
): Promise<{ target: string; obs: Observation } | { target: string; error: string }> {
  const inAnswer = chainEnd(result.answers, first, type);
  if (inAnswer.rrs.length > 0) {
    return {
      target: inAnswer.target,
      obs: { rcode: 'NOERROR', rrs: inAnswer.rrs, negativeTtl: null },
    };
  }
  const target = inAnswer.target;
  const resolved = await session.resolve(target, type);
  const obs = resolved ? observe(resolved) : null;
  if (!resolved || !obs) {
    const failures = await session.askResolvers(target, type);
    return { target, error: describeFailures(failures) || 'no resolver to ask' };
  }
  const end = chainEnd(resolved.answers, target, type);
  return {
    target: end.target,
    obs: { rcode: obs.rcode, rrs: end.rrs, negativeTtl: obs.negativeTtl },
  };
}

export async function followCname(
  session: DnsSession,
  result: QueryResult,
  obs: Observation,
  exp: Expectation,
  ctx: CheckContext,
): Promise<Verdict | null> {
  const first = ofType(obs, 'CNAME')[0];
  if (first === undefined || exp.type === 'CNAME') return null;
  const type = exp.type as WireType;
  const cname = `${exp.name} is a CNAME to ${first}`;
  const found = obs.rrs.map((rr) => present(rr, type));
  const data = await targetData(session, result, first, type);
  if ('error' in data) {
    return {
      codes: ['lookup_failed'],
      message: `${cname}, and what ${data.target} holds could not be read: ${data.error}. Receivers follow the CNAME, so that is the value that counts; it could not be checked.`,
      fix: 'Check again in a few minutes.',
      found,
    };
  }
  const atTarget = await evaluate(data.obs, { ...exp, name: data.target }, elsewhere(ctx));
  const shown = data.obs.rrs.map((rr) => rr.value);
  const targetFound = shown.length > 0 ? shown : [];
  const status = statusOfCodes(atTarget.codes);
  if (status === 'pass' || status === 'warn') {
    const via = data.target === first ? first : `${first}, then on to ${data.target}`;
    return {
      ...atTarget,
      codes: ['cname_followed', ...atTarget.codes.filter((c) => c !== 'ok')],
      message: `${exp.name} is a CNAME to ${via}, and receivers follow it: ${atTarget.message} The value lives at ${data.target}, so it changes whenever whoever controls ${data.target} changes it, with nothing changing at ${exp.name}.`,
      found: [...found, ...targetFound],
    };
  }
  const conflict = cnameConflict(obs, exp, ctx);
  if (!conflict) return null;
  const holds =
    targetFound.length > 0
      ? `holds ${listValues(targetFound)}`
      : data.obs.rcode === 'NXDOMAIN'
        ? 'does not exist'
        : `holds no ${exp.type} record`;
  return {
    ...conflict,
    message: `${conflict.message} Receivers follow it to ${data.target}, which ${holds}${targetFound.length > 0 ? `: ${atTarget.message}` : '.'}`,
    fix: `${conflict.fix ?? ''} (Or have whoever controls ${data.target} publish the expected value there.)`.trim(),
    found: [...found, ...targetFound],
  };
}
