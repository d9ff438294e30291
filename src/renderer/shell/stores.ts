import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { api } from './api';
import { formatTime } from '../ui/format';
import { deliverNotification } from './notify';
import { connectionSummary, createAccountStore, type AccountState } from './kyrios-account-store';
import { createAccountsStore, type AccountsState } from '../accounts/account-registry-store';
import { createAppStore, type AppState } from './app-info-store';
import { createAuditStore, type AuditState } from '../accounts/audit-store';
import {
  createChecksStore,
  NO_CHECK_HISTORY,
  NO_CHECKS,
  type CheckHistory,
  type CheckRun,
  type DomainChecks,
} from '../domains/checks-store';
import {
  createDomainsStore,
  type DomainsActions,
  type DomainsState,
} from '../domains/domains-store';
import { createGuardStore, type GuardState } from '../usage/guard-store';
import { createIpStore, type IpState } from '../monitoring/ip-store';
import {
  createMonitorStore,
  NO_TIMELINE,
  type DomainTimeline,
  type MonitorState,
} from '../monitoring/monitor-store';
import {
  createNavStore,
  HOME,
  routeDomainId,
  syncWithLocation,
  type NavState,
  type Route,
} from './nav-store';
import { createRevocationStore, type RevocationState } from '../smtp/revocation-store';
import { createSettingsStore, type SettingsState } from '../settings/settings-store';
import { createSmtpStore, NO_SMTP, type DomainSmtp, type SmtpState } from '../smtp/smtp-store';
import { createUsageStore, type UsageState } from '../usage/usage-store';

// One instance of each store for the window; components use the selector hooks below.
const domainsStore = createDomainsStore(api);
const appStore = createAppStore(api);
const checksStore = createChecksStore(api);
const accountStore = createAccountStore(api);
const smtpStore = createSmtpStore(api);
const usageStore = createUsageStore(api);
const navStore = createNavStore();
const guardStore = createGuardStore(api);
const revocationStore = createRevocationStore(api);
const monitorStore = createMonitorStore(api);
const ipStore = createIpStore(api);
const accountsStore = createAccountsStore(api);
const settingsStore = createSettingsStore(api);
const auditStore = createAuditStore(api);

export const useDomains = <T>(selector: (state: DomainsState) => T): T =>
  useStore(domainsStore, selector);
export const useDomain = (domainId: string | null) =>
  useStore(domainsStore, (s) =>
    domainId ? (s.domains.find((d) => d.id === domainId) ?? null) : null,
  );
export const useIsVerifying = (domainId: string): boolean =>
  useStore(domainsStore, (s) => s.verifying[domainId] === true);
/** Whether a "Verify Now" of the domain is in flight, outside React. */
export const isVerifying = (domainId: string): boolean =>
  domainsStore.getState().verifying[domainId] === true;
export const domainsActions: Omit<DomainsActions, 'verify' | 'remove'> = {
  load: () => domainsStore.getState().load(),
  add: (name) => domainsStore.getState().add(name),
  setQuery: (query) => domainsStore.getState().setQuery(query),
  setStatusFilter: (status) => domainsStore.getState().setStatusFilter(status),
};
/** The raw verify and remove; views call the flows in ../domain-actions instead. */
export const domainsStoreActions = {
  verify: (domainId: string) => domainsStore.getState().verify(domainId),
  remove: (domainId: string) => domainsStore.getState().remove(domainId),
};

export const useAppInfo = <T>(selector: (state: AppState) => T): T => useStore(appStore, selector);
export const appActions = { load: () => appStore.getState().load() };

export const useAccount = <T>(selector: (state: AccountState) => T): T =>
  useStore(accountStore, selector);
export const accountActions = {
  load: () => accountStore.getState().load(),
  /** The connection as main knows it now (with the next probe); events keep it current. */
  async loadConnection(): Promise<void> {
    const result = await api.getConnection();
    if (result.ok) accountStore.getState().setConnection(result.value);
  },
};

/**
 * Why an action that needs Kyrios cannot run now, or null when it can: while the service cannot
 * be reached, such buttons stay visible and focusable but say why instead of failing on click.
 */
export function useServiceBlock(): string | null {
  const connection = useAccount((s) => s.connection);
  const accountSource = useAccount((s) => (s.status === 'ready' ? s.source : null));
  const domainsSource = useDomains((s) => (s.status === 'ready' ? s.source : null));
  const offlineReason = useDomains((s) => s.offlineReason);
  const summary = connectionSummary(connection, [accountSource, domainsSource], offlineReason);
  if (summary.state !== 'offline') return null;
  return offlineActionReason(summary.since);
}

