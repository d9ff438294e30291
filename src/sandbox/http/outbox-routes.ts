import type { FastifyInstance } from 'fastify';
import type { SandboxAppDeps } from './app';
import { notFound } from './parse';

type IdParams = { Params: { id: string } };

/**
 * The outbox (mail sent to recipients the service does not receive for) and single messages with
 * their raw form, base64: a copy exactly as it left (signed, with its Received field) or as the
 * MX stored it, so a client can check it as a receiver would.
 */
export function registerOutboxRoutes(app: FastifyInstance, { store }: SandboxAppDeps): void {
  app.get('/v1/outbox', (request) => ({ messages: store.outbox.list(request.account.id) }));

  app.get<IdParams>('/v1/outbox/:id', (request) => {
    const message = store.outbox.get(request.account.id, request.params.id);
    if (!message) throw notFound('outbox message', request.params.id);
    return { ...message, raw: message.raw.toString('base64') };
  });

  app.get<IdParams>('/v1/conversations/:id', (request) => {
    const message = store.outbox.inbound(request.account.id, request.params.id);
    if (!message) throw notFound('message', request.params.id);
    return { ...message, raw: message.raw.toString('base64') };
  });
}
