import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { CHANNELS, type Channel } from '../../shared/contract';
import { RENDERER_CSP } from '../../shared/csp';
import type { AppCore } from '../app-core';

export interface WebServerOptions {
  core: Pick<AppCore, 'dispatch' | 'events'>;
  /**
   * The built renderer (out/renderer). Null: the contract only, when Vite's dev server serves
   * the page and hands the API calls on to this server (`npm run dev` in browser mode).
   */
  rendererDir: string | null;
  port?: number;
  /** Fixed for tests; a fresh random token per launch otherwise. */
  token?: string;
  bodyLimit?: number;
}

export interface RunningWebServer {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** `domains:add` → `/api/domains/add`: one route per channel, never a generic one. */
export function channelPath(channel: Channel): string {
  return `/api/${channel.replace(':', '/')}`;
}

const SECURITY_HEADERS = {
  'content-security-policy': `${RENDERER_CSP}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Browser mode: the same contract over HTTP on 127.0.0.1. Every API request needs the per-launch
 * token; a Host or Origin that is not this server's own is refused (DNS rebinding, cross-site calls).
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  if (options.rendererDir !== null && !existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${options.rendererDir}/index.html is missing): run "npm run build".`,
    );
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    forceCloseConnections: true,
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    const host = request.headers.host ?? '';
    const origin = request.headers.origin;
    if (
      !allowedHosts.includes(host) ||
      (origin !== undefined && !allowedOrigins.includes(origin))
    ) {
      return reply
        .code(403)
        .type('text/plain')
        .send('Forbidden: this server only answers its own page.');
    }
    // The router decodes the path (`/%61pi/…` finds /api/…), so the matched route counts too.
    const route = request.routeOptions.url ?? '';
    if (!request.url.startsWith('/api/') && !route.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const bytes = Buffer.from(presented);
    if (bytes.length !== tokenBytes.length || !timingSafeEqual(bytes, tokenBytes)) {
      return reply.code(401).send({
        ok: false,
        error: {
          code: 'unauthorized',
          message: 'Missing or wrong session token: open the address Kyrios Desk printed.',
        },
      });
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const code = status === 413 ? 'invalid_request' : status < 500 ? 'invalid_request' : 'internal';
    const message =
      status === 413
        ? 'The request is too large.'
        : status < 500
          ? `The request is not valid: ${error instanceof Error ? error.message : 'bad request'}.`
          : 'Something went wrong inside Kyrios Desk.';
    return reply.code(status).send({ ok: false, error: { code, message } });
  });

  for (const channel of CHANNELS) {
    app.post(channelPath(channel), async (request) => options.core.dispatch(channel, request.body));
  }

  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const unsubscribe = options.core.events.subscribe((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    request.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  if (options.rendererDir !== null) {
    await app.register(fastifyStatic, {
      root: options.rendererDir,
      index: 'index.html',
      wildcard: false,
    });
  }

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  allowedOrigins = allowedHosts.map((h) => `http://${h}`);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () => app.close(),
  };
}
