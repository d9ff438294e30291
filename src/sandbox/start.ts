import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SMTPServer } from 'smtp-server';
import { openDatabase } from '../sqlite/open-database';
import { migrate } from '../sqlite/migrate';
import { systemClock, type Clock } from './clock';
import { sandboxMigrations } from './db/migrations';
import { buildSandboxApp, type RouteInfo } from './http/app';
import { guardHttp, type HttpStats } from './http/connection-guard';
import { DEFAULT_MAX_MESSAGE_BYTES } from './limits';
import { DEFAULT_SERVICE_HOSTS, type ServiceHosts } from './settings';
import { loadOrCreateCertificate } from './smtp/certificate';
import { close, listen, SUBMISSION_HOST, type SmtpLimits } from './smtp/common';
import { createInboundServer } from './smtp/inbound';
import { sessionStats, stderrLine, type ListenerStats } from './smtp/session-guard';
import { createSubmissionServer } from './smtp/submission';
import { createSandboxStore, type SandboxStore } from './store';
import type { SandboxDnsOptions } from './verification';

export const SANDBOX_DATABASE_FILE = 'sandbox.db';
const API_KEY_FILE = 'api-key';

export type { SandboxDnsOptions } from './verification';

export interface SandboxOptions {
  /** Folder for the sandbox's own database, key file and TLS certificate. */
  dataDir: string;
  /** HTTP API port (0, the default, picks a free one); likewise smtpPort and mxPort. */
  port?: number;
  smtpPort?: number;
  mxPort?: number;
  /** Where all three listen (default 127.0.0.1). */
  host?: string;
  hosts?: Partial<ServiceHosts>;
  /** The DNS servers verification uses (`--authoritative`, `--resolver`). */
  dns?: SandboxDnsOptions;
  /** Clock for timestamps and the UTC day of the daily limit (tests move it). */
  now?: () => Date;
  /** Largest message SMTP accepts, in bytes (default 10 MiB). */
  maxMessageBytes?: number;
  nativeBinding?: string;
  /** Where the one line per broken session or request goes (default stderr). */
  log?: (line: string) => void;
  /** Sessions at once, idle and session time of both SMTP listeners (tests shorten them). */
  smtpLimits?: Partial<SmtpLimits>;
}

/** What peers did to the listeners since the start: see guardSessions and guardHttp. */
export interface SandboxStats {
  smtp: { submission: ListenerStats; mx: ListenerStats };
  http: HttpStats;
}

export interface MailAddress {
  host: string;
  port: number;
}

export interface RunningSandbox {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:4100 */
  api: string;
  apiKey: string;
  /** SMTP submission (AUTH with the SMTP users, STARTTLS). */
  smtp: MailAddress;
  /** Inbound mail for the verified domains (Conversations). */
  mx: MailAddress;
  store: SandboxStore;
  /** Every HTTP route served, in OpenAPI path form (the contract test compares them). */
  routes: RouteInfo[];
  stats(): SandboxStats;
  close(): Promise<void>;
}

/**
 * The API key is made on first start and only its hash is stored in the database. The key itself is
 * kept in a file readable by this user alone, so the embedded sandbox and `npm run sandbox` can hand
 * it to the app on every start.
 */
function loadOrIssueApiKey(dataDir: string, store: SandboxStore, accountId: string): string {
  const file = join(dataDir, API_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (store.accounts.accountForKey(key)) return key;
  }
  const key = store.accounts.issueApiKey(accountId);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const now: Clock = options.now ?? systemClock;
  const db = openDatabase(
    join(options.dataDir, SANDBOX_DATABASE_FILE),
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  const mailServers: SMTPServer[] = [];
  try {
    migrate(db, sandboxMigrations);
    const store = createSandboxStore(db, now);
    const { account } = store.accounts.ensureAccount('Sandbox account');
    const apiKey = loadOrIssueApiKey(options.dataDir, store, account.id);
    const host = options.host ?? '127.0.0.1';
    const hosts = { ...DEFAULT_SERVICE_HOSTS, ...options.hosts };
    const log = options.log ?? stderrLine;
    // Real time, not the injected clock: TLS clients check validity against theirs. Valid for
    // the names the listeners announce and for the SMTP host apps are given (the listening one).
    const tls = loadOrCreateCertificate(options.dataDir, new Date(), [
      SUBMISSION_HOST,
      hosts.mxHost,
      host,
    ]);
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;

    const limits = options.smtpLimits ?? {};
    const submission = createSubmissionServer({
      store,
      tls,
      maxMessageBytes,
      log,
      limits,
      outbound: { dedicatedIp: hosts.dedicatedIp, mxHost: hosts.mxHost },
    });
    mailServers.push(submission);
    const smtp = { host, port: await listen(submission, options.smtpPort ?? 0, host) };
    const inbound = createInboundServer({
      store,
      tls,
      maxMessageBytes,
      log,
      limits,
      name: hosts.mxHost,
    });
    mailServers.push(inbound);
    const mx = { host, port: await listen(inbound, options.mxPort ?? 0, host) };

    const { app, routes } = buildSandboxApp({ store, hosts, dns: options.dns ?? {}, smtp });
    const httpStats = guardHttp(app, { log });
    try {
      await app.listen({ port: options.port ?? 0, host });
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
      api: `http://${host}:${port}`,
      apiKey,
      smtp,
      mx,
      store,
      routes,
      stats: () => ({
        smtp: { submission: sessionStats(submission), mx: sessionStats(inbound) },
        http: httpStats(),
      }),
      async close() {
        await Promise.all([app.close(), ...mailServers.map(close)]);
        db.close();
      },
    };
  } catch (error) {
    await Promise.all(mailServers.map(close));
    db.close();
    throw error;
  }
}
