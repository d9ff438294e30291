import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { lookup } from 'node:dns';
import { connect, isIP } from 'node:net';
import type { Socket as NetSocket } from 'node:net';
import type { DecodedPacket } from 'dns-packet';
import type { ServerAddress } from './server-address';
import { inspectResponse } from './wire';
import type { QuestionKey } from './wire';

/**
 * How one exchange with one server ended. Failures are values, never exceptions. `unreachable`: the
 * server's host said at once that nothing listens there (an ICMP "port unreachable" on a connected
 * UDP socket, a refused or unroutable TCP connection); `error`: any other socket error, with
 * `transient` for the few worth another try (a full send buffer).
 */
export type Exchange =
  | { kind: 'answer'; packet: DecodedPacket; rcode: string; ignored: number }
  | { kind: 'timeout'; ignored: number; malformed: number }
  | { kind: 'unreachable'; message: string; ignored: number }
  | { kind: 'error'; message: string; ignored: number; transient: boolean }
  | { kind: 'aborted'; ignored: number };

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
const TRANSIENT_CODES = new Set(['ENOBUFS', 'EAGAIN', 'EWOULDBLOCK', 'ENOMEM']);

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  ECONNRESET: 'connection reset',
  EADDRNOTAVAIL: 'address not available from this computer',
};

/** A socket error as an exchange's end: the code decides between unreachable and error. */
function socketFailure(err: NodeJS.ErrnoException, ignored: number): Exchange {
  const code = typeof err.code === 'string' ? err.code : '';
  const message = REASONS[code] ?? (code === '' ? err.message : `${code}: ${err.message}`);
  if (UNREACHABLE_CODES.has(code)) return { kind: 'unreachable', message, ignored };
  return { kind: 'error', message, ignored, transient: TRANSIENT_CODES.has(code) };
}

function sameHost(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (h: string): string => h.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  return strip(a) === strip(b);
}

/**
 * An exchange in progress, told when its check is cancelled. The links make the cancellation's
 * list of exchanges: one per query, added and removed without allocating (a Set per check grew
 * and shrank its table with every query).
 */
interface Abortable {
  abort(): void;
  prevWatched?: Abortable | null;
  nextWatched?: Abortable | null;
}

/**
 * Cancellation shared by all the exchanges of one signal: a single listener on the AbortSignal
 * instead of one per query (EventTarget listeners are costly at hundreds of queries a second).
 */
export class Cancellation {
  private first: Abortable | null = null;
  aborted = false;

  constructor(signal?: AbortSignal) {
    if (!signal) return;
    if (signal.aborted) this.aborted = true;
    else signal.addEventListener('abort', () => this.abort(), { once: true });
  }

  private abort(): void {
    this.aborted = true;
    while (this.first) {
      const exchange = this.first;
      this.forget(exchange);
      exchange.abort();
    }
  }

  watch(exchange: Abortable): void {
    exchange.prevWatched = null;
    exchange.nextWatched = this.first;
    if (this.first) this.first.prevWatched = exchange;
    this.first = exchange;
  }

  /** Safe to call more than once, and for an exchange never watched. */
  forget(exchange: Abortable): void {
    const { prevWatched: prev, nextWatched: next } = exchange;
    if (prev) prev.nextWatched = next ?? null;
    else if (this.first === exchange) this.first = next ?? null;
    if (next) next.prevWatched = prev ?? null;
    exchange.prevWatched = null;
    exchange.nextWatched = null;
  }
}

/** For queries with no signal to cancel them. */
export const NEVER = new Cancellation();

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * Server addresses are IP literals, so the per-socket name lookups dgram makes (for bind and for
 * each send) are answered on the spot instead of through dns.lookup and extra ticks: this is most
 * of what a fresh socket per query costs beyond the system calls.
 */
