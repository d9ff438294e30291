import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_CHANNELS, type AccountChannel, type AppInfo } from '../shared/contract';
import { formatServer } from '../dns';
import { startSandbox, type RunningSandbox } from '../sandbox/start';
import { TLS_CERT_FILE } from '../sandbox/smtp/certificate';
import { envAccountId, type RemoteAccountConfig } from './config';
import { openAppDatabase } from './db/app-database';
import { createAccountsRepo, type AccountRow } from './db/accounts-repo';
import { createAuditRepo, type AuditInput } from './db/audit-repo';
import { createSecretsRepo, type SecretBlobs } from './db/secrets-repo';
import { createStateRepo } from './db/state-repo';
import { createDispatch, type Dispatch, type Handlers } from './contract/dispatch';
import { appHandlers } from './contract/app-handlers';
import { appWideHandlers } from './contract/app-wide-handlers';
import {
  createAccountSession,
  type AccountSession,
  type BackgroundOptions,
  type DnsServers,
  type ServiceStatus,
} from './account-session';
import type { ProcessLauncher } from './sandbox-process/launcher';
import { sandboxDownReason } from './sandbox-process/status-text';
import { startSupervisedSandbox, type SupervisedSandbox } from './sandbox-process/supervisor';
import { createAccountRegistry, SANDBOX_ID, SANDBOX_LABEL } from './services/account-registry';
import { createEventBus, type EventBus } from './services/event-bus';
import { createEventNotifier, type Notifier } from './services/notifications';
import { createMemorySecretStore, type SecretStore } from './services/secret-store';
import { createSettingsService } from './services/settings-service';
import { createClipboardGuard, type SystemClipboard } from './services/clipboard-guard';
import { systemTimers, type Timers } from './services/timers';

export type { DnsServers } from './account-session';

export interface AppCoreOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** A remote Kyrios account from the environment: used (its key kept in memory only). */
  remote?: RemoteAccountConfig;
  /** better_sqlite3.node built for the running runtime (Electron). */
  nativeBinding?: string;
  /** DNS servers for the app's checks (and the embedded sandbox's verification). */
  dns?: DnsServers;
  /** The embedded sandbox: fixed SMTP/MX ports, its dedicated IP, its clock (tests). */
  sandbox?: { smtpPort?: number; mxPort?: number; dedicatedIp?: string; now?: () => Date };
  /**
   * Runs the embedded sandbox in its own supervised process (desktop: a utility process; browser
   * mode: a child process), so nothing a network peer does to it reaches the app. Without it the
   * sandbox runs in this process: tests that reach into its store or move its clock.
   */
  sandboxProcess?: { launcher: ProcessLauncher; entry: string; log?: (line: string) => void };
  /** Where remote API keys go; default memory only (browser mode, tests). */
  secretStore?: (blobs: SecretBlobs) => SecretStore;
  /** Where notifications go; default a `notification:show` push (browser mode). */
  notifier?: Notifier;
  /** The system clipboard (desktop: Electron's); none in browser mode, where the renderer clears. */
  clipboard?: SystemClipboard;
  timers?: Timers;
  background?: BackgroundOptions;
}

export interface AppCore {
  dispatch: Dispatch;
  events: EventBus;
  /** What the app runs on now (changes when the account is switched). */
  readonly info: AppInfo;
  /** The embedded sandbox, once started: in this process, or supervised in its own. */
  readonly sandbox?: RunningSandbox | SupervisedSandbox;
  /** The account in use: its services, for tests and benchmarks. */
  session(): AccountSession;
  /**
   * Holds monitoring back until `until` (the tray's "Pause monitoring for 1 h"), whichever account
   * is in use then; null resumes it. Asking for a run (`monitor:run`) still runs one.
   */
  pauseMonitoring(until: Date | null): void;
  /** When the pause ends; null when monitoring is not paused. */
  monitoringPausedUntil(): string | null;
  close(): Promise<void>;
}

const ACTIVE = 'active_account';