export function offlineActionReason(since: string | null): string {
  return `Kyrios cannot be reached${since ? ` since ${formatTime(since)}` : ''}: this needs it, and works again once it is back.`;
}

export const useDomainChecks = (domainId: string): DomainChecks =>
  useStore(checksStore, (s) => s.byDomain[domainId] ?? NO_CHECKS);
export const useCheckHistory = (domainId: string): CheckHistory =>
  useStore(checksStore, (s) => s.history[domainId] ?? NO_CHECK_HISTORY);
export const useCheckRun = (runId: number | null): CheckRun | null =>
  useStore(checksStore, (s) => (runId === null ? null : (s.runs[runId] ?? null)));
/**
 * The last check of a domain once `checksActions.loadLatest` has loaded it: the merged SPF to
 * publish comes from it.
 */
export const latestCheckOf = (domainId: string) =>
  checksStore.getState().byDomain[domainId]?.latest ?? null;
export const checksActions = {
  loadLatest: (domainId: string, force?: boolean) =>
    checksStore.getState().loadLatest(domainId, force),
  check: (domainId: string) => checksStore.getState().check(domainId),
  begin: (domainId: string) => checksStore.getState().begin(domainId),
  settle: (...args: Parameters<ReturnType<typeof checksStore.getState>['settle']>) =>
    checksStore.getState().settle(...args),
  loadHistory: (domainId: string) => checksStore.getState().loadHistory(domainId),
  loadRun: (runId: number) => checksStore.getState().loadRun(runId),
};

export const useSmtp = (domainId: string): DomainSmtp =>
  useStore(smtpStore, (s) => s.byDomain[domainId] ?? NO_SMTP);
export const smtpActions: Omit<SmtpState, 'byDomain'> = {
  load: (domainId) => smtpStore.getState().load(domainId),
  create: (input) => smtpStore.getState().create(input),
  resetPassword: (domainId, userId, password) =>
    smtpStore.getState().resetPassword(domainId, userId, password),
  remove: (domainId, userId) => smtpStore.getState().remove(domainId, userId),
  setNote: (domainId, userId, note, whereUsed) =>
    smtpStore.getState().setNote(domainId, userId, note, whereUsed),
};

export const useUsage = <T>(selector: (state: UsageState) => T): T =>
  useStore(usageStore, selector);
export const usageActions = { load: () => usageStore.getState().load() };

export const useGuard = <T>(selector: (state: GuardState) => T): T =>
  useStore(guardStore, selector);
export const guardActions = {
  load: () => guardStore.getState().load(),
  dismissWarning: () => guardStore.getState().dismissWarning(),
};

export const useRevocation = <T>(selector: (state: RevocationState) => T): T =>
  useStore(revocationStore, selector);
export const revocationActions = {
  load: () => revocationStore.getState().load(),
  recreate: (userId: string) => revocationStore.getState().recreate(userId),
};

export const useMonitor = <T>(selector: (state: MonitorState) => T): T =>
  useStore(monitorStore, selector);
export const useTimeline = (domainId: string): DomainTimeline =>
  useStore(monitorStore, (s) => s.timelines[domainId] ?? NO_TIMELINE);
export const monitorActions = {
  load: () => monitorStore.getState().load(),
  runNow: () => monitorStore.getState().runNow(),
  setShowResolved: (show: boolean) => monitorStore.getState().setShowResolved(show),
  loadTimeline: (domainId: string) => monitorStore.getState().loadTimeline(domainId),
};

export const useIp = <T>(selector: (state: IpState) => T): T => useStore(ipStore, selector);
export const ipActions = {
  loadLatest: () => ipStore.getState().loadLatest(),
  check: () => ipStore.getState().check(),
};

export const useAccounts = <T>(selector: (state: AccountsState) => T): T =>
  useStore(accountsStore, selector);
export const accountsActions: Omit<AccountsState, 'view' | 'status' | 'error'> = {
  load: () => accountsStore.getState().load(),
  add: (input) => accountsStore.getState().add(input),
  switchTo: (accountId) => accountsStore.getState().switchTo(accountId),
  remove: (accountId) => accountsStore.getState().remove(accountId),
  setKey: (accountId, apiKey) => accountsStore.getState().setKey(accountId, apiKey),
};

export const useSettings = <T>(selector: (state: SettingsState) => T): T =>
  useStore(settingsStore, selector);
