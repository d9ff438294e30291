import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Answer, RecordType as WireType } from 'dns-packet';
import { Limiter } from './limiter';
import { formatServer, serverKey } from './server-address';
import type { ServerAddress } from './server-address';
import { Cancellation, tcpExchange, udpExchange } from './transport';
import type { Exchange } from './transport';
import { assertEncodableName, encodeQuery } from './wire';
import type { DnssecBits } from './wire';

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_TRIES = 2;

export interface QueryOptions extends DnssecBits {
  /** Recursion desired: true for resolvers, false for authoritative servers. */
  recursion: boolean;
  timeoutMs?: number;
  tries?: number;
  signal?: AbortSignal;
  /**
   * Asked after a try that got no answer, before the next: false ends the query there with that
   * try's outcome (the other servers asked the same question have answered, and agree).
   */
  retry?: () => boolean;
}

/**
 * What one query produced. `rcode` is a DNS RCODE name, or when no usable answer came back:
 * TIMEOUT, UNREACHABLE (the server's host refused at once: nothing listens there), MALFORMED,
 * NETWORK_ERROR or ABORTED.
 */
export interface QueryResult {
  server: ServerAddress;
  name: string;
  type: WireType;
  recursion: boolean;
  rcode: string;
  authoritative: boolean;
  /** AD: a validating resolver vouches for the answer's DNSSEC chain. */
  authenticated: boolean;
  truncated: boolean;
  transport: 'udp' | 'tcp';
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
  ms: number;
  /** Datagrams that did not answer our question (forged, stray or malformed) and were skipped. */
  ignored: number;
  error?: string;
}

export interface DnsClientOptions {
  timeoutMs?: number;
  tries?: number;
  /** Queries in flight at once, over all servers. */
  maxConcurrent?: number;
  /** Queries in flight at once to one server. */
  maxPerServer?: number;
  /** Called once per query sent (benchmarks and tests count and replay them). */
  onQuery?: (query: {
    server: ServerAddress;
    name: string;
    type: WireType;
    recursion: boolean;
  }) => void;
}

/**
 * Query IDs: 16 random bits from the OS's CSPRNG, each used once. Drawn a thousand at a time:
 * crypto.randomInt validates its arguments and samples 48 bits per call, for every query.
 */
const ids = new Uint16Array(1024);
let idsLeft = 0;

function randomId(): number {
  if (idsLeft === 0) {
    randomFillSync(ids);
    idsLeft = ids.length;
  }
  idsLeft -= 1;
  return ids[idsLeft] ?? 0;
}

/** True for answers that say something about the name (as opposed to a failure to answer). */
export function isAnswered(result: Pick<QueryResult, 'rcode'>): boolean {
  return result.rcode === 'NOERROR' || result.rcode === 'NXDOMAIN';
}

export class DnsClient {
  private readonly limiter: Limiter;
  private readonly cancellations = new WeakMap<AbortSignal, Cancellation>();
  readonly timeoutMs: number;
  readonly tries: number;
  /** Queries in flight at once to one server (the benchmark gives c-ares the same bound). */
  readonly maxPerServer: number;

  constructor(private readonly options: DnsClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.tries = options.tries ?? DEFAULT_TRIES;
    this.maxPerServer = options.maxPerServer ?? 32;
    this.limiter = new Limiter(options.maxConcurrent ?? 128, this.maxPerServer);
  }

  private cancellation(signal: AbortSignal | undefined): Cancellation | undefined {
    if (!signal) return undefined;
    let cancel = this.cancellations.get(signal);
    if (!cancel) {
      cancel = new Cancellation(signal);
      this.cancellations.set(signal, cancel);
    }
    return cancel;
  }

