import { useStore } from 'zustand';
import { api } from '../api';
import { createAccountStore, type AccountState } from './account-store';
import { createAppStore, type AppState } from './app-store';
import {
  createChecksStore,
  NO_CHECK_HISTORY,
  NO_CHECKS,
  type CheckHistory,
  type CheckRun,
  type DomainChecks,
} from './checks-store';
import { createDomainsStore, type DomainsActions, type DomainsState } from './domains-store';
import { createNavStore, syncWithLocation, type NavState, type Route } from './nav-store';
import { createSmtpStore, NO_SMTP, type DomainSmtp, type SmtpState } from './smtp-store';
import { showToast } from './toasts';
import { createUsageStore, type UsageState } from './usage-store';

// One instance of each store for the window; components use the selector hooks below.
const domainsStore = createDomainsStore(api);
const appStore = createAppStore(api);
const checksStore = createChecksStore(api);
const accountStore = createAccountStore(api);
const smtpStore = createSmtpStore(api);
const usageStore = createUsageStore(api);
const navStore = createNavStore();

export const useDomains = <T>(selector: (state: DomainsState) => T): T =>
  useStore(domainsStore, selector);
export const useDomain = (domainId: string | null) =>
  useStore(domainsStore, (s) =>
    domainId ? (s.domains.find((d) => d.id === domainId) ?? null) : null,
  );
export const useIsVerifying = (domainId: string): boolean =>
  useStore(domainsStore, (s) => s.verifying[domainId] === true);
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
  /** The connection as main knows it now; afterwards connection events keep it current. */
  async loadConnection(): Promise<void> {
    const result = await api.getConnection();
    if (result.ok) {
      const { online, since, reason } = result.value;
      accountStore.getState().setConnection({ online, since, reason });
    }
  },
};

export const useDomainChecks = (domainId: string): DomainChecks =>
  useStore(checksStore, (s) => s.byDomain[domainId] ?? NO_CHECKS);
export const useCheckHistory = (domainId: string): CheckHistory =>
  useStore(checksStore, (s) => s.history[domainId] ?? NO_CHECK_HISTORY);
export const useCheckRun = (runId: number | null): CheckRun | null =>
  useStore(checksStore, (s) => (runId === null ? null : (s.runs[runId] ?? null)));
/** The last check of a domain, when loaded: the merged SPF to publish comes from it. */
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
  setNote: (domainId, userId, note) => smtpStore.getState().setNote(domainId, userId, note),
};

export const useUsage = <T>(selector: (state: UsageState) => T): T =>
  useStore(usageStore, selector);
export const usageActions = { load: () => usageStore.getState().load() };

export const useNav = <T>(selector: (state: NavState) => T): T => useStore(navStore, selector);
export const navActions = {
  go: (route: Route) => navStore.getState().go(route),
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

const NOTIFICATION_TOAST = { info: 'info', warning: 'info', critical: 'error' } as const;

/** Server pushes keep the stores current. */
export function connectPushes(): () => void {
  const stops = [
    // The daily-limit rule deleted credentials: the lists and figures on screen are stale.
    api.onRevocation(() => reloadCredentials(null)),
    // Browser mode has no OS notifications: main pushes them to the page instead.
    api.onNotification((n) => {
      showToast(
        NOTIFICATION_TOAST[n.level],
        `${n.title}: ${n.body}`,
        n.level === 'critical' ? 20_000 : 10_000,
      );
    }),
    api.onDomainsChanged(() => void domainsActions.load()),
    api.onDnsChecked(({ domainId }) => void checksActions.loadLatest(domainId, true)),
    api.onSmtpChanged(({ domainId }) => reloadCredentials(domainId)),
    api.onConnectionChanged((connection) => {
      accountStore.getState().setConnection(connection);
      if (connection.online) {
        void accountActions.load();
        void domainsActions.load();
      }
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
