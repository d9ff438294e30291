import { createSocket } from 'node:dgram';
import type { RemoteInfo } from 'node:dgram';
import { lookup } from 'node:dns';
import { connect, isIP } from 'node:net';
import type { DecodedPacket } from 'dns-packet';
import type { ServerAddress } from './server-address';
import { inspectResponse } from './wire';
import type { QuestionKey } from './wire';

/** How one exchange with one server ended. Failures are values, never exceptions. */
export type Exchange =
  | { kind: 'answer'; packet: DecodedPacket; rcode: string; ignored: number }
  | { kind: 'timeout'; ignored: number; malformed: number }
  | { kind: 'error'; message: string; ignored: number }
  | { kind: 'aborted'; ignored: number };

function sameHost(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (h: string): string => h.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  return strip(a) === strip(b);
}

/**
 * Cancellation shared by all the exchanges of one signal: a single listener on the AbortSignal
 * instead of one per query (EventTarget listeners are costly at hundreds of queries a second).
 */
export class Cancellation {
  private readonly handlers = new Set<() => void>();
  aborted = false;

  constructor(signal?: AbortSignal) {
    if (!signal) return;
    if (signal.aborted) this.aborted = true;
    else signal.addEventListener('abort', () => this.abort(), { once: true });
  }

  private abort(): void {
    this.aborted = true;
    for (const handler of [...this.handlers]) handler();
    this.handlers.clear();
  }

  /** Runs `handler` on abort; returns the function that forgets it. */
  watch(handler: () => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}

const NEVER = new Cancellation();

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

/**
 * One UDP exchange on a fresh socket (a new random source port per query). Only a datagram from
 * the server's address and port that answers our exact question is accepted; everything else is
 * counted and ignored while we keep waiting, so a forger must guess port, ID and question at once.
 */
export function udpExchange(
  server: ServerAddress,
  query: Buffer,
  q: QuestionKey,
  timeoutMs: number,
  cancel: Cancellation = NEVER,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = createSocket({
      type: server.host.includes(':') ? 'udp6' : 'udp4',
      lookup: literalLookup,
    });
    let ignored = 0;
    let malformed = 0;
    let done = false;
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      forget();
      // The listeners stay: both return early once done, and a late error must not go unhandled.
      try {
        socket.close();
      } catch {
        // Already closed by an error: nothing left to release.
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', ignored, malformed }), timeoutMs);
    const forget = cancel.watch(() => finish({ kind: 'aborted', ignored }));
    if (cancel.aborted) {
      finish({ kind: 'aborted', ignored });
      return;
    }
    socket.on('error', (err) => finish({ kind: 'error', message: err.message, ignored }));
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      if (done) return;
      if (rinfo.port !== server.port || !sameHost(rinfo.address, server.host)) {
        ignored++;
        return;
      }
      const seen = inspectResponse(msg, q);
      if (seen.kind === 'accept') {
        finish({ kind: 'answer', packet: seen.packet, rcode: seen.rcode, ignored });
        return;
      }
      ignored++;
      if (seen.reason === 'malformed') malformed++;
    });
    // No send callback: a failed send is emitted as 'error', handled above.
    socket.send(query, server.port, server.host);
  });
}

const MAX_TCP_MESSAGE = 65535;

/** One exchange over TCP (RFC 7766 framing), used when a UDP answer came back truncated. */
export function tcpExchange(
  server: ServerAddress,
  query: Buffer,
  q: QuestionKey,
  timeoutMs: number,
  cancel: Cancellation = NEVER,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let ignored = 0;
    let malformed = 0;
    let done = false;
    let pending = Buffer.alloc(0);
    const socket = connect({ host: server.host, port: server.port });
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      forget();
      socket.removeAllListeners('data');
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish({ kind: 'aborted', ignored });
    const timer = setTimeout(() => finish({ kind: 'timeout', ignored, malformed }), timeoutMs);
    const forget = cancel.watch(onAbort);
    if (cancel.aborted) {
      finish({ kind: 'aborted', ignored });
      return;
    }
    socket.setNoDelay(true);
    socket.on('error', (err) => finish({ kind: 'error', message: err.message, ignored }));
    socket.on('close', () => {
      const result: Exchange =
        malformed > 0
          ? { kind: 'timeout', ignored, malformed }
          : { kind: 'error', message: 'connection closed before an answer', ignored };
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
