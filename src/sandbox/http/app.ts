import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Account, SandboxStore } from '../store';
import type { ServiceHosts } from '../settings';
import { ApiProblem, sendProblem } from './problem';
import { registerDomainRoutes } from './domains-routes';

declare module 'fastify' {
  interface FastifyRequest {
    account: Account;
  }
}

export interface SandboxAppDeps {
  store: SandboxStore;
  hosts: ServiceHosts;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

/** The Kyrios-compatible HTTP API. Every route under /v1 needs a Bearer API key. */
export function buildSandboxApp(deps: SandboxAppDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.decorateRequest('account', null as unknown as Account);

  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    // The router decodes the path (`/%761/domains` finds /v1/domains), so the matched route counts too.
    const route = request.routeOptions.url ?? '';
    if (!request.url.startsWith('/v1/') && !route.startsWith('/v1/')) return done();
    const match = BEARER.exec(request.headers.authorization ?? '');
    const account = match?.[1] ? deps.store.accountForKey(match[1]) : undefined;
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
  registerDomainRoutes(app, deps);
  return app;
}
