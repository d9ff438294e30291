import type { RecordType as WireType } from 'dns-packet';
import type { DnsProvider, DnsServerAnswer, RecordCheckResult } from '../shared/dns-check';
import { recordStatus, statusOfCodes, statusRank } from '../shared/dns-check';
import type { RecordPurpose } from '../shared/records';
import type { QueryResult } from './client';
import type { CheckContext, Expectation, Verdict } from './checks/common';
import { listValues, publishFix } from './checks/common';
import { evaluate } from './checks/evaluate';
import type { ObservedRR, Observation } from './observe';
import { observe, observedTtl, present, signature } from './observe';
import { propagation } from './propagation';
import { formatServer } from './server-address';
import { isAtOrBelow } from './session';
import type { DnsSession, Zone, ZoneLookup } from './session';
import { canonicalName, nameProblem } from './wire';

/** One record to check: an expected record, or (expected null) a mail basic to report on. */
export interface RecordSpec extends Expectation {
  purpose: RecordPurpose;
  required: boolean;
}

export interface RecordRun {
  session: DnsSession;
  domain: string;
  provider: DnsProvider | null;
  now: () => Date;
}

function cell(
  result: QueryResult,
  role: DnsServerAnswer['role'],
  agreeWith: string | null,
): DnsServerAnswer {
  const obs = observe(result);
  const type = result.type;
  return {
    server: formatServer(result.server),
    host: result.server.label ?? null,
    role,
    rcode: result.rcode,
    answers: obs ? obs.rrs.map((rr) => present(rr, type)) : [],
    ttl: obs ? observedTtl(obs, type) : null,
    ms: Math.round(result.ms * 10) / 10,
    agrees: obs && agreeWith !== null ? signature(obs, type) === agreeWith : null,
  };
}

function describeFailures(results: QueryResult[]): string {
  return results
    .map(
      (r) => `${r.server.label ? `${r.server.label} ` : ''}(${formatServer(r.server)}) ${r.rcode}`,
    )
    .join(', ');
}

function lookupFailed(message: string, fix: string): Verdict {
  return { codes: ['lookup_failed'], message, fix, found: [] };
}

/**
 * The zone to start from. Names under the domain start at the domain's zone, and a delegated
 * subzone is reached through the referral its parent gives, as an iterative resolver does: one
 * discovery per domain instead of one per record.
 */
function zoneLookupFor(run: RecordRun, name: string): Promise<ZoneLookup> {
  return run.session.findZone(isAtOrBelow(name, run.domain) ? run.domain : name);
}

/** Looks for the record at NAME.domain, where a provider that appends the domain puts it. */
async function findDoubled(
  run: RecordRun,
  spec: RecordSpec,
  zone: Zone,
  ctx: CheckContext,
): Promise<Verdict | null> {
  const candidates = [
    ...new Set([`${spec.name}.${run.domain}`, `${spec.name}.${zone.apex}`]),
  ].filter((n) => zone.apex !== '' && nameProblem(n) === null);
  for (const doubled of candidates) {
    const lookup = await zoneLookupFor(run, doubled);
    if (!lookup.ok) continue;
    const { results } = await run.session.queryAuthoritative(lookup.zone, doubled, spec.type);
    const obs = results.map(observe).find((o) => o !== null);
    const there = obs?.rrs.filter((rr) => rr.type === spec.type || rr.type === 'CNAME') ?? [];
    if (!obs || there.length === 0) continue;
    const found = there.map((rr) => present(rr, spec.type));
    const atDoubled = await evaluate(obs, { ...spec, name: doubled }, ctx);
    const status = statusOfCodes(atDoubled.codes);
    const alsoWrong =
      status === 'fail'
        ? ` Its value needs fixing too: ${atDoubled.message}`
        : status === 'warn'
          ? ` Note: ${atDoubled.message}`
          : '';
    // What to publish at the right name: the expected value, else (mail basics) what is there now.
    const value =
      spec.expected ?? there.find((rr) => rr.type === spec.type)?.value ?? found[0] ?? '';
    const add = publishFix(spec.type, spec.name, value, ctx, spec.priority).replace(/^Add/, 'add');
    return {
      codes: ['doubled_name'],
      message: `No ${spec.type} record at ${spec.name}, but one is published at ${doubled} (${listValues(found, 2)}): the DNS host appended the domain to the full name typed in the host field.${alsoWrong}`,
      fix: `Delete the ${spec.type} record at ${doubled}, then ${add}`,
      found,
    };
  }
  return null;
}

/** What a name holds when it has no CNAME: the records that would conflict with one. */
async function otherDataAt(run: RecordRun, zone: Zone, name: string): Promise<ObservedRR[]> {
  const types: WireType[] = ['A', 'AAAA', 'TXT', 'MX'];
  const lists = await Promise.all(
    types.map(async (type) => {
      const { results } = await run.session.queryAuthoritative(zone, name, type);
      const obs = results.map(observe).find((o) => o !== null);
      return obs ? obs.rrs.filter((rr) => rr.type === type) : [];
    }),
  );
  return lists.flat();
}

function expectedText(spec: RecordSpec): string | null {
  if (spec.expected === null) return null;
  return spec.type === 'MX' && spec.priority !== undefined
    ? `${spec.priority} ${spec.expected}`
    : spec.expected;
}

