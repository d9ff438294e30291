import type { RecordType as WireType } from 'dns-packet';
import type { DnsProvider, DnsServerAnswer, RecordCheckResult } from '../shared/dns-check';
import { recordStatus, statusOfCodes, statusRank } from '../shared/dns-check';
import { dmarcWalkDomains } from '../shared/dmarc';
import type { DmarcLookup } from '../shared/dmarc';
import type { RecordPurpose } from '../shared/records';
import type { QueryResult } from './client';
import type { CheckContext, DmarcAbove, Expectation, Verdict } from './checks/common';
import { listValues } from './checks/common';
import { evaluate } from './checks/evaluate';
import { isSpf, spfTree } from './checks/spf-tree';
import { andList, describeFailures, serverName } from './describe';
import type { Dnssec } from './dnssec';
import { followCname } from './follow-cname';
import type { Observation } from './observe';
import { observe, observedTtl, ofType, present, signature } from './observe';
import { propagation } from './propagation';
import { findDoubled, otherDataAt, startProbes, wildcardOf } from './record-probes';
import { formatServer } from './server-address';
import { answerOf, handled } from './session';
import type { DnsSession } from './session';
import { canonicalName } from './wire';
import type { AuthoritativeAnswers, Zone, Zones } from './zones';

/** One record to check: an expected record, or (expected null) a mail basic to report on. */
export interface RecordSpec extends Expectation {
  purpose: RecordPurpose;
  required: boolean;
}

export interface RecordRun {
  session: DnsSession;
  zones: Zones;
  dnssec: Dnssec;
  domain: string;
  provider: Promise<DnsProvider | null>;
  now: () => Date;
}

/** A record's result, and the zone whose servers answered for it (for the domain's DNSSEC). */
export interface RecordOutcome {
  result: RecordCheckResult;
  zone: Zone | null;
  bogus: boolean;
}

