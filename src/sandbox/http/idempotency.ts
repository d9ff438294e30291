import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxStore } from '../store';
import { ApiProblem } from './problem';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string; requestHash: string; slot: string } | null;
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      canonical([
        request.method,
        request.routeOptions.url ?? request.url,
        request.params,
        request.body,
      ]),
    )
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST (per account, remembered 24 h):
 * - the same key and the same request (route, path parameters, JSON body) → the first response
 *   again, status and body, with `Idempotent-Replayed: true`; nothing runs a second time;
 * - the same key with a different request → 422 `idempotency_key_reused`;
 * - the same key while the first request is still running → 409 `idempotency_in_progress`.
 * Responses with status 5xx are not remembered, so the request can be retried with its key.
 */
export function registerIdempotency(app: FastifyInstance, store: SandboxStore): void {
  const inFlight = new Set<string>();
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.account) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new ApiProblem(
        400,
        'invalid_request',
        'Invalid request',
        'Idempotency-Key must be 1–255 visible ASCII characters, sent once.',
      );
    }
    const accountId = request.account.id;
    const hash = requestHash(request);
    const found = store.idempotency.lookup(accountId, header);
    if (found.found) {
      if (found.requestHash !== hash) {
        throw new ApiProblem(
          422,
          'idempotency_key_reused',
          'Idempotency key reused',
          'This Idempotency-Key was used with a different request; use a new key for a new request.',
        );
      }
      const { status, contentType, body } = found.response;
      reply.code(status).header('idempotent-replayed', 'true');
      if (contentType) reply.type(contentType);
      return reply.send(status === 204 ? undefined : body);
    }
    const slot = `${accountId}\0${header}`;
    if (inFlight.has(slot)) {
      throw new ApiProblem(
        409,
        'idempotency_in_progress',
        'Request in progress',
        'A request with this Idempotency-Key is still running; retry once it has answered.',
      );
    }
    inFlight.add(slot);
    request.idempotency = { key: header, requestHash: hash, slot };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (!idem) return payload;
    request.idempotency = null;
    try {
      if (reply.statusCode < 500) {
        const contentType = reply.getHeader('content-type');
        store.idempotency.save(request.account.id, idem.key, idem.requestHash, {
          status: reply.statusCode,
          contentType: typeof contentType === 'string' ? contentType : null,
          body:
            typeof payload === 'string'
              ? payload
              : Buffer.isBuffer(payload)
                ? payload.toString('utf8')
                : '',
        });
      }
    } finally {
      inFlight.delete(idem.slot);
    }
    return payload;
  });

  // A request that ends without a reply being sent (client gone) frees its key too.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.idempotency) inFlight.delete(request.idempotency.slot);
    done();
  });
}
