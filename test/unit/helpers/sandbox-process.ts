import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { forkLauncher } from '../../../src/main/sandbox-process/launcher';
import {
  startSupervisedSandbox,
  type SupervisedSandbox,
  type SupervisorOptions,
} from '../../../src/main/sandbox-process/supervisor';
import type { ChildSandboxOptions } from '../../../src/sandbox/child-protocol';
import { sandboxMigrations } from '../../../src/sandbox/db/migrations';
import { hashPassword } from '../../../src/sandbox/passwords';
import { TLS_CERT_FILE } from '../../../src/sandbox/smtp/certificate';
import { SANDBOX_DATABASE_FILE } from '../../../src/sandbox/start';
import { createSandboxStore } from '../../../src/sandbox/store';
import { migrate } from '../../../src/sqlite/migrate';
import { openDatabase } from '../../../src/sqlite/open-database';
import { addVerifiedSender } from '../../fixtures/sandbox-sender';
import { makeTempDir, type Cleanup } from './temp-dir';

/** The child entry the app runs (browser mode runs it the same way, through tsx). */
export const SANDBOX_CHILD = fileURLToPath(
  new URL('../../../src/sandbox/child.ts', import.meta.url),
);

export interface Sender {
  login: string;
  password: string;
  domain: string;
}

/**
 * A verified domain with one SMTP user, written into a sandbox data folder before its process
 * starts (the test cannot reach into another process's store).
 */
export async function prepareSender(dataDir: string, domain = 'send.example.com'): Promise<Sender> {
  const db = openDatabase(join(dataDir, SANDBOX_DATABASE_FILE));
  try {
    migrate(db, sandboxMigrations);
    const store = createSandboxStore(db);
    const { account } = store.accounts.ensureAccount('Sandbox account');
    const password = 'real-client-password-0123';
    const { login } = addVerifiedSender(
      store,
      account.id,
      domain,
      'sender',
      await hashPassword(password),
    );
    return { login, password, domain };
  } finally {
    db.close();
  }
}

export interface SandboxProcess {
  sandbox: SupervisedSandbox;
  dataDir: string;
  sender: Sender;
  /** Every line the sandbox process wrote (stdout and stderr), and the supervisor's. */
  lines: string[];
  /** Resolves once `count` lines in all match `pattern` (lines already written count). */
  linesMatching(pattern: RegExp, count: number): Promise<string[]>;
  /** The certificate it presents on STARTTLS. */
  certificate(): string;
  /** 200 from GET /health. */
  health(): Promise<number>;
  /** Recipients counted today, as GET /v1/account says. */
  sentToday(): Promise<number>;
  /** One authenticated message through submission, STARTTLS required, the certificate pinned. */
  send(subject?: string): Promise<string>;
}

/**
 * The embedded sandbox exactly as the app runs it: its own process under the supervisor, with a
 * verified sender prepared, its output captured. Stopped (and its folder removed) by cleanup.
 */
export async function startSandboxProcess(
  cleanup: Cleanup,
  options: Partial<Pick<SupervisorOptions, 'backoff' | 'log'>> & {
    host?: string;
    smtpLimits?: ChildSandboxOptions['smtpLimits'];
  } = {},
): Promise<SandboxProcess> {
  const temp = makeTempDir('kyrios-sandbox-process-');
  cleanup.add(() => temp.remove());
  const sender = await prepareSender(temp.dir);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; count: number; resolve(found: string[]): void }[] = [];
  const matching = (pattern: RegExp) => lines.filter((line) => pattern.test(line));
  const push = (line: string) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      const found = matching(waiter.pattern);
      if (found.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  };
  const sandbox = await startSupervisedSandbox({
    launcher: forkLauncher({ output: push }),
    entry: SANDBOX_CHILD,
    options: {
      dataDir: temp.dir,
      dns: { authoritative: [], resolvers: [] },
      ...(options.host ? { host: options.host } : {}),
      ...(options.smtpLimits ? { smtpLimits: options.smtpLimits } : {}),
    },
    log: options.log ?? push,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  cleanup.add(() => sandbox.close());
  const certificate = () => readFileSync(join(temp.dir, TLS_CERT_FILE), 'utf8');
  const auth = { authorization: `Bearer ${sandbox.apiKey}` };
  return {
    sandbox,
    dataDir: temp.dir,
    sender,
    lines,
    linesMatching(pattern, count) {
      const found = matching(pattern);
      if (found.length >= count) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pattern, count, resolve }));
    },
    certificate,
    health: async () => (await fetch(`${sandbox.api}/health`)).status,
    async sentToday() {
      const response = await fetch(`${sandbox.api}/v1/account`, { headers: auth });
      return ((await response.json()) as { sentToday: number }).sentToday;
    },
    async send(subject = 'normal send') {
      const transport = nodemailer.createTransport({
        host: sandbox.smtp.host,
        port: sandbox.smtp.port,
        secure: false,
        requireTLS: true,
        auth: { user: sender.login, pass: sender.password },
        tls: { ca: certificate(), servername: 'smtp.sandbox.kyrios.test' },
      });
      try {
        const info = await transport.sendMail({
          from: sender.login,
          to: 'someone@example.org',
          subject,
          text: 'A message after a misbehaving client.',
        });
        return info.response;
      } finally {
        transport.close();
      }
    },
  };
}
