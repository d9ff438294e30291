import type { SqliteDatabase } from '../sqlite/open-database';
import type { CheckOptions, IpCheckOptions, ServerAddress } from '../dns';
import type { AccountChannel, EventName, EventPayload } from '../shared/contract';
import { auditTrailFor, type AuditRepo } from './db/audit-repo';
import type { AccountRow } from './db/accounts-repo';
import { createCheckHistoryRepo } from './db/check-history-repo';
import { createDomainsRepo } from './db/domains-repo';
import { createMailChecksRepo } from './db/mail-checks-repo';
import { createMonitorRepo } from './db/monitor-repo';
import { createNoticesRepo } from './db/notices-repo';
import { createRevocationsRepo } from './db/revocations-repo';
import { createSmtpUsersRepo } from './db/smtp-users-repo';
import { createSnapshotsRepo } from './db/snapshots-repo';
import { createUsageSamplesRepo } from './db/usage-samples-repo';
import { createKyriosClient, type KyriosClientOptions } from './kyrios/client';
import type { Handlers } from './contract/dispatch';
import { domainsHandlers } from './contract/domains-handlers';
import { dnsHandlers } from './contract/dns-handlers';
import { guardHandlers } from './contract/guard-handlers';
import { mailHandlers } from './contract/mail-handlers';
import { certificateHandlers } from './contract/certificate-handlers';
import { serviceHandlers } from './contract/service-handlers';
import { createKyriosAccount } from './services/kyrios-account';
import { createConnectionProbe } from './services/connection-probe';
import { createDnsCheckService } from './services/dns-check-service';
import { createDomainsService } from './services/domains-service';
import type { EventBus } from './services/event-bus';
import { createEventSync } from './services/event-sync';
import { createIpCheckService } from './services/ip-check-service';
import { createLimitGuard } from './services/limit-guard';
import { createMailService } from './services/mail-service';
import { createMailUploads } from './services/mail-uploads';
import { createMonitorService } from './services/monitor-service';
import { createNotifications, type Notifier } from './services/notifications';
import { createRecordWatch } from './services/record-watch';
import { createRevocationService } from './services/revocation-service';
import { parseResolvers, type SettingsService } from './services/settings-service';
import { createSmtpCertificateService } from './services/smtp-certificate';
import { createSmtpService } from './services/smtp-service';
import { every, type Timers } from './services/timers';
import { createSessionReactions } from './session-reactions';
import type { Account } from '../shared/kyrios';

export interface DnsServers {
  /** Used as the authoritative truth instead of discovering each zone's servers. */
  authoritative?: ServerAddress[];
  /** Instead of the system's and the public resolvers (and the resolvers setting). */
  resolvers?: ServerAddress[];
}

/** The background work of an account; tests shorten it or turn it off. */
export interface BackgroundOptions {
  /** false: no sampling, event following or monitoring timers (the offline probe still runs). */
  enabled?: boolean;
  /** Reading the account's count for the limit guard (default every 60 s, first after 3 s). */
  sampleMs?: number;
  firstSampleMs?: number;
  /** Following the event feed (default 15 s). */
  followEventsMs?: number;
  /** The offline probe's backoff (default 5 s → 60 s). */
  probe?: { minMs: number; maxMs: number };
  monitor?: { startDelayMs?: { min: number; max: number }; concurrency?: number };
}

/**
 * Why the account's service is down, known without asking it: the embedded sandbox's supervisor
 * (null while it runs). Shown as the connection's reason; when it clears, the app asks at once.
 */
export interface ServiceStatus {
  reason(): string | null;
  subscribe(listener: (reason: string | null) => void): () => void;
}

export interface AccountSessionDeps {
  db: SqliteDatabase;
  account: AccountRow;
  apiKey: string;
  events: EventBus;
  settings: SettingsService;
  audit: AuditRepo;
  notifier: Notifier;
  dns: DnsServers;
  timers: Timers;
  background?: BackgroundOptions;
  kyrios?: Partial<Omit<KyriosClientOptions, 'baseUrl' | 'apiKey'>>;
  /** Certificates to trust for SMTP submission (the embedded sandbox's own); the system's otherwise. */
  smtpCa?: () => string | undefined;
  serviceStatus?: ServiceStatus;
}

/**
 * Everything that belongs to one account: its Kyrios client, services, background work (limit
 * guard sampling, event feed, monitoring, offline probe) and the handlers of the account's
 * channels. Switching accounts closes one session and starts another; a closed session's late
 * pushes are dropped, so the renderer never hears about the account it left.
 */
