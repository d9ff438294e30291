import { spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { checkDomain, DnsClient, parseServerAddress } from '../src/dns/index';
import type { CheckOptions, ServerAddress } from '../src/dns/index';
import type { RecordType } from 'dns-packet';
import { manyDomains } from '../test/fixtures/dns/kyrios-world';

/**
 * The DNS engine against Node's built-in resolver (c-ares), same queries, same server, same run.
 * The fixture runs in its own process so its work does not count against our event loop.
 * Goals (issue 3): no slower than c-ares; one domain's full check p50 < 20 ms; loop delay p99 < 50 ms.
 */

const DOMAINS = 200;
const SINGLE_RUNS = 50;
const ROUNDS = 5;

async function startServer(): Promise<{ address: ServerAddress; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/dns/serve.ts', 'many', String(DOMAINS)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture server exited (${String(code)})`)));
  });
  const { address } = JSON.parse(line) as { address: string };
  return { address: parseServerAddress(address), stop: () => child.stdin.end() };
}

type Asked = { name: string; type: RecordType; recursion: boolean };

async function engineRound(
  server: ServerAddress,
  expected: ReturnType<typeof manyDomains>['expected'],
) {
  const asked: Asked[] = [];
  const client = new DnsClient({
    onQuery: (q) => asked.push({ name: q.name, type: q.type, recursion: q.recursion }),
  });
  const options: CheckOptions = { authoritative: [server], resolvers: [server], client };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = await Promise.all(expected.map((e) => checkDomain(e, options)));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  loop.disable();
  const notPassing = results.filter((r) => r.status !== 'pass').length;
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    asked,
    inFlight: client.maxPerServer,
    notPassing,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
  };
}

const CARES: Record<string, (r: Resolver, name: string) => Promise<unknown>> = {
  TXT: (r, n) => r.resolveTxt(n),
  MX: (r, n) => r.resolveMx(n),
  CNAME: (r, n) => r.resolveCname(n),
  SOA: (r, n) => r.resolveSoa(n),
  NS: (r, n) => r.resolveNs(n),
  A: (r, n) => r.resolve4(n),
  AAAA: (r, n) => r.resolve6(n),
};

/** The same queries through c-ares, with the same number in flight as the engine allows per server. */
async function caresRound(server: ServerAddress, asked: Asked[], inFlight: number) {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`${server.host}:${server.port}`]);
  let next = 0;
  let failed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < asked.length) {
        const q = asked[next++];
        const run = q ? CARES[q.type] : undefined;
        if (!q || !run) continue;
        // NXDOMAIN/NODATA answers reject in c-ares: an answer all the same.
        await run(resolver, q.name).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOTFOUND' && err.code !== 'ENODATA') failed++;
        });
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, failed };
}

/** The same queries through the engine's own client alone: the query layer without the checks. */
async function clientRound(server: ServerAddress, asked: Asked[]) {
  const client = new DnsClient();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: client.maxPerServer }, async () => {
      while (next < asked.length) {
        const q = asked[next++];
        if (q) await client.query(server, q.name, q.type, { recursion: q.recursion });
      }
    }),
  );
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const median = (values: number[]): number => percentile(values, 50);

const { address, stop } = await startServer();
try {
  const { expected } = manyDomains(DOMAINS);
  // Warm both paths up (JIT, the server's caches) with a full untimed round before measuring.
  const warm = await engineRound(address, expected);
  await caresRound(address, warm.asked, warm.inFlight);

  const engine: Awaited<ReturnType<typeof engineRound>>[] = [];
  const cares: Awaited<ReturnType<typeof caresRound>>[] = [];
  const clientOnly: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const e = await engineRound(address, expected);
    engine.push(e);
    cares.push(await caresRound(address, e.asked, e.inFlight));
    clientOnly.push(await clientRound(address, e.asked));
  }

  const single: number[] = [];
  const one = expected[0];
  if (one) {
    const options: CheckOptions = { authoritative: [address], resolvers: [address] };
    for (let i = 0; i < SINGLE_RUNS; i++) {
      const t = performance.now();
      await checkDomain(one, options);
      single.push(performance.now() - t);
    }
  }

  const engineMs = median(engine.map((e) => e.ms));
  const caresMs = median(cares.map((c) => c.ms));
  const p50 = median(single);
  const loopP99 = Math.max(...engine.map((e) => e.loopP99));
  const queries = engine[0]?.asked.length ?? 0;
  const inFlight = engine[0]?.inFlight ?? 0;
  const row = (label: string, value: string, goal: string, ok: boolean): string =>
    `${label.padEnd(44)} ${value.padStart(12)}   ${goal.padEnd(16)} ${ok ? 'ok' : 'MISSED'}`;
  const lines = [
    `DNS engine benchmark: ${DOMAINS} domains × ${expected[0]?.records.length ?? 0} records, one loopback fixture (own process), median of ${ROUNDS} rounds`,
    `${queries} queries per round (authoritative RD=0, resolver RD=1, discovery, SPF includes); c-ares replays the same ${queries} with the engine's bound of ${inFlight} in flight`,
    '',
    row('engine: 200 full domain checks', `${engineMs.toFixed(1)} ms`, '', true),
    row('c-ares (dns.Resolver): the same queries', `${caresMs.toFixed(1)} ms`, '', true),
    row(
      'the same queries, engine client only (ref.)',
      `${median(clientOnly).toFixed(1)} ms`,
      '',
      true,
    ),
    row(
      'ratio engine / c-ares',
      caresMs > 0 ? (engineMs / caresMs).toFixed(2) : 'n/a',
      '<= 1.00',
      engineMs <= caresMs,
    ),
    row(
      `one domain's full check, p50 of ${SINGLE_RUNS}`,
      `${p50.toFixed(2)} ms`,
      '< 20 ms',
      p50 < 20,
    ),
    row(
      'event-loop delay p99 during the 200 checks',
      `${loopP99.toFixed(2)} ms`,
      '< 50 ms',
      loopP99 < 50,
    ),
    '',
    `per round engine ms: ${engine.map((e) => e.ms.toFixed(1)).join(', ')}; c-ares ms: ${cares.map((c) => c.ms.toFixed(1)).join(', ')}`,
    `CPU of this process per round, median: engine ${median(engine.map((e) => e.cpuMs)).toFixed(0)} ms, c-ares ${median(cares.map((c) => c.cpuMs)).toFixed(0)} ms`,
    `checks not passing (should be 0): ${engine.map((e) => e.notPassing).join(', ')}; c-ares failed queries: ${cares.map((c) => c.failed).join(', ')}; loop delay max: ${Math.max(...engine.map((e) => e.loopMax)).toFixed(1)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  stop();
}
