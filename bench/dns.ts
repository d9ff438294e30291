import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import * as source from '../src/dns/index';
import type { CheckOptions, ServerAddress } from '../src/dns/index';
import { encodeQuery } from '../src/dns/wire';
import type { RecordType } from 'dns-packet';
import { manyDomains } from '../test/fixtures/dns/kyrios-world';
import { cliPerDomain } from './dns-cli';
import { DELAY_MS, roundTrips } from './dns-round-trips';

/**
 * The DNS engine against Node's built-in resolver (c-ares), same queries, same server, same run.
 * The fixture runs in its own process so its work does not count against our event loop.
 * Goals (BENCHMARKS.md): no slower than c-ares; one domain's full check p50 < 20 ms; loop delay
 * p99 < 50 ms; the check CLI's CPU per domain no more than c-ares' for the same questions; the
 * round trips of one check within their budget.
 *
 * Two c-ares baselines, because they do not have the same security posture:
 * - one shared `dns.Resolver`, so c-ares reuses one UDP socket (one source port) for every query;
 * - a fresh `dns.Resolver` per query, so a fresh socket (and source port) per query, as the engine
 *   must do (random ID, fresh socket, source-port randomisation: docs/architecture.md).
 * Node's c-ares asks without an EDNS0 record and the engine with one, so the server's answers to
 * the engine are a little larger: its CPU is printed for every kind of round.
 * The engine is timed as the app ships it (src/dns bundled by vite/rolldown, dependencies left
 * external as electron-vite does), and as TypeScript through tsx (as the tests run it) for reference;
 * the CLI as its package bin runs it (bench/dns-cli.ts); round trips on a fixture that holds every
 * answer 50 ms (bench/dns-round-trips.ts).
 * The machine may be shared: the load average is printed with the figures, and every figure is the
 * median of ROUNDS rounds, the engine's and c-ares' rounds interleaved.
 */

const DOMAINS = 200;
/** The fixture serves twice as many, for the CLI's runs over more domains. */
const CLI_DOMAINS = 400;
const SINGLE_RUNS = 50;
const ROUNDS = 7;
const CLI_ROUNDS = 3;

type Engine = typeof source;

/** src/dns as the app ships it: one bundle, dependencies external (electron-vite externalizeDeps). */
async function bundledEngine(): Promise<Engine> {
  // Inside the project, so the bundle's bare imports (dns-packet, zod) resolve from node_modules.
  const outDir = join('node_modules', '.cache', 'bench-dns');
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: 'src/dns/index.ts',
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'dns.mjs' } },
    },
  });
  return (await import(pathToFileURL(resolve(outDir, 'dns.mjs')).href)) as Engine;
}

async function startServer(): Promise<{ address: ServerAddress; pid: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/dns/serve.ts', 'many', String(CLI_DOMAINS)],
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
  return {
    address: source.parseServerAddress(address),
    pid: child.pid ?? 0,
    stop: () => child.stdin.end(),
  };
}

/** CPU time (ms) a process has used so far, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command name: state is field 3, utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

type Asked = { name: string; type: RecordType; recursion: boolean };

interface Timed {
  ms: number;
  cpuMs: number;
  serverCpuMs: number | null;
}

/** Runs `work`, timing it and the CPU of this process and of the fixture server. */
async function timed<T>(serverPid: number, work: () => Promise<T>): Promise<Timed & { value: T }> {
  const serverBefore = processCpuMs(serverPid);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const serverAfter = processCpuMs(serverPid);
  return {
    value,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    serverCpuMs: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore,
  };
}

