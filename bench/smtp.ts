import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { hashPassword } from '../src/sandbox/passwords';
import { generateRecords } from '../src/sandbox/records';
import { DEFAULT_SERVICE_HOSTS } from '../src/sandbox/settings';
import { startSandbox } from '../src/sandbox/start';

/**
 * SMTP submission throughput: messages per second with 20 and with 100 sessions at once, each an
 * authenticated nodemailer connection sending one-recipient messages back to back. The sandbox
 * runs in its own process (so the clients' work does not count against it). Every session sends
 * for its own account, so the daily limit (1,500 per account) never interferes; AUTH and the
 * first message of each session are a warm-up, outside the timing.
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
  const dkim = { privateKeyPem: 'unused', publicKeyBase64: 'AAAA' };
  for (let i = 0; i < count; i++) {
    const account = store.accounts.create(`bench ${i}`);
    const name = `b${i}.bench.test`;
    const domainId = store.domains.create({
      accountId: account.id,
      name,
      verificationToken: '0'.repeat(32),
      dkimSelector: 'kyrios1',
      dkimPrivateKey: dkim.privateKeyPem,
      records: generateRecords(name, '0'.repeat(32), dkim, DEFAULT_SERVICE_HOSTS),
    });
    store.domains.applyVerification(account.id, domainId, []);
    const created = store.smtpUsers.create({
      accountId: account.id,
      domainId,
      login: `bench@${name}`,
      passwordHash: hash,
    });
    if (!created.ok) throw new Error(created.code);
    users.push({ login: created.user.login, password });
  }
  process.stdout.write(`${JSON.stringify({ smtp: sandbox.smtp, users } satisfies Served)}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    void sandbox.close().then(() => process.exit(0));
  });
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

async function drive(): Promise<void> {
  const total = SCENARIOS.reduce((n, s) => n + s.sessions, 0);
  const dataDir = mkdtempSync(join(tmpdir(), 'kyrios-bench-smtp-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', SELF, '--serve', dataDir, String(total)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sandbox exited (${String(code)})`)));
    });
    const served = JSON.parse(line) as Served;
    const rows: string[] = [];
    let offset = 0;
    for (const { sessions, perSession } of SCENARIOS) {
      const users = served.users.slice(offset, offset + sessions);
      offset += sessions;
      const r = await scenario(served, users, perSession);
      rows.push(
        `${String(sessions).padStart(8)} ${String(r.messages).padStart(9)} ${(r.ms / 1000).toFixed(2).padStart(8)} s ${r.perSecond.toFixed(0).padStart(9)} ${r.p50.toFixed(1).padStart(9)} ms ${r.p99.toFixed(1).padStart(9)} ms ${String(r.refused).padStart(8)}`,
      );
    }
    process.stdout.write(
      [
        'SMTP submission benchmark: one-recipient messages (~1 KB body), AUTH PLAIN on loopback, sandbox in its own process',
        '',
        'sessions  messages     time     msg/s  latency p50    latency p99  refused',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) {
  await serve(process.argv[serveAt + 1] ?? '', Number(process.argv[serveAt + 2] ?? '1'));
} else {
  await drive();
}
