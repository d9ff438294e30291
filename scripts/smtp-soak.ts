import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { hashPassword } from '../src/sandbox/passwords';
import { SANDBOX_DATABASE_FILE, startSandbox } from '../src/sandbox/start';
import { openDatabase } from '../src/sqlite/open-database';
import { addVerifiedSender } from '../test/fixtures/sandbox-sender';

/**
 * SMTP soak: many messages over many sessions against a sandbox in its own process.
 *
 *   npx tsx scripts/smtp-soak.ts [MESSAGES] [SESSIONS] [--tsx] [--trace]
 *                                                          (default 20000 over 100)
 *
 * Every session is one authenticated connection (its own account, so the daily limit of 1,500
 * never interferes) sending one-recipient messages back to back, all sessions at once. Message
 * bodies vary from 200 bytes to 64 KiB. The sandbox's resident memory is sampled every 200 ms.
 * At the end the sandbox database must hold exactly the messages the clients saw accepted, per
 * user, and count exactly their recipients; RSS must stay under the ceiling (200 MB). Exit 1
 * otherwise. The sandbox runs as one esbuild bundle on plain node: the code as the app ships it
 * (electron-vite bundles the embedded sandbox into the main process). With --tsx it runs under tsx
 * as `npm run sandbox` runs it, for reference: tsx's module loader thread (a second V8 isolate)
 * adds ~40 MB before the first session, which is the dev runner's, not the server's, so the
 * ceiling is not checked there. --trace lists every RSS sample.
 */

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), '..');
const RSS_LIMIT_MB = 200;
const PASSWORD = 'soak-password-0123456789';

interface Served {
  pid: number;
  smtp: { host: string; port: number };
  users: { login: string; id: string }[];
}

/** Child mode: a sandbox with `count` accounts, each with a verified domain and an SMTP user. */
async function serve(dataDir: string, count: number): Promise<void> {
  const sandbox = await startSandbox({
    dataDir,
    port: 0,
    dns: { authoritative: [], resolvers: [] },
  });
  const { store } = sandbox;
  const hash = await hashPassword(PASSWORD);
  const users: Served['users'] = [];
  for (let i = 0; i < count; i++) {
    const account = store.accounts.create(`soak ${i}`);
    users.push(addVerifiedSender(store, account.id, `s${i}.soak.test`, 'soak', hash));
  }
  process.stdout.write(
    `${JSON.stringify({ pid: process.pid, smtp: sandbox.smtp, users } satisfies Served)}\n`,
  );
  process.stdin.resume();
  process.stdin.once('end', () => {
    void sandbox.close().then(() => process.exit(0));
  });
}

/** Resident set size of a process in MB (Linux /proc; `ps` elsewhere is not needed on our machines). */
function rssMb(pid: number): number | null {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return null;
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(file, 'utf8'));
  return match ? Number(match[1]) / 1024 : null;
}

function bodyOf(n: number): string {
  // 200 B to 64 KiB, mostly small: the shape of real transactional mail.
  const size = n % 50 === 0 ? 64 * 1024 : n % 10 === 0 ? 8 * 1024 : 200 + (n % 7) * 100;
  return `${`message ${n} `.padEnd(64, '.')}\n`.repeat(Math.ceil(size / 65)).slice(0, size);
}

/**
 * This script's sandbox side as one bundle for plain node, the way the app ships the embedded
 * sandbox (electron-vite bundles it): no tsx transpiler, loader thread or source maps in the
 * process being measured. Written under node_modules/.cache so its externals resolve.
 */