  /**
   * Asks one server one question. Never throws for anything the network or the server does; throws
   * DnsEncodingError only for a name that cannot be asked (a caller's mistake).
   */
  query(
    server: ServerAddress,
    name: string,
    type: WireType,
    opts: QueryOptions,
  ): Promise<QueryResult> {
    // Not an async function: that would wrap the limiter's promise in one more (three more
    // microtask turns per query); a name that cannot be asked still comes back as a rejection.
    try {
      assertEncodableName(name);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const tries = Math.max(1, opts.tries ?? this.tries);
    this.options.onQuery?.({ server, name, type, recursion: opts.recursion });
    const cancel = this.cancellation(opts.signal);
    return this.limiter.run(serverKey(server), async () => {
      const started = performance.now();
      const base = { server, name, type, recursion: opts.recursion };
      let ignored = 0;
      let malformed = 0;
      let lastError: string | undefined;
      let edns = true;
      for (let attempt = 0; attempt < tries; attempt++) {
        if (attempt > 0 && opts.retry?.() === false) break;
        // A fresh ID (and socket) per try: a retry must not accept a late forgery for the last one.
        const q = { id: randomId(), name, type };
        const wire = encodeQuery(q, opts.recursion, edns, opts);
        let outcome: Exchange = await udpExchange(server, wire, q, timeoutMs, cancel);
        let transport: 'udp' | 'tcp' = 'udp';
        ignored += outcome.ignored;
        if (outcome.kind === 'answer' && outcome.packet.flag_tc) {
          transport = 'tcp';
          outcome = await tcpExchange(server, wire, q, timeoutMs, cancel);
          ignored += outcome.ignored;
        }
        const ms = performance.now() - started;
        if (outcome.kind === 'answer' && outcome.rcode === 'FORMERR' && edns) {
          // An old server that does not know EDNS0 (RFC 6891 §7): ask once more without it.
          edns = false;
          attempt--;
          continue;
        }
        if (outcome.kind === 'answer') {
          const p = outcome.packet;
          return {
            server,
            name,
            type,
            recursion: opts.recursion,
            rcode: outcome.rcode,
            authoritative: p.flag_aa,
            authenticated: p.flag_ad,
            truncated: p.flag_tc,
            transport,
            answers: p.answers ?? [],
            authorities: p.authorities ?? [],
            additionals: p.additionals ?? [],
            ms,
            ignored,
          };
        }
        if (outcome.kind === 'aborted') return failure(base, 'ABORTED', transport, ms, ignored);
        // Nothing listens there, or this computer cannot send there: another try cannot help.
        const over = transport === 'tcp' ? 'over TCP (the UDP answer was truncated): ' : '';
        if (outcome.kind === 'unreachable') {
          return failure(base, 'UNREACHABLE', transport, ms, ignored, over + outcome.message);
        }
        if (outcome.kind === 'error') {
          lastError = over + outcome.message;
          if (!outcome.transient) break;
        } else malformed += outcome.malformed;
      }
      const ms = performance.now() - started;
      if (malformed > 0) {
        return failure(base, 'MALFORMED', 'udp', ms, ignored, `${malformed} undecodable answer(s)`);
      }
      if (lastError !== undefined) {
        return failure(base, 'NETWORK_ERROR', 'udp', ms, ignored, lastError);
      }
      return failure(base, 'TIMEOUT', 'udp', ms, ignored, `no answer within ${timeoutMs} ms`);
    });
  }
}

function failure(
  base: Pick<QueryResult, 'server' | 'name' | 'type' | 'recursion'>,
  rcode: string,
  transport: 'udp' | 'tcp',
  ms: number,
  ignored: number,
  error?: string,
): QueryResult {
  const result: QueryResult = {
    server: base.server,
    name: base.name,
    type: base.type,
    recursion: base.recursion,
    rcode,
    authoritative: false,
    authenticated: false,
    truncated: false,
    transport,
    answers: [],
    authorities: [],
    additionals: [],
    ms,
    ignored,
  };
  if (error !== undefined) result.error = `${formatServer(base.server)}: ${error}`;
  return result;
}