function literalLookup(address: string, family: unknown, callback: LookupCallback): void {
  const kind = isIP(address);
  if (kind !== 0) {
    callback(null, address, kind);
    return;
  }
  lookup(address, { family: family === 6 ? 6 : 4 }, (err, resolved, resolvedFamily) =>
    callback(err, resolved, resolvedFamily),
  );
}

const UDP4 = { type: 'udp4', lookup: literalLookup } as const;
const UDP6 = { type: 'udp6', lookup: literalLookup } as const;

/** The exchange a socket serves, so one shared listener per event serves every socket. */
const EXCHANGE = Symbol('exchange');
type ExchangeSocket = Socket & { [EXCHANGE]?: UdpExchange };

/**
 * Told how an exchange ended, with the object that started it: a module-level function and its
 * owner rather than a promise and a closure per exchange. Never called before the exchange
 * function has returned.
 */
export type ExchangeDone<T> = (owner: T, result: Exchange) => void;

/**
 * The state of one UDP exchange. Thousands run per check batch, so the socket's listeners, the
 * timer and the cancellation are module-level functions over this object rather than closures
 * made per query.
 */
class UdpExchange implements Abortable {
  prevWatched: Abortable | null = null;
  nextWatched: Abortable | null = null;
  ignored = 0;
  malformed = 0;
  done = false;
  readonly timer: NodeJS.Timeout;
  readonly socket: ExchangeSocket;

  constructor(
    readonly server: ServerAddress,
    readonly query: Buffer,
    readonly q: QuestionKey,
    readonly cancel: Cancellation,
    timeoutMs: number,
    private readonly onDone: ExchangeDone<unknown>,
    private readonly owner: unknown,
  ) {
    this.socket = createSocket(server.host.includes(':') ? UDP6 : UDP4);
    this.socket[EXCHANGE] = this;
    this.timer = setTimeout(onUdpTimeout, timeoutMs, this);
    cancel.watch(this);
  }

  finish(result: Exchange): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.cancel.forget(this);
    // The listeners stay: they all return early once done, and a late error must not go unhandled.
    try {
      this.socket.close();
    } catch {
      // Already closed by an error: nothing left to release.
    }
    this.onDone(this.owner, result);
  }

  abort(): void {
    this.finish({ kind: 'aborted', ignored: this.ignored });
  }
}

function onUdpTimeout(exchange: UdpExchange): void {
  exchange.finish({ kind: 'timeout', ignored: exchange.ignored, malformed: exchange.malformed });
}

function onUdpError(this: ExchangeSocket, err: NodeJS.ErrnoException): void {
  const exchange = this[EXCHANGE];
  if (exchange) exchange.finish(socketFailure(err, exchange.ignored));
}

function onUdpConnect(this: ExchangeSocket): void {
  const exchange = this[EXCHANGE];
  if (!exchange || exchange.done) return;
  // No callback: a failed send is emitted as 'error', handled above.
  this.send(exchange.query);
}

function onUdpMessage(this: ExchangeSocket, msg: Buffer, rinfo: RemoteInfo): void {
  const exchange = this[EXCHANGE];
  if (!exchange || exchange.done) return;
  const { server } = exchange;
  // The connected socket already drops other sources; checked again in case a platform does not.
  if (rinfo.port !== server.port || !sameHost(rinfo.address, server.host)) {
    exchange.ignored++;
    return;
  }
  const seen = inspectResponse(msg, exchange.q);
  if (seen.kind === 'accept') {
    exchange.finish({
      kind: 'answer',
      packet: seen.packet,
      rcode: seen.rcode,
      ignored: exchange.ignored,
    });
    return;
  }
  exchange.ignored++;
  if (seen.reason === 'malformed') exchange.malformed++;
}

/**
 * One UDP exchange on a fresh socket (a new random source port per query), connected to the
 * server: the kernel then drops datagrams from anyone else, and an ICMP "port unreachable" comes
 * back as an error at once instead of a silent timeout. Only a datagram that answers our exact
 * question is accepted; everything else is counted and ignored while we keep waiting, so a forger
 * must guess port, ID and question at once.
 */