export function createAccountSession(deps: AccountSessionDeps) {
  const { db, account, timers } = deps;
  const accountId = account.id;
  const background = deps.background ?? {};
  let closed = false;
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    if (!closed) deps.events.emit(name, payload);
  };
  const bus = { emit };
  const now = () => timers.now();
  const transaction = <T>(fn: () => T): T => db.transaction(fn)();

  const kyrios = createKyriosClient({
    ...deps.kyrios,
    baseUrl: account.baseUrl,
    apiKey: deps.apiKey,
  });
  const domainsRepo = createDomainsRepo(db);
  const usersRepo = createSmtpUsersRepo(db);
  const snapshots = createSnapshotsRepo(db);
  const monitorRepo = createMonitorRepo(db);
  const revocations = createRevocationsRepo(db);
  const audit = auditTrailFor(deps.audit, { id: account.id, label: account.label });
  const notifications = createNotifications({
    notifier: deps.notifier,
    enabled: () => deps.settings.get().notifications,
  });
  const rotationDays = () => deps.settings.get().rotationReminderDays;
  const cachedAccount = () => snapshots.get<Account>(accountId, 'account')?.value ?? null;

  const guard = createLimitGuard({
    accountId,
    samples: createUsageSamplesRepo(db),
    notices: createNoticesRepo(db),
    snapshots,
    notifications,
    emit,
    online: () => kyrios.connectivity.get().online,
    now,
    // After a revocation the banner says it all; a late "95 %" would only add noise.
    revokedOn: (day) => revocations.list(accountId).some((r) => r.day === day),
  });
  const reactions = createSessionReactions({
    accountId,
    emit,
    notifications,
    guard,
    alerts: monitorRepo,
    now,
    readEvents: () => void eventSync.sync().catch(() => undefined),
    refreshAccount: () => void kyriosAccount.account().catch(() => undefined),
    noteOutcome: (outcome) => monitor.noteOutcome(outcome),
  });
  const kyriosAccount = createKyriosAccount({
    accountId,
    kyrios,
    snapshots,
    now,
    onAccount: reactions.accountRead,
    onUsage: reactions.usageRead,
  });
  const domains = createDomainsService({
    accountId,
    kyrios,
    repo: domainsRepo,
    users: usersRepo,
    events: bus,
    now,
    audit,
    onDomain: reactions.domainSeen,
  });
  const smtp = createSmtpService({
    accountId,
    kyrios,
    users: usersRepo,
    domains: domainsRepo,
    events: bus,
    now,
    audit,
    rotationDays,
  });
  // For apps that pin the SMTP host's certificate (SMTP Settings): the account's host, live or last known.
  const smtpCertificate = createSmtpCertificateService({
    smtpAddress: async () => (await kyriosAccount.account()).account?.smtp ?? null,
  });
  const eventSync = createEventSync({
    accountId,
    kyrios,
    users: usersRepo,
    snapshots,
    events: bus,
    revocations,
    onRevocation: reactions.revoked,
  });
  const revocation = createRevocationService({
    accountId,
    kyrios,
    users: usersRepo,
    revocations,
    domains: domainsRepo,
    events: bus,
    audit,
    rotationDays,
    cachedAccount,
    now,
  });

  /** Resolvers: --resolver first, then the setting; none → the engine's defaults. */
  function resolvers(): ServerAddress[] | undefined {
    if (deps.dns.resolvers) return deps.dns.resolvers;
    const configured = deps.settings.get().dnsResolvers;
    return configured.length > 0 ? parseResolvers(configured) : undefined;
  }
  const dnsOptions = (): CheckOptions => {
    const list = resolvers();
    return {
      ...(deps.dns.authoritative?.length ? { authoritative: deps.dns.authoritative } : {}),
      // An empty list is a choice (authoritative servers only), not "use the defaults".
      ...(list ? { resolvers: list } : {}),
    };
  };

  const history = createCheckHistoryRepo(db);
  const dns = createDnsCheckService({
    accountId,
    domains: domainsRepo,
    history,
    events: bus,
    dnsOptions,
    watch: createRecordWatch({ accountId, repo: monitorRepo }),
    transaction,
    onWatched: (_domain, outcome) => reactions.checked(outcome),
  });
  const ip = createIpCheckService({
    accountId,
    dedicatedIp: async () => {
      const view = await kyriosAccount.account().catch(() => null);
      return (view?.account ?? cachedAccount())?.dedicatedIp ?? null;
    },
    snapshots,
    monitor: monitorRepo,
    options: (): IpCheckOptions => {
      const list = resolvers();
      return {
        blocklists: deps.settings.get().blocklists,
        ...(list ? { resolvers: list } : {}),
      };
    },
    transaction,
    emit,
    onAlerts: reactions.alertsChanged,
  });
  const monitor = createMonitorService({
    accountId,
    domains: async () => {
      try {
        return (await domains.list()).domains;
      } catch {
        return domainsRepo.list(accountId);
      }
    },
    checkDomain: (domainId, signal) => dns.check(domainId, 'monitor', signal),
    checkIp: async (signal) => (await ip.check(signal)).result?.status ?? null,
    repo: monitorRepo,
    snapshots,
    timers,
    intervalMinutes: () => deps.settings.get().monitorIntervalMinutes,
    emit,
    prune: (before) => history.pruneMonitorRuns(accountId, before),
    ...(background.monitor?.concurrency ? { concurrency: background.monitor.concurrency } : {}),
    ...(background.monitor?.startDelayMs ? { startDelayMs: background.monitor.startDelayMs } : {}),
  });
  const probe = createConnectionProbe({
    connectivity: kyrios.connectivity,
    probe: () => kyriosAccount.account(),
    timers,
    ...(background.probe ? { minMs: background.probe.minMs, maxMs: background.probe.maxMs } : {}),
  });

  const mail = createMailService({
    accountId,
    kyrios,
    domains: domainsRepo,
    users: usersRepo,
    history: createMailChecksRepo(db),
    account: async () => {
      const view = await kyriosAccount.account().catch(() => null);
      return view?.account ?? cachedAccount();
    },
    dnsOptions,
    ...(deps.smtpCa ? { smtpCa: deps.smtpCa } : {}),
    now,
    audit,
  });
  const uploads = createMailUploads({
    check: (source, domainId, onProgress) => mail.check(source, domainId, onProgress),
    timers,
  });

  const handlers: Pick<Handlers, AccountChannel> = {
    ...domainsHandlers(domains),
    ...dnsHandlers(dns),
    ...serviceHandlers({ account: kyriosAccount, domains, dns, smtp, eventSync }),
    ...guardHandlers({
      accountId,
      accountLabel: account.label,
      account: kyriosAccount,
      guard,
      revocation,
      monitor,
      ip,
      probe,
      domains: domainsRepo,
      now,
    }),
    ...mailHandlers(mail, uploads),
    ...certificateHandlers(smtpCertificate),
  };

  const stops: (() => void)[] = [];
  return {
    account,
    kyrios,
    handlers,
    services: {
      guard,
      monitor,
      ip,
      dns,
      domains,
      smtp,
      smtpCertificate,
      revocation,
      eventSync,
      account: kyriosAccount,
      mail,
    },

    /** Starts the background work. */
    start(): void {
      // The probe subscribed first (at construction), so its next try is already planned here.
      stops.push(
        kyrios.connectivity.subscribe((state) =>
          emit('connection:changed', { ...state, nextProbeAt: probe.view().nextProbeAt }),
        ),
      );
      if (deps.serviceStatus) {
        const status = deps.serviceStatus;
        let down = false;
        const apply = (reason: string | null) => {
          kyrios.connectivity.explain(reason);
          if (reason === null && down) probe.now();
          down = reason !== null;
        };
        stops.push(status.subscribe(apply));
        apply(status.reason());
      }
      if (background.enabled === false) return;
      const sampler = every(
        timers,
        () => background.sampleMs ?? 60_000,
        async () => {
          if (kyrios.connectivity.get().online) await kyriosAccount.account();
        },
        background.firstSampleMs ?? 3_000,
      );
      // The event feed is followed while the app runs, so a revocation is seen without a click.
      const follow = every(
        timers,
        () => background.followEventsMs ?? 15_000,
        () => eventSync.sync(),
      );
      monitor.start();
      stops.push(
        () => sampler.stop(),
        () => follow.stop(),
        deps.settings.subscribe((next, previous) => {
          if (next.monitorIntervalMinutes !== previous.monitorIntervalMinutes) monitor.replan();
        }),
      );
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const stop of stops.splice(0)) stop();
      uploads.close();
      probe.stop();
      await monitor.stop();
    },
  };
}
export type AccountSession = ReturnType<typeof createAccountSession>;
