import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Answer, RecordType as WireType } from 'dns-packet';
import { Limiter } from './limiter';
import { formatServer, serverKey } from './server-address';
import type { ServerAddress } from './server-address';
import { Cancellation, NEVER, tcpExchange, udpExchange } from './transport';
import type { Exchange } from './transport';
import type { Waiter } from './limiter';
import { assertEncodableName, encodeQuery } from './wire';
import type { DnssecBits, QuestionKey } from './wire';

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

  cancellation(signal: AbortSignal | undefined): Cancellation {
    if (!signal) return NEVER;
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
    // A name that cannot be asked comes back as a rejection, before any slot is taken.
    try {
      assertEncodableName(name);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.options.onQuery?.({ server, name, type, recursion: opts.recursion });
    return new Promise((resolve) => {
      const job = new QueryJob(this, server, name, type, opts, resolve);
      if (this.limiter.acquire(job.key, job)) job.start();
    });
  }

  /** Gives back a finished query's slots (the next waiting query starts on them). */
  release(key: string): void {
    this.limiter.release(key);
  }
}

/**
 * One query and its tries: plain state and methods, told of each exchange's end through
 * module-level functions, so a query costs one promise (its own) and this object, whatever it
 * waits for. Thousands run at once when many domains are checked.
 */
class QueryJob implements Waiter {
  nextWaiting: Waiter | null = null;
  readonly key: string;
  private readonly timeoutMs: number;
  private readonly tries: number;
  private readonly cancel: Cancellation;
  private attempt = 0;
  private ignored = 0;
  private malformed = 0;
  private lastError: string | undefined = undefined;
  private edns = true;
  private started = 0;
  private transport: 'udp' | 'tcp' = 'udp';
  private wire: Buffer = EMPTY;
  private q: QuestionKey = { id: 0, name: '', type: 'A' };

  constructor(
    private readonly client: DnsClient,
    readonly server: ServerAddress,
    readonly name: string,
    readonly type: WireType,
    readonly opts: QueryOptions,
    private readonly resolve: (result: QueryResult) => void,
  ) {
    this.key = serverKey(server);
    this.timeoutMs = opts.timeoutMs ?? client.timeoutMs;
    this.tries = Math.max(1, opts.tries ?? client.tries);
    this.cancel = client.cancellation(opts.signal);
  }

  /** It holds its slots now. */
  start(): void {
    this.started = performance.now();
    this.send();
  }

  private send(): void {
    try {
      // A fresh ID (and socket) per try: a retry must not accept a late forgery for the last one.
      this.q = { id: randomId(), name: this.name, type: this.type };
      this.wire = encodeQuery(this.q, this.opts.recursion, this.edns, this.opts);
      this.transport = 'udp';
      udpExchange(this.server, this.wire, this.q, this.timeoutMs, this.cancel, onUdp, this);
    } catch (err) {
      // Nothing the network did: a question this code could not put into a packet.
      this.end(this.failure('NETWORK_ERROR', err instanceof Error ? err.message : String(err)));
    }
  }

  udpDone(outcome: Exchange): void {
    this.ignored += outcome.ignored;
    if (outcome.kind === 'answer' && outcome.packet.flag_tc) {
      this.transport = 'tcp';
      tcpExchange(this.server, this.wire, this.q, this.timeoutMs, this.cancel, onTcp, this);
      return;
    }
    this.outcome(outcome);
  }

  tcpDone(outcome: Exchange): void {
    this.ignored += outcome.ignored;
    this.outcome(outcome);
  }

  private outcome(outcome: Exchange): void {
    if (outcome.kind === 'answer') {
      if (outcome.rcode === 'FORMERR' && this.edns) {
        // An old server that does not know EDNS0 (RFC 6891 §7): ask once more without it.
        this.edns = false;
        this.send();
        return;
      }
      const p = outcome.packet;
      this.end({
        server: this.server,
        name: this.name,
        type: this.type,
        recursion: this.opts.recursion,
        rcode: outcome.rcode,
        authoritative: p.flag_aa,
        authenticated: p.flag_ad,
        truncated: p.flag_tc,
        transport: this.transport,
        answers: p.answers ?? [],
        authorities: p.authorities ?? [],
        additionals: p.additionals ?? [],
        ms: performance.now() - this.started,
        ignored: this.ignored,
      });
      return;
    }
    if (outcome.kind === 'aborted') {
      this.end(this.failure('ABORTED'));
      return;
    }
    // Nothing listens there, or this computer cannot send there: another try cannot help.
    const over = this.transport === 'tcp' ? 'over TCP (the UDP answer was truncated): ' : '';
    if (outcome.kind === 'unreachable') {
      this.end(this.failure('UNREACHABLE', over + outcome.message));
      return;
    }
    let again = true;
    if (outcome.kind === 'error') {
      this.lastError = over + outcome.message;
      again = outcome.transient;
    } else this.malformed += outcome.malformed;
    this.attempt++;
    if (again && this.attempt < this.tries && this.opts.retry?.() !== false) {
      this.send();
      return;
    }
    this.transport = 'udp';
    if (this.malformed > 0) {
      this.end(this.failure('MALFORMED', `${this.malformed} undecodable answer(s)`));
    } else if (this.lastError !== undefined) {
      this.end(this.failure('NETWORK_ERROR', this.lastError));
    } else {
      this.end(this.failure('TIMEOUT', `no answer within ${this.timeoutMs} ms`));
    }
  }

  private failure(rcode: string, error?: string): QueryResult {
    const ms = performance.now() - this.started;
    const { server, name, type, opts } = this;
    return failure(
      server,
      name,
      type,
      opts.recursion,
      rcode,
      this.transport,
      ms,
      this.ignored,
      error,
    );
  }

  private end(result: QueryResult): void {
    this.client.release(this.key);
    this.resolve(result);
  }
}

function onUdp(job: QueryJob, outcome: Exchange): void {
  job.udpDone(outcome);
}

function onTcp(job: QueryJob, outcome: Exchange): void {
  job.tcpDone(outcome);
}

const EMPTY = Buffer.alloc(0);

/** A query that got no usable answer: its rcode (TIMEOUT, UNREACHABLE, …) and why. */
export function failure(
  server: ServerAddress,
  name: string,
  type: WireType,
  recursion: boolean,
  rcode: string,
  transport: 'udp' | 'tcp',
  ms: number,
  ignored: number,
  error?: string,
): QueryResult {
  const result: QueryResult = {
    server,
    name,
    type,
    recursion,
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
  if (error !== undefined) result.error = `${formatServer(server)}: ${error}`;
  return result;
}