function cell(
  result: QueryResult,
  role: DnsServerAnswer['role'],
  agreeWith: string | null,
): DnsServerAnswer {
  const obs = role === 'authoritative' ? answerOf(result) : observe(result);
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

function lookupFailed(message: string, fix: string): Verdict {
  return { codes: ['lookup_failed'], message, fix, found: [] };
}

/**
 * The DMARC tree walk above a `_dmarc` record's domain, every name asked at once. A name every
 * resolver refuses is read as holding no record: REFUSED is a server's policy (an authoritative-only
 * server asked as a resolver, a split-horizon resolver), not a failure another try could mend.
 */
function startDmarcWalk(run: RecordRun, name: string): Promise<DmarcAbove> | undefined {
  if (!name.startsWith('_dmarc.')) return undefined;
  const domain = name.slice('_dmarc.'.length);
  const above = dmarcWalkDomains(domain).slice(1);
  const walk = Promise.all([
    Promise.all(above.map((d) => run.session.lookupTxt(`_dmarc.${d}`))),
    run.zones.nameExists(domain),
  ]).then(([lookups, exists]) => ({
    answers: new Map(
      above.map((d, i): [string, DmarcLookup] => {
        const got = lookups[i];
        if (got?.kind === 'error' && got.refused) return [d, { kind: 'none' }];
        if (!got || got.kind === 'error') return [d, { kind: 'error', reason: got?.reason ?? '' }];
        return [d, got.txt.length > 0 ? { kind: 'answer', txt: got.txt } : { kind: 'none' }];
      }),
    ),
    domainExists: exists !== false,
  }));
  // Read only when no record is at the domain itself.
  return handled(walk);
}

/**
 * Asks the includes of the SPF record the resolvers serve as soon as it arrives, before the
 * zone's own servers are even known: it is nearly always the same record, and its includes are
 * then answered by the time the authoritative one is judged.
 */
function prefetchIncludes(run: RecordRun, resolvers: Promise<QueryResult[]>): void {
  const ctx: CheckContext = {
    domain: run.domain,
    zoneApex: '',
    provider: null,
    lookupTxt: (n) => run.session.lookupTxt(n),
  };
  resolvers
    .then(async (results) => {
      const obs = results.map(observe).find((o) => o !== null);
      const records = obs ? ofType(obs, 'TXT').filter(isSpf) : [];
      if (records.length === 1) await spfTree(records[0] ?? '', ctx);
    })
    .catch(() => undefined);
}

/** Servers that said nothing at all: no answer, nothing listening, no route. */
const SILENT = new Set(['TIMEOUT', 'UNREACHABLE', 'NETWORK_ERROR', 'ABORTED']);

/**
 * The zone's servers could not even be found. When every server asked was silent the network is
 * the likely cause; when they answered with an error, the zone's own servers are failing.
 */
function discoveryFailed(
  run: RecordRun,
  name: string,
  reason: string,
  results: QueryResult[],
): { verdict: Verdict; servers: DnsServerAnswer[] } {
  const given = run.session.options.authoritative !== undefined;
  const role = given ? 'authoritative' : 'resolver';
  const silent = results.every((r) => SILENT.has(r.rcode));
  const what = `Could not find the authoritative servers for ${name}: ${reason}${results.length > 0 ? `; ${describeFailures(results)}` : ''}.`;
  const verdict =
    silent || given
      ? lookupFailed(
          `${what} This says nothing about whether the record exists.`,
          "Check this computer's network connection and DNS settings (or the servers given to the check), then check again.",
        )
      : lookupFailed(
          `${what} The resolvers answer, but cannot get an answer from the zone's own servers: they are down, refuse the zone, or its DNSSEC is broken. This says nothing about whether the record exists.`,
          `Check with your DNS host that the nameservers of ${run.domain} (its NS records at your registrar) are up and serve the zone; then check again.`,
        );
  return { verdict, servers: results.map((r) => cell(r, role, null)) };
}

/** Nobody of the zone gave an answer: why, naming the servers (never "missing"). */
function noAnswer(name: string, answers: AuthoritativeAnswers): Verdict {
  const { zone, results, unreachable } = answers;
  if (unreachable) {
    const hosts = andList(unreachable.nameservers);
    return lookupFailed(
      `${unreachable.child} is delegated to ${hosts || 'no nameserver'}, and no address could be found for ${unreachable.nameservers.length === 1 ? 'it' : 'any of them'}, so ${name} could not be checked. The parent zone's answer was a referral, which is never an answer.`,
      `Fix the delegation of ${unreachable.child}: give ${hosts || 'its nameservers'} an address (A or AAAA record), or change its NS records to nameservers that exist; then check again.`,
    );
  }
  if (zone.servers.length === 0) {
    return lookupFailed(
      `The zone ${zone.apex} names nameservers (${zone.nameservers.join(', ') || 'none'}) whose addresses could not be found, so ${name} could not be checked.`,
      'Check the nameservers (NS records) set at your registrar for this domain: each must resolve to an address.',
    );
  }
  const hosts = [...new Set(zone.servers.map((s) => s.label ?? formatServer(s)))];
  return lookupFailed(
    `None of the ${zone.servers.length} authoritative server(s) of ${zone.apex} answered for ${name}: ${describeFailures(results)}. A server failure is not a missing record; the record could not be checked.`,
    `Check that ${andList(hosts)}, the nameserver${hosts.length === 1 ? '' : 's'} of ${zone.apex}, ${hosts.length === 1 ? 'is' : 'are'} up and serve${hosts.length === 1 ? 's' : ''} the zone (ask your DNS host), and that ${hosts.length === 1 ? 'it is' : 'they are'} the nameservers set at your registrar; then check again.`,
  );
}

export async function checkRecord(run: RecordRun, spec: RecordSpec): Promise<RecordOutcome> {
  const type = spec.type as WireType;
  const name = canonicalName(spec.name);
  const expected =
    spec.expected === null
      ? null
      : spec.type === 'MX' && spec.priority !== undefined
        ? `${spec.priority} ${spec.expected}`
        : spec.expected;
  const finish = (
    v: Verdict,
    servers: DnsServerAnswer[],
    zone: Zone | null,
    agreeBy: string | null = null,
    bogus = false,
  ): RecordOutcome => ({
    zone,
    bogus,
    result: {
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
      ...(v.dmarc ? { dmarc: v.dmarc } : {}),
    },
  });
  // Everything that does not depend on an answer goes out now, together.
  const resolverPromise = run.session.askResolvers(name, type);
  const mainPromise = run.zones.authoritative(run.domain, name, type);
  const probes = startProbes(run.zones, run.domain, { ...spec, name });
  const dmarcAbove = spec.purpose === 'dmarc' ? startDmarcWalk(run, name) : undefined;
  if (type === 'TXT' && (spec.purpose === 'spf' || name === run.domain)) {
    prefetchIncludes(run, resolverPromise);
  }
  const main = await mainPromise;
  if (!main.ok) {
    const failed = discoveryFailed(run, name, main.reason, main.results);
    await resolverPromise;
    return finish(failed.verdict, failed.servers, null);
  }
  const { zone, results } = main.answers;
  const resolverResults = await resolverPromise;
  const ctx: CheckContext = {
    domain: run.domain,
    zoneApex: zone.apex,
    provider: await run.provider,
    lookupTxt: (n) => run.session.lookupTxt(n),
    ...(dmarcAbove ? { dmarcAbove } : {}),
  };
  const answered: { r: QueryResult; obs: Observation }[] = [];
  for (const r of results) {
    const obs = answerOf(r);
    if (obs) answered.push({ r, obs });
  }
  if (answered.length === 0) {
    const servers = [
      ...results.map((r) => cell(r, 'authoritative', null)),
      ...resolverResults.map((r) => cell(r, 'resolver', null)),
    ];
    return finish(noAnswer(name, main.answers), servers, zone);
  }

  // Servers of one zone may disagree (a secondary behind): judge each distinct answer, keep the best.
  const groups = new Map<string, { r: QueryResult; obs: Observation }>();
  for (const a of answered) groups.set(signature(a.obs, type), a);
  let chosen: { sig: string; obs: Observation; verdict: Verdict } | null = null;
  for (const [sig, { r, obs }] of groups) {
    const verdict =
      (await followCname(run.session, r, obs, spec, ctx)) ?? (await evaluate(obs, spec, ctx));
    const rank = statusRank(statusOfCodes(verdict.codes));
    if (!chosen || rank < statusRank(statusOfCodes(chosen.verdict.codes)))
      chosen = { sig, obs, verdict };
  }
  if (!chosen) throw new Error('unreachable: at least one answer was grouped');
  let verdict = chosen.verdict;
  if (verdict.codes.length === 1 && verdict.codes[0] === 'missing') {
    if (spec.type === 'CNAME' && chosen.obs.rcode === 'NOERROR') {
      const other = await otherDataAt(run.zones, run.domain, probes);
      if (other.length > 0) {
        const wildcard = await wildcardOf(run.zones, run.domain, name, other);
        verdict = await evaluate(chosen.obs, spec, ctx, other, wildcard);
      }
    }
    if (verdict.codes[0] === 'missing' && verdict.codes.length === 1)
      verdict = (await findDoubled(run.zones, run.domain, probes, spec, ctx)) ?? verdict;
  }
  // Servers of the zone that gave no answer while others did: named, as receivers meet them too.
  const silent = results.filter((r) => !answerOf(r));
  if (silent.length > 0) {
    const some = silent.length === 1 ? 'One of the zone' : 'Some of the zone';
    verdict = {
      ...verdict,
      message: `${verdict.message} ${some}'s servers gave no answer: ${describeFailures(silent)}; receivers that ask ${silent.length === 1 ? 'it' : 'them'} wait, then try another.`,
    };
  }
  if (groups.size > 1) {
    const odd = answered.filter((a) => signature(a.obs, type) !== chosen.sig).map((a) => a.r);
    verdict = {
      ...verdict,
      codes: [...verdict.codes.filter((c) => c !== 'ok'), 'authoritative_disagree'],
      message: `${verdict.message} The zone's servers disagree: ${andList(odd.map((r) => serverName(r.server)))} serve${odd.length === 1 ? 's' : ''} different data (${listValues(odd.flatMap((r) => cell(r, 'authoritative', null).answers)) || 'nothing'}), so some receivers see the old state.`,
      fix:
        verdict.fix ??
        `Nothing to change if you just edited ${name}: secondary servers update after the zone's refresh interval. If it lasts for hours, ask your DNS host.`,
    };
  }
  const servers = results.map((r) => cell(r, 'authoritative', chosen.sig));
  const resolverServers = resolverResults.map((r) => cell(r, 'resolver', chosen.sig));
  servers.push(...resolverServers);
  const bogus = await run.dnssec.bogus(zone, resolverResults);
  if (bogus) {
    const why = bogus.diagnosis;
    const ok = statusOfCodes(verdict.codes) !== 'fail';
    verdict = {
      ...verdict,
      codes: [...verdict.codes.filter((c) => c !== 'ok'), 'dnssec_bogus'],
      message: `${ok ? `The zone's own servers serve ${name} as it should be, but` : `${verdict.message} Moreover,`} validating resolvers answer SERVFAIL for it, while the same question with DNSSEC checking disabled is answered: receivers that validate DNSSEC (most public resolvers and large mailbox providers) cannot see it. ${why?.message ?? `They reject the DNSSEC signatures of ${zone.apex}.`}`,
      fix: [
        verdict.fix,
        why?.fix ?? `Re-sign ${zone.apex} at your DNS host; if it lasts, ask them.`,
      ]
        .filter((f): f is string => f !== null)
        .join(' '),
    };
    return finish(verdict, servers, zone, null, true);
  }
  if (statusOfCodes(verdict.codes) === 'fail') return finish(verdict, servers, zone);
  const spread = propagation(resolverServers, zone.negativeTtl, run.now());
  if (spread.kind === 'lagging') {
    verdict = {
      ...verdict,
      codes: [...verdict.codes.filter((c) => c !== 'ok'), 'not_propagated'],
      message: `${verdict.message} ${spread.message}`,
      fix: verdict.fix === null ? spread.fix : `${verdict.fix} ${spread.fix}`,
    };
    return finish(verdict, servers, zone, spread.agreeBy);
  }
  if (spread.kind === 'unknown')
    verdict = { ...verdict, message: `${verdict.message} ${spread.message}` };
  return finish(verdict, servers, zone);
}
