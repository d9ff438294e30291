import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Account, SandboxStore } from '../store';
import type { ServiceHosts } from '../settings';
import type { SandboxDnsOptions } from '../verification';
import { registerAccountRoutes } from './account-routes';
import { registerDomainRoutes } from './domains-routes';
import { registerIdempotency } from './idempotency';
import { registerOutboxRoutes } from './outbox-routes';
import { ApiProblem, sendProblem } from './problem';
import { registerSmtpUserRoutes } from './smtp-users-routes';

declare module 'fastify' {
  interface FastifyRequest {
    account: Account;
  }
}

export interface SandboxAppDeps {
  store: SandboxStore;
  hosts: ServiceHosts;
  dns: SandboxDnsOptions;
  /** The SMTP submission address clients should use (GET /v1/account). */
  smtp: { host: string; port: number };
}

export interface RouteInfo {
  method: string;
  /** In OpenAPI form: `/v1/domains/{id}`. */
  path: string;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

/** The Kyrios-compatible HTTP API. Every route under /v1 needs a Bearer API key. */
export function buildSandboxApp(deps: SandboxAppDeps): {
  app: FastifyInstance;
  routes: RouteInfo[];
} {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, exposeHeadRoutes: false });
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, path: route.url.replace(/:([A-Za-z]+)/g, '{$1}') });
    }
  });

  // JSON only: any other body type is a 415 problem, not a string for the handlers to refuse.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('account', null as unknown as Account);

  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    // The router decodes the path (`/%761/domains` finds /v1/domains), so the matched route counts too.
    const route = request.routeOptions.url ?? '';
    if (!request.url.startsWith('/v1/') && !route.startsWith('/v1/')) return done();
    const match = BEARER.exec(request.headers.authorization ?? '');
    const account = match?.[1] ? deps.store.accounts.accountForKey(match[1]) : undefined;
    if (!account) {
      return done(
        new ApiProblem(
          401,
          'unauthorized',
          'Unauthorized',
          'Send a valid API key as "Authorization: Bearer <key>".',
        ),
      );
    }
    request.account = account;
    done();
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiProblem) return sendProblem(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : 'invalid_request';
      return sendProblem(
        reply,
        new ApiProblem(
          status,
          code,
          'Bad request',
          error instanceof Error ? error.message : 'Bad request',
        ),
      );
    }
    console.error('sandbox: unexpected error', error);
    return sendProblem(
      reply,
      new ApiProblem(
        500,
        'internal',
        'Internal error',
        'The sandbox failed to handle this request.',
      ),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new ApiProblem(
        404,
        'not_found',
        'Not found',
        `No route ${request.method} ${request.url.split('?')[0]}.`,
      ),
    ),
  );

  app.get('/health', () => ({ ok: true }));
  registerIdempotency(app, deps.store);
  registerAccountRoutes(app, deps);
  registerDomainRoutes(app, deps);
  registerSmtpUserRoutes(app, deps);
  registerOutboxRoutes(app, deps);
  return { app, routes };
}