function sandboxCertificate(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, 'sandbox', TLS_CERT_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Everything behind the contract, free of Electron: the database, the accounts (the embedded
 * sandbox and remote ones), the session of the account in use, app-wide settings and the audit
 * log, and the dispatch table. Desktop, browser mode and tests all start here.
 */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openAppDatabase(options.dataDir, options.nativeBinding);
  const timers = options.timers ?? systemTimers;
  let sandbox: RunningSandbox | SupervisedSandbox | undefined;
  let session: AccountSession | undefined;
  let pausedUntil: Date | null = null;
  try {
    const accounts = createAccountsRepo(db);
    const state = createStateRepo(db);
    const audit = createAuditRepo(db, () => timers.now());
    const secrets = (options.secretStore ?? (() => createMemorySecretStore()))(
      createSecretsRepo(db),
    );
    const events = createEventBus();
    const notifier = options.notifier ?? createEventNotifier(events);
    const envKeys = new Map<string, string>();
    let active: AccountRow | undefined;
    const current = (): AccountRow => {
      if (!active) throw new Error('No account is active yet.');
      return active;
    };
    const settings = createSettingsService({
      state,
      audit,
      account: () => ({ id: current().id, label: current().label }),
      events,
      now: () => timers.now(),
    });

    const override = options.dns?.resolvers?.length || options.dns?.authoritative?.length;
    const info = (): AppInfo => ({
      version: options.version,
      mode: options.mode,
      account: { kind: current().kind, label: current().label, baseUrl: current().baseUrl },
      dataDir: options.dataDir,
      ...(override
        ? {
            dnsOverride: {
              resolvers: (options.dns?.resolvers ?? []).map(formatServer),
              authoritative: (options.dns?.authoritative ?? []).map(formatServer),
            },
          }
        : {}),
    });

    function launchSandbox(): Promise<RunningSandbox | SupervisedSandbox> {
      const common = {
        dataDir: join(options.dataDir, 'sandbox'),
        // The embedded service verifies against the same DNS servers as the app's own checks.
        ...(options.dns ? { dns: options.dns } : {}),
        ...(options.sandbox?.smtpPort ? { smtpPort: options.sandbox.smtpPort } : {}),
        ...(options.sandbox?.mxPort ? { mxPort: options.sandbox.mxPort } : {}),
        ...(options.sandbox?.dedicatedIp
          ? { hosts: { dedicatedIp: options.sandbox.dedicatedIp } }
          : {}),
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      };
      const isolated = options.sandboxProcess;
      if (!isolated) {
        return startSandbox({
          ...common,
          ...(options.sandbox?.now ? { now: options.sandbox.now } : {}),
        });
      }
      if (options.sandbox?.now) throw new Error('A sandbox in its own process keeps real time.');
      return startSupervisedSandbox({
        launcher: isolated.launcher,
        entry: isolated.entry,
        options: common,
        ...(isolated.log ? { log: isolated.log } : {}),
      });
    }

    /** The supervised sandbox's state as the connection's reason; none in this process. */
    function sandboxStatus(): ServiceStatus | undefined {
      const running = sandbox;
      if (!running || !('state' in running)) return undefined;
      return {
        reason: () => sandboxDownReason(running.state()),
        subscribe: (listener) => running.subscribe((state) => listener(sandboxDownReason(state))),
      };
    }

    async function startedSandbox(): Promise<{ row: AccountRow; apiKey: string }> {
      sandbox ??= await launchSandbox();
      const row: AccountRow = {
        id: SANDBOX_ID,
        kind: 'sandbox',
        label: SANDBOX_LABEL,
        baseUrl: sandbox.api,
      };
      accounts.ensure(row);
      return { row, apiKey: sandbox.apiKey };
    }

    async function activate(row: AccountRow, apiKey: string, entry?: AuditInput): Promise<void> {
      const status = row.kind === 'sandbox' ? sandboxStatus() : undefined;
      const next = createAccountSession({
        db,
        account: row,
        apiKey,
        events,
        settings,
        audit,
        notifier,
        dns: options.dns ?? {},
        timers,
        ...(options.background ? { background: options.background } : {}),
        // The embedded sandbox's STARTTLS certificate is its own: trust it, and only for it.
        ...(row.kind === 'sandbox' ? { smtpCa: () => sandboxCertificate(options.dataDir) } : {}),
        ...(status ? { serviceStatus: status } : {}),
      });
      const at = timers.now().toISOString();
      if (entry) audit.write(row, entry, () => state.put(ACTIVE, row.id, at));
      else state.put(ACTIVE, row.id, at);
      const previous = session;
      session = next;
      active = row;
      await previous?.close();
      next.start();
      if (pausedUntil) next.services.monitor.pause(pausedUntil);
    }

    const registry = createAccountRegistry({
      repo: accounts,
      secrets,
      envKeys,
      audit,
      events,
      active: current,
      info,
      activate,
      sandbox: startedSandbox,
    });

    // The account to start on: the environment's, else the last one used (if its key is at hand),
    // else the embedded sandbox.
    if (options.remote) {
      const row: AccountRow = {
        id: envAccountId(options.remote.baseUrl),
        kind: 'remote',
        label: options.remote.label,
        baseUrl: options.remote.baseUrl,
      };
      accounts.ensure(row);
      envKeys.set(row.id, options.remote.apiKey);
      await activate(row, options.remote.apiKey);
    } else {
      const last = state.get(ACTIVE);
      const row = typeof last === 'string' && last !== SANDBOX_ID ? accounts.get(last) : undefined;
      const key = row ? registry.apiKeyOf(row) : null;
      if (row && key) await activate(row, key);
      else {
        const started = await startedSandbox();
        await activate(started.row, started.apiKey);
      }
    }

    const scoped = Object.fromEntries(
      ACCOUNT_CHANNELS.map((channel) => [
        channel,
        (request: unknown) =>
          (session?.handlers[channel] as (request: unknown) => Promise<unknown>)(request),
      ]),
    ) as Pick<Handlers, AccountChannel>;
    const clipboard = createClipboardGuard(options.clipboard ?? null, timers);
    const handlers = {
      ...appHandlers(info, clipboard),
      ...appWideHandlers({
        accounts: registry,
        settings,
        audit,
        now: () => timers.now(),
      }),
      ...scoped,
    } satisfies Handlers;

    let closing: Promise<void> | undefined;
    return {
      dispatch: createDispatch(handlers),
      events,
      get info() {
        return info();
      },
      get sandbox() {
        return sandbox;
      },
      session() {
        if (!session) throw new Error('No account session.');
        return session;
      },
      pauseMonitoring(until) {
        pausedUntil = until;
        if (until) session?.services.monitor.pause(until);
        else session?.services.monitor.resume();
      },
      monitoringPausedUntil() {
        return session?.services.monitor.pausedUntil() ?? null;
      },
      close() {
        closing ??= (async () => {
          clipboard.flush();
          await session?.close();
          await sandbox?.close();
          db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await session?.close().catch(() => undefined);
    await sandbox?.close();
    db.close();
    throw error;
  }
}
