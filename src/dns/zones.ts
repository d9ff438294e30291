import type { RecordType as WireType } from 'dns-packet';
import type { QueryResult } from './client';
import { findSoa, observe, ofType } from './observe';
import type { Observation } from './observe';
import type { ServerAddress } from './server-address';
import { dataString, firstAnswered, handled } from './session';
import type { DnsSession } from './session';
import { canonicalName } from './wire';

/** The servers that hold the truth for a name: its zone's apex and authoritative servers. */
export interface Zone {
  apex: string;
  nameservers: string[];
  servers: ServerAddress[];
  /** From the zone's SOA: how long resolvers may cache a negative answer. */
  negativeTtl: number | null;
}

export type ZoneLookup =
  { ok: true; zone: Zone } | { ok: false; reason: string; results: QueryResult[] };

/** The answers of a zone's servers for one question, after following referrals. */
export interface AuthoritativeAnswers {
  zone: Zone;
  results: QueryResult[];
  /** A referral to a subzone none of whose nameservers has an address: nobody left to ask. */
  unreachable: { child: string; nameservers: string[] } | null;
}

const MAX_REFERRALS = 4;

export function parentOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}

export function isAtOrBelow(name: string, ancestor: string): boolean {
  return ancestor === '' || name === ancestor || name.endsWith(`.${ancestor}`);
}

/**
 * A zone's NS host names, sorted: resolvers rotate them, and a check must read the same way each
 * time (the servers are asked in this order and listed in it).
 */
function nsNames(obs: Observation): string[] {
  return [...new Set(ofType(obs, 'NS'))].sort();
}

/** Every ancestor of a name, nearest first, down to the root (''). */
function ancestorsOf(name: string): string[] {
  const list: string[] = [];
  for (let n = name; n !== '';) {
    n = parentOf(n);
    list.push(n);
  }
  return list;
}

/**
 * Zone discovery and the questions to a zone's own servers, once per check. With servers given
 * (`authoritative`), they are the truth; otherwise the resolvers find each zone's apex (SOA) and
 * servers (NS, then their addresses), and referrals lead to delegated subzones as an iterative
 * resolver would follow them.
 */
export class Zones {
  private readonly zones = new Map<string, Promise<ZoneLookup>>();

  constructor(readonly session: DnsSession) {}

  private get given(): ServerAddress[] | undefined {
    return this.session.options.authoritative;
  }

  findZone(name: string): Promise<ZoneLookup> {
    const key = canonicalName(name);
    let pending = this.zones.get(key);
    if (!pending) {
      pending = this.discover(key);
      this.zones.set(key, pending);
    }
    return pending;
  }

  /** The SOA question that starts discovery; asked once, so reading it again costs nothing. */
  private soaOf(name: string): Promise<QueryResult | null> {
    const given = this.given;
    if (given) return firstAnswered(this.session.startGroup(given, name, 'SOA', false));
    return this.session.resolve(name, 'SOA');
  }

  /** False when the name does not exist (NXDOMAIN), null when nobody could say. */
  async nameExists(name: string): Promise<boolean | null> {
    const result = await this.soaOf(canonicalName(name));
    return result === null ? null : result.rcode !== 'NXDOMAIN';
  }