export async function checkRecord(run: RecordRun, spec: RecordSpec): Promise<RecordCheckResult> {
  const type = spec.type as WireType;
  const name = canonicalName(spec.name);
  const expected = expectedText(spec);
  const finish = (
    v: Verdict,
    servers: DnsServerAnswer[],
    agreeBy: string | null = null,
  ): RecordCheckResult => ({
    purpose: spec.purpose,
    type: spec.type,
    name,
    required: spec.required,
    expected,
    status: recordStatus(v.codes, spec.required),
    codes: v.codes,
    message: v.message,
    fix: v.fix,
    found: v.found,
    servers,
    agreeBy,
  });
  const resolverPromise = run.session.askResolvers(name, type);
  const lookup = await zoneLookupFor(run, name);
  if (!lookup.ok) {
    const role = run.session.options.authoritative ? 'authoritative' : 'resolver';
    const servers = [...lookup.results.map((r) => cell(r, role, null))];
    const v = lookupFailed(
      `Could not find the authoritative servers for ${name}: ${lookup.reason}${lookup.results.length > 0 ? ` (${describeFailures(lookup.results)})` : ''}. This says nothing about whether the record exists.`,
      "Check this computer's network connection and DNS settings (or the servers given to the check), then check again.",
    );
    await resolverPromise;
    return finish(v, servers);
  }
  const { zone, results } = await run.session.queryAuthoritative(lookup.zone, name, type);
  const resolverResults = await resolverPromise;
  const ctx: CheckContext = {
    domain: run.domain,
    zoneApex: zone.apex,
    provider: run.provider,
    lookupTxt: (n) => run.session.lookupTxt(n),
  };
  const answered: { r: QueryResult; obs: Observation }[] = [];
  for (const r of results) {
    const obs = observe(r);
    if (obs) answered.push({ r, obs });
  }
  if (answered.length === 0) {
    const servers = [
      ...results.map((r) => cell(r, 'authoritative', null)),
      ...resolverResults.map((r) => cell(r, 'resolver', null)),
    ];
    const count = zone.servers.length;
    const v =
      count === 0
        ? lookupFailed(
            `The zone ${zone.apex} names nameservers (${zone.nameservers.join(', ') || 'none'}) whose addresses could not be found, so ${name} could not be checked.`,
            'Check the nameservers (NS records) set at your registrar for this domain: each must resolve to an address.',
          )
        : lookupFailed(
            `None of the ${count} authoritative server(s) of ${zone.apex} answered for ${name}: ${describeFailures(results)}. A server failure is not a missing record; the record could not be checked.`,
            `Check that the nameservers of ${zone.apex} at your registrar are the ones your DNS host gave you and that the DNS host is up; then check again.`,
          );
    return finish(v, servers);
  }

  // Servers of one zone may disagree (a secondary behind): judge each distinct answer, keep the best.
  const groups = new Map<string, Observation>();
  for (const { obs } of answered) groups.set(signature(obs, type), obs);
  let chosen: { sig: string; obs: Observation; verdict: Verdict } | null = null;
  for (const [sig, obs] of groups) {
    const verdict = await evaluate(obs, spec, ctx);
    const rank = statusRank(statusOfCodes(verdict.codes));
    if (!chosen || rank < statusRank(statusOfCodes(chosen.verdict.codes)))
      chosen = { sig, obs, verdict };
  }
  if (!chosen) throw new Error('unreachable: at least one answer was grouped');
  let verdict = chosen.verdict;
  if (verdict.codes.length === 1 && verdict.codes[0] === 'missing') {
    if (spec.type === 'CNAME' && chosen.obs.rcode === 'NOERROR') {
      const other = await otherDataAt(run, zone, name);
      if (other.length > 0) verdict = await evaluate(chosen.obs, spec, ctx, other);
    }
    if (verdict.codes[0] === 'missing')
      verdict = (await findDoubled(run, spec, zone, ctx)) ?? verdict;
  }
  if (groups.size > 1) {
    const odd = answered.filter((a) => signature(a.obs, type) !== chosen.sig).map((a) => a.r);
    verdict = {
      ...verdict,
      codes: [...verdict.codes.filter((c) => c !== 'ok'), 'authoritative_disagree'],
      message: `${verdict.message} The zone's servers disagree: ${describeFailures(odd).replace(/ NOERROR| NXDOMAIN/g, '')} serve(s) different data (${listValues(odd.flatMap((r) => cell(r, 'authoritative', null).answers)) || 'nothing'}), so some receivers see the old state.`,
      fix:
        verdict.fix ??
        `Nothing to change if you just edited ${name}: secondary servers update after the zone's refresh interval. If it lasts for hours, ask your DNS host.`,
    };
  }
  const servers = results.map((r) => cell(r, 'authoritative', chosen.sig));
  const resolverServers = resolverResults.map((r) => cell(r, 'resolver', chosen.sig));
  servers.push(...resolverServers);
  if (statusOfCodes(verdict.codes) === 'fail') return finish(verdict, servers);
  const spread = propagation(resolverServers, zone.negativeTtl, run.now());
  if (spread.kind === 'lagging') {
    verdict = {
      ...verdict,
      codes: [...verdict.codes.filter((c) => c !== 'ok'), 'not_propagated'],
      message: `${verdict.message} ${spread.message}`,
      fix: verdict.fix === null ? spread.fix : `${verdict.fix} ${spread.fix}`,
    };
    return finish(verdict, servers, spread.agreeBy);
  }
  if (spread.kind === 'unknown')
    verdict = { ...verdict, message: `${verdict.message} ${spread.message}` };
  return finish(verdict, servers);
}
