import { isIP } from 'node:net';
import type { Answer, RecordType as WireType } from 'dns-packet';
import { isAnswered } from './client';
import type { DnsClient, QueryOptions, QueryResult } from './client';
import { findSoa, observe, ofType } from './observe';
import { parseServerAddress, serverKey, uniqueServers } from './server-address';
import type { ServerAddress } from './server-address';
import { canonicalName, nameProblem } from './wire';

/**
 * NS host name → the address (and port) to ask instead of resolving the name. Loopback tests run
 * every fixture server on 127.0.0.1 with its own port, which glue (an A record, no port) cannot
 * express; split-horizon setups use it too. Values: `127.0.0.1:5301`, a ServerAddress, or a list.
 */
export type NameserverMap = Readonly<
  Record<string, string | ServerAddress | readonly (string | ServerAddress)[]>
>;

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

export interface SessionOptions {
  resolvers: ServerAddress[];
  /** When set, these are the truth and no discovery happens (referrals are still followed). */
  authoritative?: ServerAddress[];
  nameserverMap?: NameserverMap;
  signal?: AbortSignal;
  timeoutMs?: number;
  tries?: number;
}

const MAX_NS_HOSTS = 8;
const MAX_REFERRALS = 4;

function parentOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}

export function isAtOrBelow(name: string, ancestor: string): boolean {
  return ancestor === '' || name === ancestor || name.endsWith(`.${ancestor}`);
}

/**
 * One check's view of the DNS: every query is asked once per check (records share zones, names
 * and SPF includes), zones are discovered once, and all of it can be cancelled by one signal.
 */
export class DnsSession {
  private readonly queries = new Map<string, Promise<QueryResult>>();
  private readonly zones = new Map<string, Promise<ZoneLookup>>();
  private readonly hosts = new Map<string, Promise<ServerAddress[]>>();
  private readonly map = new Map<string, ServerAddress[]>();
  /** The client's options for a query with and without recursion: the same for every query. */
  private readonly asking: Record<'recursive' | 'iterative', QueryOptions>;

