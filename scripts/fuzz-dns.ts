import { createSocket } from 'node:dgram';
import { decode } from 'dns-packet';
import { DnsClient } from '../src/dns/index';
import { fuzzInProcess, mutate, prng, seedPackets } from '../test/fixtures/dns/fuzz';

/**
 * Long fuzz run of DNS response handling (the unit test runs a fixed 30,000 inside `npm test`):
 *
 *   npx tsx scripts/fuzz-dns.ts [COUNT] [SEED]      default 1,000,000 packets, random seed
 *
 * COUNT mutated packets go through decode, matching, observation and every record check in
 * process; a tenth of COUNT more are sent as real datagrams at a client socket waiting for a
 * genuine answer. Any exception, or a query that never ends, fails the run (exit 1).
 */

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: tsx scripts/fuzz-dns.ts [COUNT] [SEED]\n');
  process.exit(2);
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`FAIL (seed ${seed}): uncaught ${err.stack ?? String(err)}\n`);
  process.exit(1);
});

async function overTheWire(
  datagrams: number,
): Promise<{ queries: number; ignored: number; ms: number }> {
  const rand = prng(seed + 1);
  const perQuery = 20;
  const server = createSocket('udp4');
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
  server.on('message', (msg, from) => {
    const query = decode(msg);
    const base = seedPackets(query.id ?? 0).find((s) => s.q.type === query.questions?.[0]?.type);
    if (!base) return;
    for (let i = 0; i < perQuery; i++)
      server.send(mutate(base.wire, rand, rand() < 0.9), from.port, from.address);
    server.send(base.wire, from.port, from.address);
  });
  const client = new DnsClient({ timeoutMs: 5000, tries: 1, maxPerServer: 16 });
  const address = { host: '127.0.0.1', port: server.address().port };
  const queries = Math.max(1, Math.ceil(datagrams / perQuery));
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: queries }, (_, i) =>
      client.query(
        address,
        'fuzz.example.test',
        (['TXT', 'MX', 'CNAME'] as const)[i % 3] ?? 'TXT',
        {
          recursion: false,
        },
      ),
    ),
  );
  const ms = performance.now() - started;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const hung = results.filter((r) => r.rcode === 'TIMEOUT').length;
  if (hung > 0) throw new Error(`${hung} queries never got an answer past the mutated datagrams`);
  return { queries, ignored: results.reduce((n, r) => n + r.ignored, 0), ms };
}

const inProcess = await fuzzInProcess(count, seed);
process.stdout.write(
  `in process: ${inProcess.packets} mutated packets (${inProcess.accepted} accepted as answers, ${inProcess.ignored} ignored) in ${(inProcess.ms / 1000).toFixed(1)} s, ${Math.round(inProcess.packets / (inProcess.ms / 1000))} packets/s, seed ${seed}\n`,
);
const wire = await overTheWire(Math.ceil(count / 10));
process.stdout.write(
  `over UDP: ${wire.queries} queries each answered after 20 mutated datagrams; ${wire.ignored} datagrams seen and ignored, every query ended, in ${(wire.ms / 1000).toFixed(1)} s\n`,
);
process.stdout.write('OK: no exception, no hang\n');
