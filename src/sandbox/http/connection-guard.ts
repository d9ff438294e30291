import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export const BROKEN_REQUEST_KINDS = [
  /** Not HTTP, or HTTP the parser refuses (bad method, bad header, binary bytes). */
  'malformed',
  /** Headers over Node's limit (431). */
  'header_overflow',
  /** The request did not arrive in full in time (a slow or stalled client). */
  'timeout',
  /** The client reset or left before its request was answered. */
  'aborted',
] as const;
export type BrokenRequestKind = (typeof BROKEN_REQUEST_KINDS)[number];

export interface HttpStats {
  broken: Record<BrokenRequestKind, number>;
}

export interface HttpGuardOptions {
  /** A request (headers and body) must arrive within this (default 30 s). */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  log: (line: string) => void;
}

/** What a client error says about the request; null for a connection that broke (see below). */
function kindOf(error: Error & { code?: string }): BrokenRequestKind | null {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'header_overflow';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    return 'timeout';
  }
  if (error.code?.startsWith('HPE_')) return 'malformed';
  return null;
}

/**
 * The sandbox API against misbehaving clients. Fastify already answers a request Node's parser
 * refuses (400, 431, 408) and closes its socket; this bounds how long a request may take to
 * arrive (Fastify sets no request timeout, so a client that sent headers and then stalled would
 * hold its socket for ever), and counts and logs, one line each, the requests that broke.
 */
export function guardHttp(app: FastifyInstance, options: HttpGuardOptions): () => HttpStats {
  const broken = Object.fromEntries(BROKEN_REQUEST_KINDS.map((k) => [k, 0])) as Record<
    BrokenRequestKind,
    number
  >;
  const note = (kind: BrokenRequestKind, from: string, why: string) => {
    broken[kind] += 1;
    options.log(`sandbox http: broken request from ${from} (${kind}): ${why}`);
  };
  app.server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  app.server.headersTimeout = Math.min(
    options.headersTimeoutMs ?? 20_000,
    app.server.requestTimeout,
  );
  // Besides Fastify's own handler, which answers and closes the socket. A reset is counted by
  // onRequestAbort when a request was in flight, and is nobody's loss between requests.
  app.server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const kind = kindOf(error);
    if (!kind) return;
    note(
      kind,
      `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
      error.code ?? error.message,
    );
  });
  app.addHook('onRequestAbort', (request, done) => {
    note('aborted', `${request.ip}:${request.socket.remotePort ?? '?'}`, 'closed mid-request');
    done();
  });
  return () => ({ broken: { ...broken } });
}
