import { isIP } from 'node:net';
import type { Answer, RecordType as WireType } from 'dns-packet';
import { failure, isAnswered } from './client';
import type { DnsClient, QueryOptions, QueryResult } from './client';
import { describeFailures } from './describe';
import { observe, ofType, signature } from './observe';
import type { Observation } from './observe';
import { parseServerAddress, serverKey, uniqueServers } from './server-address';
import type { ServerAddress } from './server-address';
import { canonicalName, nameProblem } from './wire';
import type { DnssecBits } from './wire';

/**
 * NS host name → the address (and port) to ask instead of resolving the name. Loopback tests run
 * every fixture server on 127.0.0.1 with its own port, which glue (an A record, no port) cannot
 * express; split-horizon setups use it too. Values: `127.0.0.1:5301`, a ServerAddress, or a list.
 */
export type NameserverMap = Readonly<
  Record<string, string | ServerAddress | readonly (string | ServerAddress)[]>
>;

export interface SessionOptions {
  resolvers: ServerAddress[];
  /** When set, these are the truth and no discovery happens (referrals are still followed). */
  authoritative?: ServerAddress[];
  nameserverMap?: NameserverMap;
  signal?: AbortSignal;
  timeoutMs?: number;
  tries?: number;
}

/** TXT at a name as the resolvers see it (SPF includes, the DMARC tree walk). */
export type TxtLookup =
  | { kind: 'answer'; rcode: 'NOERROR' | 'NXDOMAIN'; txt: string[] }
  /** `refused`: every resolver refused the name (a policy answer, not a failure to answer). */
  | { kind: 'error'; reason: string; refused?: boolean };

const MAX_NS_HOSTS = 8;

/**
 * What a server's answer says, in the role it was asked in: an authoritative server's answer
 * counts only with the AA flag (a referral or a lame server's reply is not the zone's data).
 */
export function answerOf(result: QueryResult): Observation | null {
  return result.recursion || result.authoritative ? observe(result) : null;
}

/**
 * One check's view of the DNS: every query is asked once per check (records share zones, names
 * and SPF includes), and all of it can be cancelled by one signal. Servers asked the same question
 * together form a group: a dead member stops after one try once the others have answered alike,
 * so one dead server costs one try's timeout, not all of them.
 */
export class DnsSession {
  private readonly queries = new Map<string, Promise<QueryResult>>();
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

  /** One query, asked once per check whoever asks it; never rejects. */
  query(
    server: ServerAddress,
    name: string,
    type: WireType,
    recursion: boolean,
    retry?: () => boolean,
    bits?: DnssecBits,
  ): Promise<QueryResult> {
    const flags = bits ? `${bits.checkingDisabled ? 'c' : ''}${bits.dnssecOk ? 'd' : ''}` : '';
    const key = `${serverKey(server)} ${canonicalName(name)} ${type} ${recursion ? 1 : 0}${flags}`;
    let pending = this.queries.get(key);
    if (!pending) {
      const base = recursion ? this.asking.recursive : this.asking.iterative;
      const asking = retry || bits ? { ...base, ...bits, ...(retry ? { retry } : {}) } : base;
      // Callers check names first; a name that still cannot be asked is a failed query here, so
      // the promise never rejects (no extra promise per query to catch with).
      const problem = nameProblem(name);
      pending =
        problem === null
          ? this.client.query(server, name, type, asking)
          : Promise.resolve(
              failure(
                server,
                name,
                type,
                recursion,
                'NETWORK_ERROR',
                'udp',
                0,
                0,
                `cannot ask: ${problem}`,
              ),
            );
      this.queries.set(key, pending);
    }
    return pending;
  }

