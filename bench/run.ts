/**
 * `npm run bench -- NAME`: runs one benchmark. Each entry is a module whose import runs it; add
 * yours to the map. Benchmarks are never part of `npm test`.
 */
const BENCHMARKS: Record<string, { file: string; about: string }> = {
  dns: { file: './dns.ts', about: '200 domain checks on the loopback fixture versus c-ares' },
  smtp: { file: './smtp.ts', about: 'SMTP submission messages/s with 20 and 100 sessions' },
  api: { file: './api.ts', about: 'p50/p99 of the main sandbox API calls' },
  monitor: {
    file: './monitor.ts',
    about: '200 domains re-checked by monitoring: event-loop delay p99',
  },
  ui: { file: './ui.ts', about: '1,000 domains: list first render, filter keystroke; bundle gzip' },
  db: {
    file: './db.ts',
    about: 'app database at size: open, inventory, history and usage queries',
  },
};

const wanted = process.argv[2];
const entry = wanted === undefined ? undefined : BENCHMARKS[wanted];
if (!entry) {
  const list = Object.entries(BENCHMARKS)
    .map(([n, b]) => `  ${n.padEnd(10)} ${b.about}`)
    .join('\n');
  process.stderr.write(
    `${wanted === undefined ? 'Which benchmark?' : `Unknown benchmark "${wanted}".`} Available:\n${list}\nUsage: npm run bench -- NAME\n`,
  );
  process.exitCode = 2;
} else {
  await import(entry.file);
}

// A module, so the dispatcher can await the benchmark it imports.
export {};