async function bundled(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(ROOT, 'node_modules', '.cache', 'smtp-soak', 'sandbox.mjs');
  await build({
    entryPoints: [SELF],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'nodemailer'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

async function startChild(
  dataDir: string,
  sessions: number,
  runner: 'tsx' | 'bundle',
): Promise<{ child: ChildProcess; served: Served }> {
  const entry = runner === 'bundle' ? [await bundled()] : ['--import', 'tsx', SELF];
  const child = spawn(process.execPath, [...entry, '--serve', dataDir, String(sessions)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (!child.stdout) throw new Error('no stdout');
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited (${String(code)})`)));
  });
  return { child, served: JSON.parse(line) as Served };
}

async function drive(
  messages: number,
  sessions: number,
  runner: 'tsx' | 'bundle',
): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyrios-smtp-soak-'));
  const { child, served } = await startChild(dataDir, sessions, runner);
  const samples: number[] = [];
  const sample = () => {
    const mb = rssMb(served.pid);
    if (mb !== null) samples.push(mb);
  };
  sample();
  const idle = samples[0] ?? 0;
  const sampler = setInterval(sample, 200);
  const accepted = new Map<string, number>();
  const errors: string[] = [];
  const started = performance.now();
  try {
    const per = Math.floor(messages / sessions);
    const extra = messages - per * sessions;
    await Promise.all(
      served.users.map(async (user, i) => {
        const transport = nodemailer.createTransport({
          host: served.smtp.host,
          port: served.smtp.port,
          secure: false,
          ignoreTLS: true,
          pool: true,
          maxConnections: 1,
          maxMessages: Infinity,
          auth: { user: user.login, pass: PASSWORD },
        });
        try {
          const count = per + (i < extra ? 1 : 0);
          for (let n = 0; n < count; n++) {
            try {
              const info = await transport.sendMail({
                from: user.login,
                to: `rcpt${n}@example.org`,
                subject: `soak ${i}/${n}`,
                text: bodyOf(n),
              });
              if (info.accepted.length === 1)
                accepted.set(user.id, (accepted.get(user.id) ?? 0) + 1);
            } catch (error) {
              if (errors.length < 10) errors.push(`${user.login} #${n}: ${String(error)}`);
            }
          }
        } finally {
          transport.close();
        }
      }),
    );
  } finally {
    clearInterval(sampler);
    sample();
  }
  const ms = performance.now() - started;
  child.stdin?.end();
  await new Promise((resolve) => child.once('exit', resolve));

  // The sandbox database, read after the sandbox closed it: what it says it accepted.
  const db = openDatabase(join(dataDir, SANDBOX_DATABASE_FILE), { readonly: true });
  const stored = new Map(
    (
      db
        .prepare(
          'SELECT smtp_user_id AS id, count(*) AS n FROM outbound_messages GROUP BY smtp_user_id',
        )
        .all() as {
        id: string;
        n: number;
      }[]
    ).map((r) => [r.id, r.n]),
  );
  const counted = (
    db.prepare('SELECT coalesce(sum(sent), 0) AS n FROM daily_sends').get() as { n: number }
  ).n;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });

  const total = [...accepted.values()].reduce((a, b) => a + b, 0);
  const storedTotal = [...stored.values()].reduce((a, b) => a + b, 0);
  const mismatched = served.users.filter(
    (u) => (accepted.get(u.id) ?? 0) !== (stored.get(u.id) ?? 0),
  );
  const peak = Math.max(...samples);
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const ok =
    errors.length === 0 &&
    total === messages &&
    mismatched.length === 0 &&
    storedTotal === total &&
    counted === total &&
    (runner === 'tsx' || peak < RSS_LIMIT_MB);
  process.stdout.write(
    [
      `SMTP soak: ${messages} one-recipient messages over ${sessions} sessions at once, sandbox in its own process (${runner === 'tsx' ? 'tsx, as npm run sandbox runs it' : 'bundled, on plain node'})`,
      `accepted by the clients:   ${total} of ${messages}${errors.length ? ` (errors: ${errors.join('; ')})` : ''}`,
      `stored in the sandbox DB:  ${storedTotal} (users whose count differs: ${mismatched.length})`,
      `counted against the limit: ${counted}`,
      `elapsed:                   ${(ms / 1000).toFixed(1)} s (${((total / ms) * 1000).toFixed(0)} messages/s)`,
      `sandbox RSS:               peak ${peak.toFixed(1)} MB, median ${median.toFixed(1)} MB, idle before the first session ${idle.toFixed(1)} MB; ${samples.length} samples (${runner === 'tsx' ? `reference only under tsx; the ceiling of ${RSS_LIMIT_MB} MB is checked on the bundled code` : `limit ${RSS_LIMIT_MB} MB`})`,
      ...(trace
        ? [`samples (MB):              ${samples.map((v) => v.toFixed(0)).join(' ')}`]
        : []),
      `result:                    ${ok ? 'ok' : 'FAIL'}`,
      '',
    ].join('\n'),
  );
  return ok;
}

const { values, positionals } = parseArgs({
  options: {
    serve: { type: 'string' },
    tsx: { type: 'boolean' },
    trace: { type: 'boolean' },
  },
  allowPositionals: true,
});
const trace = values.trace === true;
if (values.serve !== undefined) {
  await serve(values.serve, Number(positionals[0] ?? '1'));
} else {
  const messages = Number(positionals[0] ?? '20000');
  const sessions = Number(positionals[1] ?? '100');
  if (!Number.isInteger(messages) || !Number.isInteger(sessions) || messages < 1 || sessions < 1) {
    process.stderr.write(
      'usage: npx tsx scripts/smtp-soak.ts [MESSAGES] [SESSIONS] [--tsx] [--trace]\n',
    );
    process.exit(2);
  }
  if (sessions * 1500 < messages) {
    process.stderr.write(
      'at most 1,500 messages per session (one account each: the daily limit)\n',
    );
    process.exit(2);
  }
  if (!(await drive(messages, sessions, values.tsx ? 'tsx' : 'bundle'))) process.exitCode = 1;
}
