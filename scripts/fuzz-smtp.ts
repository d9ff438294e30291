import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { forkLauncher } from '../src/main/sandbox-process/launcher';
import {
  startSupervisedSandbox,
  type SupervisedSandbox,
} from '../src/main/sandbox-process/supervisor';
import { BROKEN_SESSION_KINDS } from '../src/sandbox/smtp/session-guard';
import type { SandboxStats } from '../src/sandbox/start';
import { runFuzz, tally, type FuzzTarget } from '../test/fixtures/smtp-fuzz';
import { prepareSender } from '../test/unit/helpers/sandbox-process';
import { makeTempDir } from '../test/unit/helpers/temp-dir';

/**
 * The long SMTP fuzz, and the figures of the hardened sandbox:
 *
 *   npx tsx scripts/fuzz-smtp.ts [SESSIONS] [--seed N] [--concurrency N] [--restarts N] [--tsx]
 *                                                      (default 14000 sessions, 32 at a time)
 *
 * The embedded sandbox runs in its own process under the app's supervisor, as one esbuild bundle
 * on plain node (the code as the desktop app ships it; --tsx runs the sources through tsx, as
 * browser mode does). SESSIONS fuzzed sessions (random and truncated commands, binary bytes,
 * random TLS records, cut TLS handshakes; ended by QUIT, FIN, RST or silence) go to both SMTP
 * ports, after 500 to warm up. Printed: what was thrown, how the sandbox counted each kind of
 * broken session, its RSS idle (before any session), after the warm-up, once 10,000 broken
 * sessions were counted in the run, at the end and at its peak; then the supervised restart time over --restarts SIGKILLs (default 5):
 * from the kill to /health answering again, the supervisor's first wait (250 ms) included. Exit 1 if the process changed, stopped serving, or
 * left a session unsettled.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(ROOT, 'src', 'sandbox', 'child.ts');

async function bundledChild(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(ROOT, 'node_modules', '.cache', 'fuzz-smtp', 'sandbox-child.mjs');
  await build({
    entryPoints: [CHILD],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

const { values, positionals } = parseArgs({
  options: {
    seed: { type: 'string' },
    concurrency: { type: 'string' },
    restarts: { type: 'string' },
    tsx: { type: 'boolean' },
  },
  allowPositionals: true,
});
const sessions = Number(positionals[0] ?? '14000');
const seed = Number(values.seed ?? '20261204');
const concurrency = Number(values.concurrency ?? '32');
const restarts = Number(values.restarts ?? '5');
if (![sessions, seed, concurrency, restarts].every((n) => Number.isInteger(n) && n >= 0)) {
  process.stderr.write(
    'usage: npx tsx scripts/fuzz-smtp.ts [SESSIONS] [--seed N] [--concurrency N] [--restarts N] [--tsx]\n',
  );
  process.exit(2);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const brokenTotal = (s: SandboxStats) =>
  [s.smtp.submission, s.smtp.mx].reduce(
    (sum, l) => sum + Object.values(l.broken).reduce((a, b) => a + b, 0),
    0,
  );

const data = makeTempDir('kyrios-fuzz-smtp-');
const sender = await prepareSender(data.dir);
const lines: string[] = [];
const runner = values.tsx ? 'tsx, as browser mode runs it' : 'bundled, on plain node';
const entry = values.tsx ? CHILD : await bundledChild();
const sandbox: SupervisedSandbox = await startSupervisedSandbox({
  launcher: forkLauncher({ output: (line) => lines.push(line) }),
  entry,
  options: {
    dataDir: data.dir,
    dns: { authoritative: [], resolvers: [] },
    // Short, so silent clients cost seconds, not minutes; the sandbox's own limits otherwise.
    smtpLimits: { idleTimeoutMs: 1_000, maxSessionMs: 10_000 },
  },
  log: (line) => lines.push(line),
  // Each kill below counts as a first restart (250 ms wait), as one a minute after the last would.
  stableMs: 0,
});
const common = { host: '127.0.0.1', login: sender.login, password: sender.password };
const targets: FuzzTarget[] = [
  { ...common, listener: 'submission', port: sandbox.smtp.port, domain: sender.domain },
  { ...common, listener: 'mx', port: sandbox.mx.port, domain: sender.domain },
];
const pid = sandbox.pid();

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}`;
process.stdout.write(
  `SMTP fuzz: ${sessions} sessions (seed ${seed}, ${concurrency} at a time) on both ports, sandbox in its own process (${runner})\nmachine: ${machine}\n`,
);

const idle = await sandbox.stats();
await runFuzz(targets, { seed: seed + 1, count: 500, concurrency });
const before = await sandbox.stats();
let atTenThousand: number | null = null;
let peak = before.rss;
let sampling = Promise.resolve();
const started = performance.now();
const run = await runFuzz(targets, { seed, count: sessions, concurrency }, (record) => {
  if (record.index % 250 !== 0) return;
  sampling = sampling.then(async () => {
    const reading = await sandbox.stats().catch(() => null);
    if (!reading) return;
    peak = Math.max(peak, reading.rss);
    if (
      atTenThousand === null &&
      brokenTotal(reading.stats) - brokenTotal(before.stats) >= 10_000
    ) {
      atTenThousand = reading.rss;
    }
    if (record.index % 2_000 === 0) {
      process.stdout.write(
        `  ${record.index} sessions, ${brokenTotal(reading.stats)} broken counted, RSS ${mb(reading.rss)}\n`,
      );
    }
  });
});
await sampling;
const seconds = (performance.now() - started) / 1000;

// Every session settled (the server has let go of each): asked until so, at most 30 s.
let after = await sandbox.stats();
const settledIn = Date.now() + 30_000;
const unsettled = (s: SandboxStats) =>
  [s.smtp.submission, s.smtp.mx].reduce(
    (n, l) =>
      n +
      l.sessions -
      l.completed -
      l.closed -
      l.refused -
      Object.values(l.broken).reduce((a, b) => a + b, 0),
    0,
  );
while (unsettled(after.stats) > 0 && Date.now() < settledIn) after = await sandbox.stats();
peak = Math.max(peak, after.rss);

const health = (await fetch(`${sandbox.api}/health`)).status;
const samePid = sandbox.pid() === pid;
const thrown = tally(run.sessions);
const stackTraces = lines.filter((line) => /^\s+at /.test(line)).length;
const out: string[] = [
  `elapsed: ${seconds.toFixed(1)} s (${(sessions / seconds).toFixed(0)} sessions/s)`,
  'thrown (client side):',
  ...Object.entries(thrown)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `  ${key.padEnd(30)} ${n}`),
  'broken sessions counted and survived (server side, this run + warm-up):',
  ...BROKEN_SESSION_KINDS.map(
    (kind) =>
      `  ${kind.padEnd(14)} submission ${String(after.stats.smtp.submission.broken[kind]).padStart(6)}   mx ${String(after.stats.smtp.mx.broken[kind]).padStart(6)}`,
  ),
  `  ending otherwise: completed ${after.stats.smtp.submission.completed + after.stats.smtp.mx.completed}, closed between transactions ${after.stats.smtp.submission.closed + after.stats.smtp.mx.closed}, refused ${after.stats.smtp.submission.refused + after.stats.smtp.mx.refused}`,
  `  total broken: ${brokenTotal(after.stats)}; unsettled: ${unsettled(after.stats)}; stack traces in its output: ${stackTraces}`,
  `sandbox RSS: idle ${mb(idle.rss)}, after the warm-up ${mb(before.rss)}, after 10,000 broken sessions ${atTenThousand === null ? 'n/a (fewer in this run)' : mb(atTenThousand)}, at the end ${mb(after.rss)}, peak ${mb(peak)}`,
  `after the run: same process ${samePid ? 'yes' : 'NO'}, /health ${health}`,
];
process.stdout.write(`${out.join('\n')}\n`);

// Supervised restart time: SIGKILL, then until /health answers on the same address.
const times: number[] = [];
// The supervisor's timers do not keep a process alive (the app's servers do): this does, here.
const keepAlive = setInterval(() => undefined, 1_000);
for (let i = 0; i < restarts; i++) {
  const killedAt = performance.now();
  const back = new Promise<void>((resolve) => {
    const off = sandbox.subscribe((state) => {
      if (state.status !== 'running') return;
      off();
      resolve();
    });
  });
  process.kill(sandbox.pid() ?? 0, 'SIGKILL');
  await back;
  while ((await fetch(`${sandbox.api}/health`).catch(() => null))?.status !== 200) {
    // The state says running once the child reported ready, so this answers at once.
  }
  times.push(performance.now() - killedAt);
}
clearInterval(keepAlive);
if (times.length > 0) {
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(
    `supervised restart (SIGKILL → /health answers): median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms over ${times.length} kills (${times.map((t) => t.toFixed(0)).join(', ')})\n`,
  );
}

await sandbox.close();
data.remove();
const ok = samePid && health === 200 && unsettled(after.stats) === 0 && stackTraces === 0;
process.stdout.write(`result: ${ok ? 'ok' : 'FAIL'}\n`);
process.exit(ok ? 0 : 1);
