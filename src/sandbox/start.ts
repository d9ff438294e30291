import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../sqlite/open-database';
import { migrate } from '../sqlite/migrate';
import { sandboxMigrations } from './db/migrations';
import { buildSandboxApp } from './http/app';
import { DEFAULT_SERVICE_HOSTS, type ServiceHosts } from './settings';
import { createSandboxStore, type SandboxStore } from './store';

export const SANDBOX_DATABASE_FILE = 'sandbox.db';
const API_KEY_FILE = 'api-key';

export interface SandboxOptions {
  /** Folder for the sandbox's own database and key file. */
  dataDir: string;
  port?: number;
  host?: string;
  hosts?: Partial<ServiceHosts>;
  nativeBinding?: string;
}

export interface RunningSandbox {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:4100 */
  api: string;
  apiKey: string;
  store: SandboxStore;
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
    if (store.accountForKey(key)) return key;
  }
  const key = store.issueApiKey(accountId);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const db = openDatabase(
    join(options.dataDir, SANDBOX_DATABASE_FILE),
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  try {
    migrate(db, sandboxMigrations);
    const store = createSandboxStore(db);
    const { account } = store.ensureAccount('Sandbox account');
    const apiKey = loadOrIssueApiKey(options.dataDir, store, account.id);
    const app = buildSandboxApp({ store, hosts: { ...DEFAULT_SERVICE_HOSTS, ...options.hosts } });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
      api: `http://${host}:${port}`,
      apiKey,
      store,
      async close() {
        await app.close();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