async function engineRound(
  engine: Engine,
  server: ServerAddress,
  serverPid: number,
  expected: ReturnType<typeof manyDomains>['expected'],
) {
  const asked: Asked[] = [];
  const client = new engine.DnsClient({
    onQuery: (q) => asked.push({ name: q.name, type: q.type, recursion: q.recursion }),
  });
  const options: CheckOptions = { authoritative: [server], resolvers: [server], client };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const run = await timed(serverPid, () =>
    Promise.all(expected.map((e) => engine.checkDomain(e, options))),
  );
  loop.disable();
  return {
    ...run,
    asked,
    inFlight: client.maxPerServer,
    notPassing: run.value.filter((r) => r.status !== 'pass').length,
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

/**
 * The same queries through c-ares, with the same number in flight as the engine allows per server.
 * `fresh`: a new Resolver (c-ares channel, so a new UDP socket) for every query, as the engine does;
 * otherwise one shared Resolver, the goal's baseline.
 */
async function caresRound(
  server: ServerAddress,
  serverPid: number,
  asked: Asked[],
  inFlight: number,
  fresh: boolean,
) {
  const resolver = (): Resolver => {
    const r = new Resolver({ timeout: 2000, tries: 2 });
    r.setServers([`${server.host}:${server.port}`]);
    return r;
  };
  const shared = resolver();
  let next = 0;
  let failed = 0;
  const run = await timed(serverPid, () =>
    Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < asked.length) {
          const q = asked[next++];
          const ask = q ? CARES[q.type] : undefined;
          if (!q || !ask) continue;
          // NXDOMAIN/NODATA answers reject in c-ares: an answer all the same.
          await ask(fresh ? resolver() : shared, q.name).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOTFOUND' && err.code !== 'ENODATA') failed++;
          });
        }
      }),
    ),
  );
  return { ...run, failed };
}

/**
 * What a fresh socket per query costs in Node before any DNS work: the same queries, encoded
 * beforehand by the engine's encoder (so the server's work is the same), each sent from a new
 * dgram socket closed as soon as any datagram comes back. No matching, no decoding, no checks:
 * the floor under the engine's (and the fresh c-ares baseline's) security posture.
 */
async function socketFloorRound(
  server: ServerAddress,
  serverPid: number,
  asked: Asked[],
  inFlight: number,
) {
  const queries = asked.map((q, i) =>
    encodeQuery({ id: i % 65536, name: q.name, type: q.type }, q.recursion),
  );
  let next = 0;
  let lost = 0;
  const exchange = (query: Buffer): Promise<void> =>
    new Promise((resolve) => {
      // An IP literal: answered on the spot, as the engine's transport does.
      const socket = createSocket({
        type: 'udp4',
        lookup: (address, _family, callback) => callback(null, address, 4),
      });
      const timer = setTimeout(() => done(true), 2000);
      const done = (timedOut: boolean): void => {
        clearTimeout(timer);
        if (timedOut) lost++;
        socket.close();
        resolve();
      };
      socket.once('message', () => done(false));
      socket.send(query, server.port, server.host);
    });
  const run = await timed(serverPid, () =>
    Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < queries.length) {
          const query = queries[next++];
          if (query) await exchange(query);
        }
      }),
    ),
  );
  return { ...run, lost };
}

/** The same queries through the engine's own client alone: the query layer without the checks. */
async function clientRound(engine: Engine, server: ServerAddress, asked: Asked[]) {
  const client = new engine.DnsClient();
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

const medianOf = (values: (number | null)[]): string => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length ? `${median(known).toFixed(0)} ms` : 'n/a';
};

