import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type * as Dns from '../src/dns/index';
import type { ExpectedRecords } from '../src/shared/records';

/**
 * Round trips as a real network charges them: the fixture world (the domain's zone, its delegated
 * `_domainkey` subzone, the Kyrios zone and a caching resolver over them) in its own process,
 * every answer held 50 ms. A full check's time divided by 50 ms is the number of round trips it
 * waited for; the CPU in between is a few milliseconds.
 */

export const DELAY_MS = 50;
const RUNS = 5;

interface WorldLine {
  authoritative: string;
  resolver: string;
  nameservers: Record<string, string>;
  expected: ExpectedRecords;
}

async function startDelayedWorld(): Promise<{ world: WorldLine; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/fixtures/dns/serve.ts',
      'world',
      'example.test',
      '--delay',
      String(DELAY_MS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture world exited (${String(code)})`)));
  });
  return { world: JSON.parse(line) as WorldLine, stop: () => child.stdin.end() };
}

export interface RoundTrips {
  label: string;
  budget: number;
  ms: number;
  trips: number;
}

export async function roundTrips(engine: typeof Dns): Promise<RoundTrips[]> {
  const { world, stop } = await startDelayedWorld();
  try {
    const resolvers = [engine.parseServerAddress(world.resolver)];
    const postures: { label: string; budget: number; options: Dns.CheckOptions }[] = [
      {
        label: 'authoritative servers given (--authoritative)',
        budget: 2,
        options: {
          authoritative: [engine.parseServerAddress(world.authoritative)],
          resolvers,
          nameserverMap: world.nameservers,
        },
      },
      {
        label: 'zone discovery (1 zone cut), NS hosts mapped',
        budget: 3,
        options: { resolvers, nameserverMap: world.nameservers },
      },
    ];
    const figures: RoundTrips[] = [];
    for (const p of postures) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        // A fresh client each time: nothing is cached between checks anyway, but no slot either.
        const client = new engine.DnsClient();
        const started = performance.now();
        const result = await engine.checkDomain(world.expected, { ...p.options, client });
        times.push(performance.now() - started);
        if (result.status !== 'pass')
          throw new Error(`round-trip check did not pass: ${result.status}`);
      }
      const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
      // Whole trips: what is left over is the CPU of the check (a few ms on an idle machine).
      figures.push({ label: p.label, budget: p.budget, ms, trips: Math.floor(ms / DELAY_MS) });
    }
    return figures;
  } finally {
    stop();
  }
}