  /**
   * The zone cut above a name: the SOA owner in an answer or authority section. The NS question
   * for the name goes out at the same time, since most names checked are their zone's apex. When
   * nobody answers for the name itself (its zone's servers are dead, or its DNSSEC is broken), all
   * its ancestors are asked at once: the nearest that answers leads back down by referral to the
   * failing servers, which then get named; when none answers, the network is down.
   */
  private async discover(name: string): Promise<ZoneLookup> {
    const given = this.given;
    const start = given ?? this.session.resolvers;
    if (start.length === 0) return { ok: false, reason: 'no servers to ask', results: [] };
    // Most names checked are their zone's apex: its NS question need not wait for the SOA.
    if (given) void handled(this.session.askGroup(given, name, 'NS', false));
    else void handled(this.session.resolve(name, 'NS'));
    let good = await this.soaOf(name);
    let asked = name;
    // An answer with no SOA anywhere (a resolver that met a lame server) locates nothing.
    if (good && !findSoa(good.answers) && !findSoa(good.authorities) && !given) good = null;
    if (!good) {
      // An ancestor that "does not exist" says nothing useful (the name below it was asked for).
      const ancestors = ancestorsOf(name);
      const answers = await Promise.all(ancestors.map((a) => this.soaOf(a)));
      const index = answers.findIndex((a) => a !== null && a.rcode === 'NOERROR');
      good = answers[index] ?? null;
      asked = ancestors[index] ?? name;
    }
    if (!good) {
      const results = await this.session.askGroup(start, name, 'SOA', given === undefined);
      return { ok: false, reason: `no server answered the SOA query for ${name || '.'}`, results };
    }
    if (given) {
      const referral = referralOf(good, '', asked);
      if (referral) return { ok: true, zone: await this.zoneFromReferral(good, referral) };
    }
    const soa = findSoa(good.answers) ?? findSoa(good.authorities);
    if (!soa || !isAtOrBelow(asked, soa.owner)) {
      return { ok: false, reason: `no SOA found for ${name || '.'}`, results: [good] };
    }
    const zone = await this.zoneAt(soa.owner, Math.min(soa.ttl, soa.minimum));
    return { ok: true, zone: asked === name ? zone : await this.cutBelow(zone, name) };
  }

  /**
   * The zone of a name found from an ancestor's zone: its servers refer us to the name's own zone
   * when there is a cut between them. The child's servers are not asked here: they are the ones
   * that failed, and the record questions will name them.
   */
  private async cutBelow(zone: Zone, name: string): Promise<Zone> {
    const results = await this.session.askGroup(zone.servers, name, 'SOA', false);
    for (const result of results) {
      const child = referralOf(result, zone.apex, name);
      if (child && child !== zone.apex) return this.zoneFromReferral(result, child);
    }
    // The same servers may serve the child zone too: then they answer for it with authority.
    for (const result of results) {
      const soa = result.authoritative
        ? (findSoa(result.answers) ?? findSoa(result.authorities))
        : null;
      if (!soa || soa.owner === zone.apex || !isAtOrBelow(soa.owner, zone.apex)) continue;
      if (!isAtOrBelow(name, soa.owner)) continue;
      const answering = results.filter((r) => r.authoritative).map((r) => r.server);
      const ns = await this.session.askGroup(answering, soa.owner, 'NS', false);
      const nsResult = ns.find((r) => r.authoritative && observe(r) !== null);
      const obs = nsResult ? observe(nsResult) : null;
      const nameservers = obs ? nsNames(obs) : [];
      const servers = await this.session.addressesOf(nameservers, nsResult?.additionals ?? []);
      return {
        apex: soa.owner,
        nameservers,
        servers: servers.length > 0 ? servers : answering,
        negativeTtl: Math.min(soa.ttl, soa.minimum),
      };
    }
    return zone;
  }

  private async zoneAt(apex: string, negativeTtl: number): Promise<Zone> {
    const given = this.given;
    if (given) {
      // Asked of the given servers only to name the provider; they stay the truth.
      const results = await this.session.askGroup(given, apex, 'NS', false);
      const obs = results.map(observe).find((o) => o !== null);
      return { apex, nameservers: obs ? nsNames(obs) : [], servers: given, negativeTtl };
    }
    const result = await this.session.resolve(apex, 'NS');
    const obs = result ? observe(result) : null;
    const nameservers = obs ? nsNames(obs) : [];
    const servers = await this.session.addressesOf(nameservers, result?.additionals ?? []);
    return { apex, nameservers, servers, negativeTtl };
  }

  private async zoneFromReferral(result: QueryResult, apex: string): Promise<Zone> {
    const nameservers = result.authorities
      .filter(
        (a) => a.type === 'NS' && typeof a.name === 'string' && canonicalName(a.name) === apex,
      )
      .map((a) => dataString(a))
      .map((d) => (d === null ? '' : canonicalName(d)))
      .filter((n) => n !== '')
      .sort();
    const servers = await this.session.addressesOf(nameservers, result.additionals);
    const soa = findSoa(result.authorities);
    return { apex, nameservers, servers, negativeTtl: soa ? Math.min(soa.ttl, soa.minimum) : null };
  }

