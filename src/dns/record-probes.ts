import type { RecordType as WireType } from 'dns-packet';
import { statusOfCodes } from '../shared/dns-check';
import type { CheckContext, Expectation, Verdict } from './checks/common';
import { elsewhere, listValues, publishFix } from './checks/common';
import { evaluate } from './checks/evaluate';
import type { QueryResult } from './client';
import type { ObservedRR, Observation } from './observe';
import { present } from './observe';
import { answerOf } from './session';
import { canonicalName, nameProblem } from './wire';
import type { Zones } from './zones';
import { parentOf } from './zones';

/**
 * The questions a record may need besides its own, asked beside it rather than after it: the
 * doubled name a DNS host makes by appending the domain (`_dmarc.example.com.example.com`), and,
 * for an expected CNAME, what else the name holds. Their answers are read only when the record
 * turns out to be missing, but waiting for them then would cost another round trip.
 */

const OTHER_TYPES: WireType[] = ['A', 'AAAA', 'TXT', 'MX'];

/** One probe: its question, and the answer of the one server asked (null: no server to ask). */
interface Probe {
  name: string;
  type: WireType;
  result: Promise<QueryResult | null>;
}

export interface Probes {
  doubled: Probe[];
  other: Probe[];
}

function ask(zones: Zones, domain: string, name: string, type: WireType): Probe {
  return { name, type, result: zones.probe(domain, name, type) };
}

/** Starts the probes for a record at once (the doubled name under the domain is known now). */
export function startProbes(zones: Zones, domain: string, exp: Expectation): Probes {
  const name = canonicalName(exp.name);
  const type = exp.type as WireType;
  const candidate = `${name}.${domain}`;
  const doubled = nameProblem(candidate) === null ? [ask(zones, domain, candidate, type)] : [];
  const other = exp.type === 'CNAME' ? OTHER_TYPES.map((t) => ask(zones, domain, name, t)) : [];
  return { doubled, other };
}

/** The probe's answer, once it is needed: the zone's data at its name (a referral followed). */
async function observed(zones: Zones, domain: string, probe: Probe): Promise<Observation | null> {
  const result = await probe.result;
  if (!result) return null;
  const results = await zones.probeAnswers(domain, probe.name, probe.type, result);
  return results.map(answerOf).find((o) => o !== null) ?? null;
}

/** What a name holds when it has no CNAME: the records that would conflict with one. */
export async function otherDataAt(
  zones: Zones,
  domain: string,
  probes: Probes,
): Promise<ObservedRR[]> {
  const lists = await Promise.all(
    probes.other.map(async (probe) => {
      const obs = await observed(zones, domain, probe);
      return obs ? obs.rrs.filter((rr) => rr.type === probe.type) : [];
    }),
  );
  return lists.flat();
}

/**
 * The wildcard that made up all of `other`, if one did: the same data at `*.` + the parent. Asked
 * only when the name holds other data, which is the failing case.
 */
export async function wildcardOf(
  zones: Zones,
  domain: string,
  name: string,
  other: ObservedRR[],
): Promise<string | null> {
  const wildcard = `*.${parentOf(name)}`;
  if (nameProblem(wildcard) !== null || other.length === 0) return null;
  const types = [...new Set(other.map((rr) => rr.type))] as WireType[];
  const found = await Promise.all(
    types.map(async (t) => {
      const obs = await observed(zones, domain, ask(zones, domain, wildcard, t));
      return obs ? obs.rrs.filter((rr) => rr.type === t).map((rr) => `${t} ${rr.value}`) : [];
    }),
  );
  const there = new Set(found.flat());
  return other.every((rr) => there.has(`${rr.type} ${rr.value}`)) ? wildcard : null;
}

/** Looks for the record at NAME.domain (or NAME.apex), where a provider that appends it puts it. */
export async function findDoubled(
  zones: Zones,
  domain: string,
  probes: Probes,
  exp: Expectation,
  ctx: CheckContext,
): Promise<Verdict | null> {
  const name = canonicalName(exp.name);
  const byApex = `${name}.${ctx.zoneApex}`;
  const candidates = [...probes.doubled];
  if (
    ctx.zoneApex !== '' &&
    !candidates.some((p) => p.name === byApex) &&
    nameProblem(byApex) === null
  ) {
    candidates.push(ask(zones, domain, byApex, exp.type));
  }
  for (const probe of candidates) {
    const doubled = probe.name;
    const obs = await observed(zones, domain, probe);
    const there = obs?.rrs.filter((rr) => rr.type === exp.type || rr.type === 'CNAME') ?? [];
    if (!obs || there.length === 0) continue;
    const found = there.map((rr) => present(rr, exp.type));
    const atDoubled = await evaluate(obs, { ...exp, name: doubled }, elsewhere(ctx));
    const status = statusOfCodes(atDoubled.codes);
    const alsoWrong =
      status === 'fail'
        ? ` Its value needs fixing too: ${atDoubled.message}`
        : status === 'warn'
          ? ` Note: ${atDoubled.message}`
          : '';
    // What to publish at the right name: the expected value, else (mail basics) what is there now.
    const value = exp.expected ?? there.find((rr) => rr.type === exp.type)?.value ?? found[0] ?? '';
    const add = publishFix(exp.type, exp.name, value, ctx, exp.priority).replace(/^Add/, 'add');
    return {
      codes: ['doubled_name'],
      message: `No ${exp.type} record at ${exp.name}, but one is published at ${doubled} (${listValues(found, 2)}): the DNS host appended the domain to the full name typed in the host field.${alsoWrong}`,
      fix: `Delete the ${exp.type} record at ${doubled}, then ${add}`,
      found,
    };
  }
  return null;
}
