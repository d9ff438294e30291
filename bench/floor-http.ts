import Fastify from 'fastify';

/**
 * The HTTP floor for `npm run bench -- api`: the sandbox's framework (fastify) answering one route
 * with a fixed JSON body (FLOOR_BODY) and nothing else: no auth, no schema, no database. Prints its
 * URL on one line and stops when stdin ends. What the sandbox adds to a call is its p50 over this.
 */
const body = process.env.FLOOR_BODY ?? '{}';
const app = Fastify({ logger: false });
app.get('/floor', (_request, reply) => {
  void reply.type('application/json').send(body);
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${url}\n`);
process.stdin.resume();
process.stdin.once('end', () => {
  void app.close().then(() => process.exit(0));
});