const loadBefore = loadavg();
const bundled = await bundledEngine();
const { address, pid, stop } = await startServer();
try {
  const everyDomain = manyDomains(CLI_DOMAINS).expected;
  const expected = everyDomain.slice(0, DOMAINS);
  // Warm every path up (JIT, the server's caches) with a full untimed round before measuring.
  const warm = await engineRound(bundled, address, pid, expected);
  await engineRound(source, address, pid, expected);
  await caresRound(address, pid, warm.asked, warm.inFlight, false);
  await caresRound(address, pid, warm.asked, warm.inFlight, true);
  await clientRound(bundled, address, warm.asked);
  await socketFloorRound(address, pid, warm.asked, warm.inFlight);

  const engine: Awaited<ReturnType<typeof engineRound>>[] = [];
  const tsx: Awaited<ReturnType<typeof engineRound>>[] = [];
  const cares: Awaited<ReturnType<typeof caresRound>>[] = [];
  const caresFresh: Awaited<ReturnType<typeof caresRound>>[] = [];
  const clientOnly: number[] = [];
  const floor: Awaited<ReturnType<typeof socketFloorRound>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const e = await engineRound(bundled, address, pid, expected);
    engine.push(e);
    cares.push(await caresRound(address, pid, e.asked, e.inFlight, false));
    caresFresh.push(await caresRound(address, pid, e.asked, e.inFlight, true));
    tsx.push(await engineRound(source, address, pid, expected));
    clientOnly.push(await clientRound(bundled, address, e.asked));
    floor.push(await socketFloorRound(address, pid, e.asked, e.inFlight));
  }

  const single: number[] = [];
  const one = expected[0];
  if (one) {
    const options: CheckOptions = { authoritative: [address], resolvers: [address] };
    for (let i = 0; i < SINGLE_RUNS; i++) {
      const t = performance.now();
      await bundled.checkDomain(one, options);
      single.push(performance.now() - t);
    }
  }
  const trips = await roundTrips(bundled);
  const cli = await cliPerDomain(everyDomain, DOMAINS, source.formatServer(address), CLI_ROUNDS);
  const loadAfter = loadavg();

  const engineMs = median(engine.map((e) => e.ms));
  const caresMs = median(cares.map((c) => c.ms));
  const freshMs = median(caresFresh.map((c) => c.ms));
  const p50 = median(single);
  const enginePerDomain = median(engine.map((e) => e.cpuMs)) / DOMAINS;
  const caresPerDomain = median(caresFresh.map((c) => c.cpuMs)) / DOMAINS;
  const loopP99 = Math.max(...engine.map((e) => e.loopP99));
  const queries = engine[0]?.asked.length ?? 0;
  const inFlight = engine[0]?.inFlight ?? 0;
  const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  const ms = (v: number, digits = 1): string => `${v.toFixed(digits)} ms`;
  const rounds = (list: { ms: number }[]): string => list.map((r) => r.ms.toFixed(0)).join(', ');
  const row = (label: string, value: string, goal = '', ok?: boolean): string =>
    `${label.padEnd(62)} ${value.padStart(10)}   ${goal.padEnd(8)} ${ok === undefined ? '' : ok ? 'ok' : 'MISSED'}`.trimEnd();
  const load = (l: number[]): string => l.map((v) => v.toFixed(2)).join(' ');
  const lines = [
    `DNS engine benchmark: ${DOMAINS} domains × ${expected[0]?.records.length ?? 0} records, one loopback fixture (own process), median of ${ROUNDS} rounds`,
    `${queries} queries per round (authoritative RD=0, resolver RD=1, discovery, SPF includes); c-ares replays the same ${queries} with the engine's bound of ${inFlight} in flight (without EDNS0, which the engine sends)`,
    'engine code: src/dns bundled by vite (rolldown), dependencies external, as the app ships it; "tsx" = the TypeScript source through tsx',
    `machine: ${availableParallelism()} CPUs, load average (1, 5, 15 min) ${load(loadBefore)} before, ${load(loadAfter)} after; on a shared machine compare figures of one run`,
    '',
    row('engine: 200 full domain checks (bundled)', ms(engineMs)),
    row('c-ares, one shared Resolver: the same queries (goal baseline)', ms(caresMs)),
    row('c-ares, a fresh Resolver (socket) per query: engine posture', ms(freshMs)),
    row(
      'ratio engine / c-ares shared Resolver (goal)',
      ratio(engineMs, caresMs),
      '<= 1.00',
      engineMs <= caresMs,
    ),
    row(
      'ratio engine / c-ares fresh socket per query (same posture)',
      ratio(engineMs, freshMs),
      '<= 1.00',
      engineMs <= freshMs,
    ),
    row(`one domain's full check, p50 of ${SINGLE_RUNS}`, ms(p50, 2), '< 20 ms', p50 < 20),
    row('event-loop delay p99 during the 200 checks', ms(loopP99, 2), '< 50 ms', loopP99 < 50),
    row('CPU per domain: engine in process (bundled)', ms(enginePerDomain, 2), ''),
    row(
      `CPU per domain: the check CLI (package bin), 1 to ${DOMAINS} domains`,
      ms(cli.perDomainCpuMs, 2),
    ),
    row(
      `CPU per domain: the check CLI, ${DOMAINS} to ${CLI_DOMAINS} domains (warm)`,
      ms(cli.steadyCpuMs, 2),
    ),
    row('CPU per domain: c-ares, fresh socket per query (baseline)', ms(caresPerDomain, 2)),
    row(
      'ratio CPU per domain, engine in process / c-ares fresh',
      ratio(enginePerDomain, caresPerDomain),
      '<= 1.00',
      enginePerDomain <= caresPerDomain,
    ),
    row(
      `ratio CPU per domain, check CLI (1 to ${DOMAINS}) / c-ares fresh`,
      ratio(cli.perDomainCpuMs, caresPerDomain),
      '<= 1.00',
      cli.perDomainCpuMs <= caresPerDomain,
    ),
    row(
      `ratio CPU per domain, check CLI (${DOMAINS} to ${CLI_DOMAINS}) / c-ares fresh`,
      ratio(cli.steadyCpuMs, caresPerDomain),
      '<= 1.00',
      cli.steadyCpuMs <= caresPerDomain,
    ),
    ...trips.map((t) =>
      row(
        `round trips of one check, ${t.label}`,
        `${t.trips} (${t.ms.toFixed(0)} ms)`,
        `<= ${t.budget}`,
        t.trips <= t.budget,
      ),
    ),
    row('ref.: engine, 200 full domain checks (tsx source)', ms(median(tsx.map((t) => t.ms)))),
    row('ref.: engine client only, the same queries (bundled)', ms(median(clientOnly))),
    row(
      'ref.: bare fresh socket per query, no DNS work (the floor)',
      ms(median(floor.map((f) => f.ms))),
    ),
    '',
    `per round ms: engine ${rounds(engine)}; c-ares shared ${rounds(cares)}; c-ares fresh ${rounds(caresFresh)}; engine tsx ${rounds(tsx)}; bare sockets ${rounds(floor)}`,
    `CPU per round, median: this process: engine ${medianOf(engine.map((e) => e.cpuMs))} (tsx ${medianOf(tsx.map((t) => t.cpuMs))}), c-ares shared ${medianOf(cares.map((c) => c.cpuMs))}, c-ares fresh ${medianOf(caresFresh.map((c) => c.cpuMs))}, bare sockets ${medianOf(floor.map((f) => f.cpuMs))}`,
    `  the fixture server (10 ms ticks): during engine ${medianOf(engine.map((e) => e.serverCpuMs))}, c-ares shared ${medianOf(cares.map((c) => c.serverCpuMs))}, c-ares fresh ${medianOf(caresFresh.map((c) => c.serverCpuMs))}, bare sockets ${medianOf(floor.map((f) => f.serverCpuMs))}`,
    `check CLI (node bin/kyrios-desk.js check --expect ×N --json), CPU ms per run: 1 domain ${cli.one.map((r) => r.cpuMs.toFixed(0)).join(', ')}; ${DOMAINS} domains ${cli.mid.map((r) => r.cpuMs.toFixed(0)).join(', ')}; ${CLI_DOMAINS} domains ${cli.all.map((r) => r.cpuMs.toFixed(0)).join(', ')} (wall ${cli.all.map((r) => r.ms.toFixed(0)).join(', ')} ms; exit ${[...new Set([...cli.one, ...cli.mid, ...cli.all].map((r) => r.code))].join('/')})`,
    `round trips: every fixture answer held ${DELAY_MS} ms; the world's _domainkey is a delegated subzone (its referral is one of the trips with discovery)`,
    `checks not passing (should be 0): ${[...engine, ...tsx].map((e) => e.notPassing).join(', ')}; c-ares failed queries: ${[...cares, ...caresFresh].map((c) => c.failed).join(', ')}; bare sockets lost: ${floor.map((f) => f.lost).join(', ')}; loop delay max: ${Math.max(...engine.map((e) => e.loopMax)).toFixed(1)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  stop();
}