  constructor(
    readonly client: DnsClient,
    readonly options: SessionOptions,
  ) {
    const common = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.tries === undefined ? {} : { tries: options.tries }),
    };
    this.asking = {
      recursive: { ...common, recursion: true },
      iterative: { ...common, recursion: false },
    };
    for (const [host, value] of Object.entries(options.nameserverMap ?? {})) {
      const list = Array.isArray(value) ? value : [value];
      this.map.set(
        canonicalName(host),
        list.map((v: string | ServerAddress) =>
          typeof v === 'string' ? { ...parseServerAddress(v), label: canonicalName(host) } : v,
        ),
      );
    }
  }

  get resolvers(): ServerAddress[] {
    return this.options.resolvers;
  }

  query(
    server: ServerAddress,
    name: string,
    type: WireType,
    recursion: boolean,
  ): Promise<QueryResult> {
    const key = `${serverKey(server)} ${canonicalName(name)} ${type} ${recursion ? 1 : 0}`;
    let pending = this.queries.get(key);
    if (!pending) {
      const asking = recursion ? this.asking.recursive : this.asking.iterative;
      pending = this.client.query(server, name, type, asking);
      this.queries.set(key, pending);
    }
    return pending;
  }

  askResolvers(name: string, type: WireType): Promise<QueryResult[]> {
    return Promise.all(this.resolvers.map((r) => this.query(r, name, type, true)));
  }

  /**
   * The first resolver to answer, for facts any resolver can tell us (an SPF include, an NS
   * host's address): one unreachable resolver must not hold the check for its timeouts.
   */
  resolve(name: string, type: WireType): Promise<QueryResult | null> {
    if (nameProblem(name) !== null) return Promise.resolve(null);
    return firstAnswered(this.resolvers.map((r) => this.query(r, name, type, true)));
  }

  /** TXT values at a name through the resolvers (SPF includes live in other people's zones). */
  async lookupTxt(name: string): Promise<string[] | null> {
    const result = await this.resolve(name, 'TXT');
    const obs = result ? observe(result) : null;
    return obs ? ofType(obs, 'TXT') : null;
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

  /** Walks up from the name to the zone cut: the SOA owner in an answer or authority section. */
  private async discover(name: string): Promise<ZoneLookup> {
    const given = this.options.authoritative;
    const start = given ?? this.resolvers;
    const recursion = given === undefined;
    if (start.length === 0) return { ok: false, reason: 'no servers to ask', results: [] };
    let firstFailure: QueryResult[] | null = null;
    for (let candidate = name; ; candidate = parentOf(candidate)) {
      const pending = start.map((s) => this.query(s, candidate, 'SOA', recursion));
      const good = await firstAnswered(pending);
      if (!good) {
        const results = await Promise.all(pending);
        firstFailure ??= results;
        // A server error for this name (its zone's servers failing) says nothing about the
        // ancestors: keep walking up, and reach the failing servers through a referral. Silence
        // from everyone means no network; walking on would only add timeouts.
        const silent = results.every(
          (r) => r.rcode === 'TIMEOUT' || r.rcode === 'NETWORK_ERROR' || r.rcode === 'ABORTED',
        );
        if (!silent && candidate !== '') continue;
        return {
          ok: false,
          reason: `no server answered the SOA query for ${name || '.'}`,
          results: firstFailure,
        };
      }
      if (given) {
        const referral = referralOf(good, '', candidate);
        if (referral) return { ok: true, zone: await this.zoneFromReferral(good, referral) };
      }
      const soa = findSoa(good.answers) ?? findSoa(good.authorities);
      if (soa && isAtOrBelow(candidate, soa.owner)) {
        return { ok: true, zone: await this.zoneAt(soa.owner, Math.min(soa.ttl, soa.minimum)) };
      }
      if (candidate === '') {
        return { ok: false, reason: 'no SOA found up to the root', results: [good] };
      }
    }
  }

  private async zoneAt(apex: string, negativeTtl: number): Promise<Zone> {
    const given = this.options.authoritative;
    if (given) {
      // Asked of the given servers only to name the provider; they stay the truth.
      const results = await Promise.all(given.map((s) => this.query(s, apex, 'NS', false)));
      const obs = results.map(observe).find((o) => o !== null);
      return { apex, nameservers: obs ? ofType(obs, 'NS') : [], servers: given, negativeTtl };
    }
    const result = await this.resolve(apex, 'NS');
    const obs = result ? observe(result) : null;
    const nameservers = obs ? ofType(obs, 'NS') : [];
    const servers = await this.addressesOf(nameservers, result?.additionals ?? []);
    return { apex, nameservers, servers, negativeTtl };
  }

  private async zoneFromReferral(result: QueryResult, apex: string): Promise<Zone> {
    const nameservers = result.authorities
      .filter(
        (a) => a.type === 'NS' && typeof a.name === 'string' && canonicalName(a.name) === apex,
      )
      .map((a) => dataString(a))
      .map((d) => (d === null ? '' : canonicalName(d)))
      .filter((n) => n !== '');
    const servers = await this.addressesOf(nameservers, result.additionals);
    const soa = findSoa(result.authorities);
    return { apex, nameservers, servers, negativeTtl: soa ? Math.min(soa.ttl, soa.minimum) : null };
  }

  /** NS host names to addresses: the map first, then glue, then the resolvers (A, else AAAA). */
  private async addressesOf(nameservers: string[], glue: Answer[]): Promise<ServerAddress[]> {
    const lists = await Promise.all(
      nameservers.slice(0, MAX_NS_HOSTS).map(async (ns): Promise<ServerAddress[]> => {
        const mapped = this.map.get(ns);
        if (mapped) return mapped.map((s) => ({ ...s, label: s.label ?? ns }));
        const glued = glue
          .filter((a) => (a.type === 'A' || a.type === 'AAAA') && canonicalName(a.name) === ns)
          .map((a) => dataString(a) ?? '')
          .filter((ip) => isIP(ip) !== 0);
        if (glued.length > 0) return glued.map((host) => ({ host, port: 53, label: ns }));
        return this.hostAddresses(ns);
      }),
    );
    return uniqueServers(lists.flat());
  }

  private hostAddresses(ns: string): Promise<ServerAddress[]> {
    let pending = this.hosts.get(ns);
    if (!pending) {
      pending = (async () => {
        for (const type of ['A', 'AAAA'] as const) {
          const result = await this.resolve(ns, type);
          const obs = result ? observe(result) : null;
          const ips = obs ? ofType(obs, type).filter((ip) => isIP(ip) !== 0) : [];
          if (ips.length > 0) return ips.map((host) => ({ host, port: 53, label: ns }));
        }
        return [];
      })();
      this.hosts.set(ns, pending);
    }
    return pending;
  }

  /**
   * Asks every server of the zone directly, without recursion. A referral to a delegated child
   * zone (a `_domainkey` subzone at another provider) is followed to the child's own servers.
   */
  async queryAuthoritative(
    zone: Zone,
    name: string,
    type: WireType,
    depth = 0,
  ): Promise<{ zone: Zone; results: QueryResult[] }> {
    const results = await Promise.all(zone.servers.map((s) => this.query(s, name, type, false)));
    if (depth < MAX_REFERRALS) {
      for (const result of results) {
        const child = referralOf(result, zone.apex, canonicalName(name));
        if (child && child !== zone.apex) {
          const childZone = await this.zoneFromReferral(result, child);
          if (childZone.servers.length > 0) {
            return this.queryAuthoritative(childZone, name, type, depth + 1);
          }
        }
      }
    }
    return { zone, results };
  }
}

/** The first result that answered (NOERROR or NXDOMAIN), or null once every one has failed. */
function firstAnswered(pending: Promise<QueryResult>[]): Promise<QueryResult | null> {
  return new Promise((resolve) => {
    let left = pending.length;
    if (left === 0) resolve(null);
    const failed = (): void => {
      left -= 1;
      if (left === 0) resolve(null);
    };
    for (const p of pending) {
      p.then((r) => (isAnswered(r) ? resolve(r) : failed()), failed);
    }
  });
}

/** The data of an answer when it is a plain string (NS, A, AAAA); off the wire, so checked. */
function dataString(answer: Answer): string | null {
  const data: unknown = 'data' in answer ? answer.data : undefined;
  return typeof data === 'string' ? data : null;
}

/** The child zone a non-authoritative answer delegates `name` to, if it is a referral. */
function referralOf(result: QueryResult, apex: string, name: string): string | null {
  if (result.rcode !== 'NOERROR' || result.authoritative || result.answers.length > 0) return null;
  for (const a of result.authorities) {
    if (a.type !== 'NS' || typeof a.name !== 'string') continue;
    const owner = canonicalName(a.name);
    if (owner !== apex && isAtOrBelow(owner, apex) && isAtOrBelow(name, owner)) return owner;
  }
  return null;
}
