import type { Answer, RecordType as WireType } from 'dns-packet';
import { DnsClient, type QueryResult } from './client';
import type { ServerAddress } from './server-address';
import { canonicalName, joinTxt, nameProblem } from './wire';

/**
 * The DNS engine as a mail-authentication resolver: the function shape of Node's
 * `dns.promises.resolve(name, type)` that mailauth (SPF, DKIM, ARC) takes, answered by our own
 * client (random IDs, a fresh socket per query, TC → TCP) against the servers given. Failures
 * are errors carrying Node's codes, because that is how mailauth tells "no such record"
 * (ENOTFOUND, ENODATA) from "could not ask" (ETIMEOUT, ESERVFAIL…).
 */

export type MailResolverCode =
  | 'ENOTFOUND'
  | 'ENODATA'
  | 'ETIMEOUT'
  | 'EREFUSED'
  | 'ESERVFAIL'
  | 'ECONNREFUSED'
  | 'EBADRESP'
  | 'ECANCELLED'
  | 'EBADNAME';

export class MailResolverError extends Error {
  override name = 'MailResolverError';
  constructor(
    readonly code: MailResolverCode,
    message: string,
  ) {
    super(message);
  }
}

/** The answer shapes of Node's resolver, per type. */
export type MailResolverAnswer = string[][] | string[] | { exchange: string; priority: number }[];

export type MailResolve = (name: string, type: string) => Promise<MailResolverAnswer>;

export interface MailResolverOptions {
  /** Asked all at once; the first usable answer (NOERROR or NXDOMAIN) wins. */
  servers: readonly ServerAddress[];
  /** RD: true for resolvers (the default), false for authoritative servers. */
  recursion?: boolean;
  client?: DnsClient;
  timeoutMs?: number;
  tries?: number;
  signal?: AbortSignal;
}

const TYPES = new Set<WireType>(['TXT', 'A', 'AAAA', 'MX', 'PTR', 'CNAME', 'NS']);
/** CNAME hops followed on our own (an authoritative server stops at the edge of its zone). */
const MAX_HOPS = 8;

const FAILURE_CODES: Readonly<Record<string, MailResolverCode>> = {
  TIMEOUT: 'ETIMEOUT',
  REFUSED: 'EREFUSED',
  SERVFAIL: 'ESERVFAIL',
  NETWORK_ERROR: 'ECONNREFUSED',
  UNREACHABLE: 'ECONNREFUSED',
  MALFORMED: 'EBADRESP',
  ABORTED: 'ECANCELLED',
};

function firstAnswered(pending: Promise<QueryResult>[]): Promise<QueryResult[]> {
  return new Promise((resolve) => {
    const settled: QueryResult[] = [];
    for (const p of pending) {
      void p.then((result) => {
        settled.push(result);
        const answered = result.rcode === 'NOERROR' || result.rcode === 'NXDOMAIN';
        if (answered) resolve([result]);
        else if (settled.length === pending.length) resolve(settled);
      });
    }
  });
}

function owner(answer: Answer): string {
  return typeof answer.name === 'string' ? canonicalName(answer.name) : '';
}

function dataOf(answer: Answer): unknown {
  return 'data' in answer ? answer.data : undefined;
}

function convert(type: WireType, answers: Answer[]): MailResolverAnswer {
  switch (type) {
    case 'TXT':
      return answers.map((a) => [joinTxt(dataOf(a))]);
    case 'MX': {
      const list: { exchange: string; priority: number }[] = [];
      for (const a of answers) {
        const data = dataOf(a) as { preference?: unknown; exchange?: unknown } | undefined;
        if (typeof data?.exchange !== 'string') continue;
        list.push({
          exchange: canonicalName(data.exchange),
          priority: typeof data.preference === 'number' ? data.preference : 0,
        });
      }
      return list;
    }
    case 'A':
    case 'AAAA':
      return answers.map(dataOf).filter((d): d is string => typeof d === 'string');
    default:
      return answers
        .map(dataOf)
        .filter((d): d is string => typeof d === 'string')
        .map(canonicalName);
  }
}

/**
 * One resolver per check: it remembers every answer for the check's duration, so a DMARC walk,
 * SPF includes and several signatures with the same key cost one query each.
 */
export function createMailResolver(options: MailResolverOptions): MailResolve {
  const client = options.client ?? new DnsClient();
  const asking = {
    recursion: options.recursion ?? true,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.tries === undefined ? {} : { tries: options.tries }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const cache = new Map<string, Promise<MailResolverAnswer>>();

  async function ask(name: string, type: WireType): Promise<QueryResult> {
    if (options.servers.length === 0) {
      throw new MailResolverError('ECONNREFUSED', `no DNS server to ask for ${name} ${type}`);
    }
    const results = await firstAnswered(
      options.servers.map((server) => client.query(server, name, type, asking)),
    );
    const answered = results.find((r) => r.rcode === 'NOERROR' || r.rcode === 'NXDOMAIN');
    if (answered) return answered;
    const first = results[0];
    const rcode = first?.rcode ?? 'NETWORK_ERROR';
    throw new MailResolverError(
      FAILURE_CODES[rcode] ?? 'ESERVFAIL',
      `${name} ${type}: ${rcode}${first?.error ? ` (${first.error})` : ''}`,
    );
  }

  async function resolve(name: string, type: WireType): Promise<MailResolverAnswer> {
    let target = canonicalName(name);
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      const result = await ask(target, type);
      // Follow the chain inside this answer first (a resolver sends it whole).
      const seen = new Set<string>();
      while (!seen.has(target)) {
        seen.add(target);
        const data = result.answers.filter((a) => owner(a) === target && a.type === type);
        if (data.length > 0) return convert(type, data);
        const cname = result.answers.find((a) => owner(a) === target && a.type === 'CNAME');
        const next = cname ? dataOf(cname) : undefined;
        if (typeof next !== 'string') break;
        target = canonicalName(next);
      }
      const followed = seen.size > 1;
      if (result.rcode === 'NXDOMAIN' && !followed) {
        throw new MailResolverError('ENOTFOUND', `${target} does not exist (NXDOMAIN)`);
      }
      // The chain left the server's zone: ask again for where it points.
      if (followed && type !== 'CNAME') continue;
      if (result.rcode === 'NXDOMAIN') {
        throw new MailResolverError('ENOTFOUND', `${target} does not exist (NXDOMAIN)`);
      }
      throw new MailResolverError('ENODATA', `${target} has no ${type} record`);
    }
    throw new MailResolverError('ESERVFAIL', `${name}: more than ${MAX_HOPS} CNAMEs in a row`);
  }

  return (name, type) => {
    const wire = type.toUpperCase() as WireType;
    if (!TYPES.has(wire)) {
      return Promise.reject(new MailResolverError('EBADRESP', `unsupported record type ${type}`));
    }
    const problem = nameProblem(name);
    if (problem !== null) return Promise.reject(new MailResolverError('EBADNAME', problem));
    const key = `${canonicalName(name)} ${wire}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = resolve(name, wire);
      cache.set(key, pending);
    }
    return pending;
  };
}
