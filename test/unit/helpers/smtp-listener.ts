import { join } from 'node:path';
import type { Socket } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { sandboxMigrations } from '../../../src/sandbox/db/migrations';
import { hashPassword } from '../../../src/sandbox/passwords';
import { loadOrCreateCertificate } from '../../../src/sandbox/smtp/certificate';
import { close, listen, type SmtpLimits } from '../../../src/sandbox/smtp/common';
import { createInboundServer } from '../../../src/sandbox/smtp/inbound';
import { createSubmissionServer } from '../../../src/sandbox/smtp/submission';
import { createSandboxStore, type SandboxStore } from '../../../src/sandbox/store';
import { migrate } from '../../../src/sqlite/migrate';
import { openDatabase } from '../../../src/sqlite/open-database';
import { addVerifiedSender } from '../../fixtures/sandbox-sender';
import { makeTempDir, type Cleanup } from './temp-dir';

/**
 * The sockets a server has open, counted at the socket level, and a wait until none is left: the
 * proof that a session went away, without sleeping. Attach before the first client connects.
 */
export function liveSockets(server: SMTPServer) {
  let open = 0;
  const waiters: (() => void)[] = [];
  server.server.on('connection', (socket: Socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
      // smtp-server's own close handling may run after ours: answer on the next turn.
      if (open === 0) setImmediate(() => waiters.splice(0).forEach((resolve) => resolve()));
    });
  });
  return {
    count: () => open,
    drained: (): Promise<void> =>
      open === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)),
  };
}

export interface SmtpListener {
  server: SMTPServer;
  host: string;
  port: number;
  store: SandboxStore;
  accountId: string;
  login: string;
  password: string;
  sockets: ReturnType<typeof liveSockets>;
  /** Recipients counted today against the daily limit. */
  sentToday(): number;
  /** Messages stored (accepted). */
  stored(): number;
}

/**
 * One sandbox SMTP listener (submission, or the MX with `kind: 'mx'`) on its own database with a
 * verified domain and one SMTP user, with the limits under test. Built from the same parts as
 * startSandbox, so the server object is at hand (its sessions can be counted).
 */
export async function startSmtpListener(
  cleanup: Cleanup,
  options: {
    limits?: Partial<SmtpLimits>;
    maxMessageBytes?: number;
    kind?: 'submission' | 'mx';
    /** Where the listener's lines go (broken sessions, postmaster mail); stderr by default. */
    log?: (line: string) => void;
  },
): Promise<SmtpListener> {
  const temp = makeTempDir('kyrios-smtp-stress-');
  cleanup.add(() => temp.remove());
  const db = openDatabase(join(temp.dir, 'sandbox.db'));
  cleanup.add(() => db.close());
  migrate(db, sandboxMigrations);
  const store = createSandboxStore(db);
  const { account } = store.accounts.ensureAccount('Stress');
  const password = 'stress-password-0123456789';
  const sender = addVerifiedSender(
    store,
    account.id,
    'stress.example.com',
    'sender',
    await hashPassword(password),
  );
  const tls = loadOrCreateCertificate(temp.dir);
  const common = {
    store,
    tls,
    maxMessageBytes: options.maxMessageBytes ?? 64 * 1024,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  const server =
    options.kind === 'mx' ? createInboundServer(common) : createSubmissionServer(common);
  const sockets = liveSockets(server);
  const host = '127.0.0.1';
  const port = await listen(server, 0, host);
  cleanup.add(() => close(server));
  const count = db.prepare('SELECT count(*) AS n FROM outbound_messages');
  const inbound = db.prepare('SELECT count(*) AS n FROM inbound_messages');
  return {
    server,
    host,
    port,
    store,
    accountId: account.id,
    login: sender.login,
    password,
    sockets,
    sentToday: () => store.sending.sentOn(account.id, new Date().toISOString().slice(0, 10)),
    stored: () => ((options.kind === 'mx' ? inbound : count).get() as { n: number }).n,
  };
}
