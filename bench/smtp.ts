import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { hashPassword } from '../src/sandbox/passwords';
import { startSandbox } from '../src/sandbox/start';
import { addVerifiedSender } from '../test/fixtures/sandbox-sender';

/**
 * SMTP submission throughput: messages per second with 20 and with 100 sessions at once, each an
 * authenticated nodemailer connection sending one-recipient messages back to back. The sandbox
 * runs in its own process (so the clients' work does not count against it). Every session sends
 * for its own account, so the daily limit (1,500 per account) never interferes; AUTH and the
 * first message of each session are a warm-up, outside the timing.
 *
 * The baseline, in the same run: the same clients against the SMTP library alone (smtp-server,
 * the sandbox's, in its own process, with the same size limit and AUTH methods) accepting every
 * login and draining every message without a look: no scrypt, no limit accounting, no database.
 * The ratio is the sandbox's messages per second over the library's.
 *
 *   npm run bench -- smtp
 */

const SCENARIOS = [
  { sessions: 20, perSession: 250 },
  { sessions: 100, perSession: 50 },
];
const BODY = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(16)}\n`;
const SELF = fileURLToPath(import.meta.url);

interface Served {
  smtp: { host: string; port: number };
  users: { login: string; password: string }[];
}

/** Child mode: a sandbox with `count` accounts, each with one verified domain and one SMTP user. */
async function serve(dataDir: string, count: number): Promise<void> {
  const sandbox = await startSandbox({
    dataDir,
    port: 0,
    dns: { authoritative: [], resolvers: [] },
  });
  const { store } = sandbox;
  const users: Served['users'] = [];
  const password = 'bench-password-0123456789';
  const hash = await hashPassword(password);
  for (let i = 0; i < count; i++) {
    const account = store.accounts.create(`bench ${i}`);
    const { login } = addVerifiedSender(store, account.id, `b${i}.bench.test`, 'bench', hash);
    users.push({ login, password });
  }
  process.stdout.write(`${JSON.stringify({ smtp: sandbox.smtp, users } satisfies Served)}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    void sandbox.close().then(() => process.exit(0));
  });
}

/** Child mode: the baseline, smtp-server alone, accepting and draining everything. */
async function serveFloor(): Promise<void> {
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    size: 10 * 1024 * 1024,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ host: '127.0.0.1', port })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => server.close(() => process.exit(0)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function scenario(served: Served, users: Served['users'], perSession: number) {
  const transports = users.map((u) =>
    nodemailer.createTransport({
      host: served.smtp.host,
      port: served.smtp.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
      auth: { user: u.login, pass: u.password },
    }),
  );
  const send = (i: number, n: number) => {
    const t = transports[i];
    const u = users[i];
    if (!t || !u) throw new Error('no session');
    return t.sendMail({ from: u.login, to: `rcpt${n}@example.org`, subject: `m${n}`, text: BODY });
  };
  // Warm-up: connect, AUTH (scrypt) and one message per session.
  await Promise.all(users.map((_, i) => send(i, -1)));

  const latencies: number[] = [];
  let refused = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  await Promise.all(
    users.map(async (_, i) => {
      for (let n = 0; n < perSession; n++) {
        const t = performance.now();
        const info = await send(i, n);
        latencies.push(performance.now() - t);
        refused += info.rejected.length;
      }
    }),
  );
  const ms = performance.now() - started;
  loop.disable();
  for (const t of transports) t.close();
  latencies.sort((a, b) => a - b);
  return {
    messages: latencies.length,
    refused,
    ms,
    perSecond: (latencies.length / ms) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    clientLoopP99: loop.percentile(99) / 1e6,
  };
}

/** Starts this file in a child mode and reads the line it prints when it is ready. */
async function child(args: string[]): Promise<{ line: string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`${args[0] ?? ''} exited (${String(code)})`)));
  });
  return {
    line,
    stop: async () => {
      proc.stdin.end();
      await new Promise((resolve) => proc.once('exit', resolve));
    },
  };
}

type Result = Awaited<ReturnType<typeof scenario>>;

async function drive(): Promise<void> {
  const total = SCENARIOS.reduce((n, s) => n + s.sessions, 0);
  const dataDir = mkdtempSync(join(tmpdir(), 'kyrios-bench-smtp-'));
  const ours: Result[] = [];
  const library: Result[] = [];
  try {
    const sandbox = await child(['--serve', dataDir, String(total)]);
    const served = JSON.parse(sandbox.line) as Served;
    try {
      let offset = 0;
      for (const { sessions, perSession } of SCENARIOS) {
        const users = served.users.slice(offset, offset + sessions);
        offset += sessions;
        ours.push(await scenario(served, users, perSession));
      }
    } finally {
      await sandbox.stop();
    }
    const floor = await child(['--serve-floor']);
    try {
      const at = JSON.parse(floor.line) as Served['smtp'];
      let offset = 0;
      for (const { sessions, perSession } of SCENARIOS) {
        const users = served.users.slice(offset, offset + sessions);
        offset += sessions;
        library.push(await scenario({ smtp: at, users }, users, perSession));
      }
    } finally {
      await floor.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const line = (label: string, sessions: number, r: Result, ratio = '') =>
    `${label.padEnd(9)} ${String(sessions).padStart(8)} ${String(r.messages).padStart(9)} ${(r.ms / 1000).toFixed(2).padStart(8)} s ${r.perSecond.toFixed(0).padStart(9)} ${r.p50.toFixed(1).padStart(9)} ms ${r.p99.toFixed(1).padStart(9)} ms ${String(r.refused).padStart(8)} ${ratio.padStart(8)}`;
  const rows = SCENARIOS.flatMap(({ sessions }, i) => {
    const sandbox = ours[i];
    const floor = library[i];
    if (!sandbox || !floor) return [];
    return [
      line('sandbox', sessions, sandbox, (sandbox.perSecond / floor.perSecond).toFixed(2)),
      line('library', sessions, floor),
    ];
  });
  process.stdout.write(
    [
      'SMTP submission benchmark: one-recipient messages (~1 KB body), AUTH PLAIN on loopback, server in its own process',
      'library = smtp-server alone (the baseline: any login accepted, messages drained, nothing stored); ratio = sandbox msg/s over library msg/s',
      '',
      'server    sessions  messages     time     msg/s  latency p50    latency p99  refused    ratio',
      ...rows,
      '',
    ].join('\n'),
  );
}

const serveAt = process.argv.indexOf('--serve');
if (process.argv.includes('--serve-floor')) {
  await serveFloor();
} else if (serveAt >= 0) {
  await serve(process.argv[serveAt + 1] ?? '', Number(process.argv[serveAt + 2] ?? '1'));
} else {
  await drive();
}