export const settingsActions = {
  load: () => settingsStore.getState().load(),
  update: (...args: Parameters<SettingsState['update']>) =>
    settingsStore.getState().update(...args),
};
/** How long a copied password may stay on the clipboard (the setting); null: never cleared. */
export function secretClipboardMs(): number | null {
  const seconds = settingsStore.getState().settings?.clipboardClearSeconds ?? 60;
  return seconds > 0 ? seconds * 1000 : null;
}

export const useAudit = <T>(selector: (state: AuditState) => T): T =>
  useStore(auditStore, selector);
export const auditActions = {
  load: () => auditStore.getState().load(),
  loadMore: () => auditStore.getState().loadMore(),
  setAccount: (accountId: string | null) => auditStore.getState().setAccount(accountId),
};

export const useNav = <T>(selector: (state: NavState) => T): T => useStore(navStore, selector);
export const navActions = {
  go: (route: Route) => navStore.getState().go(route),
  home: () => navStore.getState().go(HOME),
  openDomain: (domainId: string | null) => navStore.getState().go({ page: 'domains', domainId }),
  openSmtp: (domainId: string) => navStore.getState().go({ page: 'smtp', domainId }),
  confirmDelete: (domainId: string | null) => navStore.getState().confirmDelete(domainId),
  current: (): Route => navStore.getState().route,
};

/** Keeps the screen in the address's hash. */
export const connectLocation = (): (() => void) => syncWithLocation(navStore, window);

/** Everything a sent or deleted credential changes: the lists on screen, usage, today's count. */
function reloadCredentials(domainId: string | null): void {
  const domains = domainId ? [domainId] : Object.keys(smtpStore.getState().byDomain);
  for (const id of domains) void smtpActions.load(id);
  void usageActions.load();
  void accountActions.load();
}

/** What the shell loads at start and again after a switch of account. */
export function loadAccountData(): void {
  void accountActions.load();
  void accountActions.loadConnection();
  void domainsActions.load();
  void guardActions.load();
  void revocationActions.load();
  void monitorActions.load();
}

/** Counts switches of account: the shell remounts the screens on each. */
const generationStore = createStore<{ generation: number }>()(() => ({ generation: 0 }));
export const useAccountGeneration = (): number => useStore(generationStore, (s) => s.generation);

/** Stores that hold one account's data; emptied when another account is switched to. */
const ACCOUNT_STORES: StoreApi<object>[] = [
  domainsStore,
  checksStore,
  accountStore,
  smtpStore,
  usageStore,
  guardStore,
  revocationStore,
  monitorStore,
  ipStore,
];

function switchedAccount(): void {
  for (const store of ACCOUNT_STORES) store.setState(store.getInitialState(), true);
  // Domain ids belong to the account left behind.
  if (routeDomainId(navStore.getState().route) !== null) navStore.getState().go(HOME);
  generationStore.setState((s) => ({ generation: s.generation + 1 }));
  loadAccountData();
}

/** Server pushes keep the stores current. */
export function connectPushes(): () => void {
  const stops = [
    // The daily-limit rule deleted credentials: the lists and figures on screen are stale.
    api.onRevocation(() => {
      reloadCredentials(null);
      void revocationActions.load();
    }),
    // Browser mode has no OS notifications: main pushes them to the page instead.
    api.onNotification(deliverNotification),
    api.onDomainsChanged(() => void domainsActions.load()),
    api.onDnsChecked(({ domainId }) => void checksActions.loadLatest(domainId, true)),
    api.onSmtpChanged(({ domainId }) => reloadCredentials(domainId)),
    api.onConnectionChanged((connection) => {
      accountStore.getState().setConnection(connection);
      if (connection.online) {
        void accountActions.load();
        void domainsActions.load();
        void revocationActions.load();
      } else {
        // The push does not say when the next try is; main does.
        void accountActions.loadConnection();
      }
    }),
    api.onLimitGuardChanged((view) => {
      const previousDay = guardStore.getState().view?.day ?? null;
      guardStore.getState().set(view);
      // A new UTC day at the service: Recreate may be possible now.
      if (previousDay !== null && view.day !== null && view.day !== previousDay) {
        void revocationActions.load();
      }
    }),
    api.onLimitWarning((warning) => guardStore.getState().warn(warning)),
    api.onMonitorAlert((alert) => monitorStore.getState().alert(alert)),
    api.onMonitorFinished((summary) => monitorStore.getState().finished(summary)),
    api.onIpChecked(() => void ipActions.loadLatest()),
    api.onSettingsChanged((settings) => settingsStore.getState().set(settings)),
    api.onAccountsChanged(({ reason, info }) => {
      appStore.setState({ info, error: null });
      void accountsActions.load();
      void auditActions.load();
      if (reason === 'switched') switchedAccount();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