  /**
   * The same question to several servers at once. A server that got no answer tries again only
   * while no other server has answered, or while those that answered disagree.
   */
  startGroup(
    servers: readonly ServerAddress[],
    name: string,
    type: WireType,
    recursion: boolean,
    bits?: DnssecBits,
  ): Promise<QueryResult>[] {
    if (servers.length < 2)
      return servers.map((s) => this.query(s, name, type, recursion, undefined, bits));
    const seen: Observation[] = [];
    const retry = (): boolean => {
      const first = seen[0];
      if (!first) return true;
      const sig = signature(first, type);
      return seen.some((o) => signature(o, type) !== sig);
    };
    return servers.map((s) =>
      this.query(s, name, type, recursion, retry, bits).then((r) => {
        const obs = answerOf(r);
        if (obs) seen.push(obs);
        return r;
      }),
    );
  }

  askGroup(
    servers: readonly ServerAddress[],
    name: string,
    type: WireType,
    recursion: boolean,
    bits?: DnssecBits,
  ): Promise<QueryResult[]> {
    // One server (the usual resolver, or the servers given): no group machinery to pay for.
    const only = servers.length === 1 ? servers[0] : undefined;
    if (only) return this.query(only, name, type, recursion, undefined, bits).then(asList);
    return Promise.all(this.startGroup(servers, name, type, recursion, bits));
  }

  askResolvers(name: string, type: WireType, bits?: DnssecBits): Promise<QueryResult[]> {
    return this.askGroup(this.resolvers, name, type, true, bits);
  }

  /**
   * The first resolver to answer, for facts any resolver can tell us (an SPF include, an NS
   * host's address): one unreachable resolver must not hold the check for its timeouts.
   */
  resolve(name: string, type: WireType): Promise<QueryResult | null> {
    if (nameProblem(name) !== null) return Promise.resolve(null);
    return firstAnswered(this.startGroup(this.resolvers, name, type, true));
  }

  /** TXT values at a name through the resolvers, or why no resolver could tell. */
  async lookupTxt(name: string): Promise<TxtLookup> {
    const problem = nameProblem(name);
    if (problem !== null) return { kind: 'error', reason: problem };
    const pending = this.startGroup(this.resolvers, name, 'TXT', true);
    const result = await firstAnswered(pending);
    const obs = result ? observe(result) : null;
    if (obs) return { kind: 'answer', rcode: obs.rcode, txt: ofType(obs, 'TXT') };
    if (pending.length === 0) return { kind: 'error', reason: 'no resolver to ask' };
    const failures = await Promise.all(pending);
    return {
      kind: 'error',
      reason: describeFailures(failures),
      refused: failures.every((r) => r.rcode === 'REFUSED'),
    };
  }

  /** NS host names to addresses: the map first, then glue, then the resolvers (A and AAAA). */
  async addressesOf(nameservers: string[], glue: Answer[]): Promise<ServerAddress[]> {
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

  /** A and AAAA asked together: a host with only one of them costs no extra round trip. */
  private hostAddresses(ns: string): Promise<ServerAddress[]> {
    let pending = this.hosts.get(ns);
    if (!pending) {
      pending = Promise.all(
        (['A', 'AAAA'] as const).map(async (type) => {
          const result = await this.resolve(ns, type);
          const obs = result ? observe(result) : null;
          return obs ? ofType(obs, type).filter((ip) => isIP(ip) !== 0) : [];
        }),
      ).then((lists) => lists.flat().map((host) => ({ host, port: 53, label: ns })));
      this.hosts.set(ns, pending);
    }
    return pending;
  }
}

function asList(result: QueryResult): QueryResult[] {
  return [result];
}

/**
 * A promise asked early that may never be awaited (a probe whose answer turns out not to be
 * needed): a rejection there, which would be a bug, must not end the process as an unhandled one.
 * Whoever awaits it still gets the rejection.
 */
export function handled<T>(pending: Promise<T>): Promise<T> {
  pending.catch(() => undefined);
  return pending;
}

/** The first result that answered (NOERROR or NXDOMAIN), or null once every one has failed. */
export function firstAnswered(pending: Promise<QueryResult>[]): Promise<QueryResult | null> {
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
export function dataString(answer: Answer): string | null {
  const data: unknown = 'data' in answer ? answer.data : undefined;
  return typeof data === 'string' ? data : null;
}