export function udpExchange<T>(
  server: ServerAddress,
  query: Buffer,
  q: QuestionKey,
  timeoutMs: number,
  cancel: Cancellation,
  onDone: ExchangeDone<T>,
  owner: T,
): void {
  if (cancel.aborted) {
    process.nextTick(onDone, owner, { kind: 'aborted', ignored: 0 });
    return;
  }
  const exchange = new UdpExchange(
    server,
    query,
    q,
    cancel,
    timeoutMs,
    onDone as ExchangeDone<unknown>,
    owner,
  );
  const { socket } = exchange;
  socket.on('error', onUdpError);
  socket.on('message', onUdpMessage);
  try {
    // Without a callback, a failed connect (an address this computer cannot use) is an 'error'.
    socket.connect(server.port, server.host);
  } catch (err) {
    // Arguments Node refuses outright (a port out of range): the same end as a socket error,
    // told on the next tick like every other end.
    const failed = socketFailure(err as NodeJS.ErrnoException, 0);
    process.nextTick(() => exchange.finish(failed));
    return;
  }
  // An IP literal connects at once (the lookup answers on the spot): send now, rather than on
  // the 'connect' event a tick later. A connect that failed has its 'error' on the way, and the
  // send throws (not connected): nothing more to do here.
  if (isIP(server.host) !== 0) {
    try {
      socket.send(query);
    } catch {
      // The 'error' event ends the exchange.
    }
  } else socket.once('connect', onUdpConnect);
}

const MAX_TCP_MESSAGE = 65535;

/** One exchange over TCP (RFC 7766 framing), used when a UDP answer came back truncated. */
export function tcpExchange<T>(
  server: ServerAddress,
  query: Buffer,
  q: QuestionKey,
  timeoutMs: number,
  cancel: Cancellation,
  onDone: ExchangeDone<T>,
  owner: T,
): void {
  // Rare (truncated answers only): a promise and closures are fine here.
  void tcpPromise(server, query, q, timeoutMs, cancel).then((result) => onDone(owner, result));
}

function tcpPromise(
  server: ServerAddress,
  query: Buffer,
  q: QuestionKey,
  timeoutMs: number,
  cancel: Cancellation,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let ignored = 0;
    let malformed = 0;
    let done = false;
    let pending = Buffer.alloc(0);
    let socket: NetSocket;
    try {
      socket = connect({ host: server.host, port: server.port });
    } catch (err) {
      // Arguments Node refuses outright (a port out of range): the same end as a socket error.
      resolve(socketFailure(err as NodeJS.ErrnoException, 0));
      return;
    }
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cancel.forget(watcher);
      socket.removeAllListeners('data');
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const watcher: Abortable = { abort: () => finish({ kind: 'aborted', ignored }) };
    const timer = setTimeout(() => finish({ kind: 'timeout', ignored, malformed }), timeoutMs);
    cancel.watch(watcher);
    if (cancel.aborted) {
      finish({ kind: 'aborted', ignored });
      return;
    }
    socket.setNoDelay(true);
    socket.on('error', (err: NodeJS.ErrnoException) => finish(socketFailure(err, ignored)));
    socket.on('close', () => {
      const result: Exchange =
        malformed > 0
          ? { kind: 'timeout', ignored, malformed }
          : {
              kind: 'error',
              message: 'connection closed before an answer',
              ignored,
              transient: false,
            };
      finish(result);
    });
    socket.on('connect', () => {
      const frame = Buffer.alloc(2 + query.length);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      socket.write(frame);
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (length > MAX_TCP_MESSAGE || pending.length < 2 + length) return;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const seen = inspectResponse(message, q);
        if (seen.kind === 'accept') {
          finish({ kind: 'answer', packet: seen.packet, rcode: seen.rcode, ignored });
          return;
        }
        ignored++;
        if (seen.reason === 'malformed') malformed++;
      }
    });
  });
}
