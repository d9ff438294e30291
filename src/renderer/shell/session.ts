import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { accountRegistryActions } from '../accounts/account-registry-store';
import { auditActions } from '../accounts/audit-store';
import { checksActions } from '../domains/checks-store';
import { domainsActions } from '../domains/domains-store';
import { ipActions } from '../monitoring/ip-store';
import { monitorActions } from '../monitoring/monitor-store';
import { settingsActions } from '../settings/settings-store';
import { revocationActions } from '../smtp/revocation-store';
import { loadedSmtpDomains, smtpActions } from '../smtp/smtp-store';
import { guardActions, guardDay } from '../usage/guard-store';
import { usageActions } from '../usage/usage-store';
import { api } from './api';
import { runAppCommand } from './app-commands';
import { appInfoActions } from './app-info-store';
import { kyriosAccountActions } from './kyrios-account-store';
import { navActions, routeDomainId } from './nav-store';
import { deliverNotification } from './notify';
import { resetAccountStores } from './store-kit';

/**
 * The session wiring of the window: what loads at start and after a switch of account, and which
 * store each push from main updates. The stores themselves live with their topics.
 */

/** Everything a sent or deleted credential changes: the lists on screen, usage, today's count. */
function reloadCredentials(domainId: string | null): void {
  for (const id of domainId ? [domainId] : loadedSmtpDomains()) void smtpActions.load(id);
  void usageActions.load();
  void kyriosAccountActions.load();
}

/** What the shell loads at start and again after a switch of account. */
export function loadAccountData(): void {
  void kyriosAccountActions.load();
  void kyriosAccountActions.loadConnection();
  void domainsActions.load();
  void checksActions.loadLatestRuns();
  void guardActions.load();
  void revocationActions.load();
  void monitorActions.load();
}

/** What the shell loads once, whatever the account. */
export function loadAppData(): void {
  void appInfoActions.load();
  void settingsActions.load();
  loadAccountData();
}

/** Counts switches of account: the shell remounts the screens on each. */
const generationStore = createStore<{ generation: number }>()(() => ({ generation: 0 }));
export const useAccountGeneration = (): number => useStore(generationStore, (s) => s.generation);

function switchedAccount(): void {
  resetAccountStores();
  // Domain ids belong to the account left behind.
  if (routeDomainId(navActions.current()) !== null) navActions.home();
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
    api.onDnsChecked(({ run }) => checksActions.checked(run)),
    api.onSmtpChanged(({ domainId }) => reloadCredentials(domainId)),
    api.onConnectionChanged((connection) => {
      kyriosAccountActions.setConnection(connection);
      if (connection.online) {
        void kyriosAccountActions.load();
        void domainsActions.load();
        void revocationActions.load();
      } else {
        // The push does not say when the next try is; main does.
        void kyriosAccountActions.loadConnection();
      }
    }),
    api.onLimitGuardChanged((view) => {
      const previousDay = guardDay();
      guardActions.set(view);
      // A new UTC day at the service: Recreate may be possible now.
      if (previousDay !== null && view.day !== null && view.day !== previousDay) {
        void revocationActions.load();
      }
    }),
    api.onLimitWarning((warning) => guardActions.warn(warning)),
    api.onMonitorAlert((alert) => monitorActions.alert(alert)),
    api.onMonitorFinished((summary) => monitorActions.finished(summary)),
    api.onIpChecked(() => void ipActions.loadLatest()),
    api.onSettingsChanged((settings) => settingsActions.set(settings)),
    api.onAccountsChanged(({ reason, info }) => {
      appInfoActions.set(info);
      void accountRegistryActions.load();
      void auditActions.load();
      if (reason === 'switched') switchedAccount();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

/**
 * The desktop shell's commands (the menu, the tray, a notification click, a file opened with the
 * app), each to its navigation or store action (app-commands.ts). Called while the page's scripts
 * run, before the first render: main holds commands until the page has loaded and sends them
 * then, so none is missed. Browser mode has no such push.
 */
export function connectAppCommands(): () => void {
  return api.onAppCommand?.((command) => void runAppCommand(command)) ?? (() => undefined);
}
