import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SMTPServer } from 'smtp-server';
import { openDatabase } from '../sqlite/open-database';
import { migrate } from '../sqlite/migrate';
import { systemClock, type Clock } from './clock';
import { sandboxMigrations } from './db/migrations';
import { buildSandboxApp, type RouteInfo } from './http/app';
import { DEFAULT_MAX_MESSAGE_BYTES } from './limits';
import { DEFAULT_SERVICE_HOSTS, type ServiceHosts } from './settings';
import { loadOrCreateCertificate } from './smtp/certificate';
import { close, listen } from './smtp/common';
import { createInboundServer } from './smtp/inbound';
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
    // Real time, not the injected clock: TLS clients check validity against theirs.
    const tls = loadOrCreateCertificate(options.dataDir);
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;

    const hosts = { ...DEFAULT_SERVICE_HOSTS, ...options.hosts };
    const submission = createSubmissionServer({
      store,
      tls,
      maxMessageBytes,
      outbound: { dedicatedIp: hosts.dedicatedIp, mxHost: hosts.mxHost },
    });
    mailServers.push(submission);
    const smtp = { host, port: await listen(submission, options.smtpPort ?? 0, host) };
    const inbound = createInboundServer({ store, tls, maxMessageBytes, mxHost: hosts.mxHost });
    mailServers.push(inbound);
    const mx = { host, port: await listen(inbound, options.mxPort ?? 0, host) };

    const { app, routes } = buildSandboxApp({
      store,
      hosts,
      dns: options.dns ?? {},
      smtp,
    });
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