  /**
   * Asks every server of the zone directly, without recursion. A referral to a delegated child
   * zone (a `_domainkey` subzone at another provider) is followed to the child's own servers; a
   * referral is never an answer, so a child with no reachable server is reported as such.
   */
  async ask(zone: Zone, name: string, type: WireType, depth = 0): Promise<AuthoritativeAnswers> {
    const results = await this.session.askGroup(zone.servers, name, type, false);
    return this.followReferrals(zone, name, type, results, depth);
  }

  /**
   * The zone's answers for a name under `domain`. With servers given, the question goes out at
   * once, beside the zone's own discovery (they are the truth whatever the zone turns out to be);
   * otherwise it waits for the zone's servers to be known.
   */
  async authoritative(
    domain: string,
    name: string,
    type: WireType,
  ): Promise<{ ok: true; answers: AuthoritativeAnswers } | (ZoneLookup & { ok: false })> {
    const given = this.given;
    const from = isAtOrBelow(name, domain) ? domain : name;
    if (given && given.length > 0) {
      const asked = this.session.askGroup(given, name, type, false);
      const lookup = await this.findZone(from);
      const results = await asked;
      if (!lookup.ok) return lookup;
      return { ok: true, answers: await this.followReferrals(lookup.zone, name, type, results, 0) };
    }
    const lookup = await this.findZone(from);
    if (!lookup.ok) return lookup;
    return { ok: true, answers: await this.ask(lookup.zone, name, type) };
  }

  /**
   * A probe: the question asked of one server of the domain's zone only (the given servers' first,
   * else the zone's first), with no more machinery than the query itself. It looks for a likely
   * mistake, and its answer is read only when the record turns out to be missing; one server tells
   * it, and real servers limit the rate of the negative answers most probes get.
   */
  probe(domain: string, name: string, type: WireType): Promise<QueryResult | null> {
    const server = this.given?.[0];
    if (server) return this.session.query(server, name, type, false);
    return handled(
      this.findZone(domain).then((z) => {
        const first = z.ok ? z.zone.servers[0] : undefined;
        return first ? this.session.query(first, name, type, false) : null;
      }),
    );
  }

  /** A probe's answer as the zone's answers: a referral it got is followed, as for any question. */
  async probeAnswers(
    domain: string,
    name: string,
    type: WireType,
    result: QueryResult,
  ): Promise<QueryResult[]> {
    if (result.authoritative || result.rcode !== 'NOERROR') return [result];
    const lookup = await this.findZone(domain);
    if (!lookup.ok) return [result];
    return (await this.followReferrals(lookup.zone, name, type, [result], 0)).results;
  }

  private async followReferrals(
    zone: Zone,
    name: string,
    type: WireType,
    results: QueryResult[],
    depth: number,
  ): Promise<AuthoritativeAnswers> {
    if (depth < MAX_REFERRALS) {
      for (const result of results) {
        const child = referralOf(result, zone.apex, canonicalName(name));
        if (!child || child === zone.apex) continue;
        const childZone = await this.zoneFromReferral(result, child);
        if (childZone.servers.length === 0) {
          return {
            zone: childZone,
            results,
            unreachable: { child, nameservers: childZone.nameservers },
          };
        }
        return this.ask(childZone, name, type, depth + 1);
      }
    }
    return { zone, results, unreachable: null };
  }
}

/** The child zone a non-authoritative answer delegates `name` to, if it is a referral. */
export function referralOf(result: QueryResult, apex: string, name: string): string | null {
  if (result.rcode !== 'NOERROR' || result.authoritative || result.answers.length > 0) return null;
  for (const a of result.authorities) {
    if (a.type !== 'NS' || typeof a.name !== 'string') continue;
    const owner = canonicalName(a.name);
    if (owner !== apex && isAtOrBelow(owner, apex) && isAtOrBelow(name, owner)) return owner;
  }
  return null;
}
