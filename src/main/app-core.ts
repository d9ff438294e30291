import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountInfo, AppInfo } from '../shared/contract';
import { startSandbox, type RunningSandbox } from '../sandbox/start';
import type { RemoteAccountConfig } from './config';
import { openAppDatabase } from './db/app-database';
import { createAccountsRepo } from './db/accounts-repo';
import { createDomainsRepo } from './db/domains-repo';
import { createKyriosClient } from './kyrios/client';
import { createEventBus, type EventBus } from './services/event-bus';
import { createDomainsService } from './services/domains-service';
import { createDispatch, type Dispatch, type Handlers } from './contract/dispatch';
import { appHandlers } from './contract/app-handlers';
import { domainsHandlers } from './contract/domains-handlers';
import { dnsHandlers } from './contract/dns-handlers';
import { createCheckHistoryRepo } from './db/check-history-repo';
import { createDnsCheckService } from './services/dns-check-service';
import type { ServerAddress } from '../dns';
import { createSmtpUsersRepo } from './db/smtp-users-repo';
import { createSnapshotsRepo } from './db/snapshots-repo';
import { createAccountService } from './services/account-service';
import { createSmtpService } from './services/smtp-service';
import { createEventSync } from './services/event-sync';
import { serviceHandlers } from './contract/service-handlers';

export interface AppCoreOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** A remote Kyrios account; without one the embedded sandbox runs under `<dataDir>/sandbox`. */
  remote?: RemoteAccountConfig;
  /** better_sqlite3.node built for the running runtime (Electron). */
  nativeBinding?: string;
  /** DNS servers for the app's checks (and the embedded sandbox's verification). */
  dns?: DnsServers;
  /** Fixed ports for the embedded sandbox's SMTP and MX listeners. */
  sandbox?: { smtpPort?: number; mxPort?: number };
}

export interface DnsServers {
  /** Used as the authoritative truth instead of discovering each zone's servers. */
  authoritative?: ServerAddress[];
  /** Instead of the system's and the public resolvers. */
  resolvers?: ServerAddress[];
}

export interface AppCore {
  dispatch: Dispatch;
  events: EventBus;
  info: AppInfo;
  sandbox?: RunningSandbox;
  close(): Promise<void>;
}

/**
 * Everything behind the contract, free of Electron: the database, the account in use (the embedded
 * sandbox by default), the services and the dispatch table. Desktop, browser mode and tests all
 * start here.
 */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openAppDatabase(options.dataDir, options.nativeBinding);
  let sandbox: RunningSandbox | undefined;
  try {
    let account: AccountInfo & { id: string };
    let apiKey: string;
    if (options.remote) {
      const id = `remote-${createHash('sha256').update(options.remote.baseUrl).digest('hex').slice(0, 16)}`;
      account = {
        id,
        kind: 'remote',
        label: options.remote.label,
        baseUrl: options.remote.baseUrl,
      };
      apiKey = options.remote.apiKey;
    } else {
      sandbox = await startSandbox({
        dataDir: join(options.dataDir, 'sandbox'),
        // The embedded service verifies against the same DNS servers as the app's own checks.
        ...(options.dns ? { dns: options.dns } : {}),
        ...options.sandbox,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      });
      account = { id: 'sandbox', kind: 'sandbox', label: 'Embedded sandbox', baseUrl: sandbox.api };
      apiKey = sandbox.apiKey;
    }
    createAccountsRepo(db).ensure(account);

    const events = createEventBus();
    const kyrios = createKyriosClient({ baseUrl: account.baseUrl, apiKey });
    const domainsRepo = createDomainsRepo(db);
    const usersRepo = createSmtpUsersRepo(db);
    const snapshots = createSnapshotsRepo(db);
    const domains = createDomainsService({
      accountId: account.id,
      kyrios,
      repo: domainsRepo,
      users: usersRepo,
      events,
    });
    const smtp = createSmtpService({
      accountId: account.id,
      kyrios,
      users: usersRepo,
      domains: domainsRepo,
      events,
    });
    const accountService = createAccountService({ accountId: account.id, kyrios, snapshots });
    const eventSync = createEventSync({
      accountId: account.id,
      kyrios,
      users: usersRepo,
      snapshots,
      events,
    });
    const stopConnectivity = kyrios.connectivity.subscribe((state) =>
      events.emit('connection:changed', state),
    );
    // The event feed is followed while the app runs, so a revocation is seen without a click.
    const followEvents = setInterval(() => void eventSync.sync().catch(() => undefined), 15_000);
    followEvents.unref();
    const dnsServers = options.dns ?? {};
    const dns = createDnsCheckService({
      accountId: account.id,
      domains: domainsRepo,
      history: createCheckHistoryRepo(db),
      events,
      dnsOptions: () => ({
        ...(dnsServers.authoritative?.length ? { authoritative: dnsServers.authoritative } : {}),
        // An empty list is a choice (authoritative servers only), not "use the defaults".
        ...(dnsServers.resolvers ? { resolvers: dnsServers.resolvers } : {}),
      }),
    });
    const info: AppInfo = {
      version: options.version,
      mode: options.mode,
      account: { kind: account.kind, label: account.label, baseUrl: account.baseUrl },
      dataDir: options.dataDir,
    };
    const handlers = {
      ...appHandlers(() => info),
      ...domainsHandlers(domains),
      ...dnsHandlers(dns),
      ...serviceHandlers({ account: accountService, domains, dns, smtp, eventSync }),
    } satisfies Handlers;

    const running = sandbox;
    return {
      dispatch: createDispatch(handlers),
      events,
      info,
      ...(running ? { sandbox: running } : {}),
      async close() {
        clearInterval(followEvents);
        stopConnectivity();
        await running?.close();
        db.close();
      },
    };
  } catch (error) {
    await sandbox?.close();
    db.close();
    throw error;
  }
}
