import { useStore } from 'zustand';
import { api } from '../api';
import { createAppStore, type AppState } from './app-store';
import { createChecksStore, NO_CHECKS, type DomainChecks } from './checks-store';
import { createDomainsStore, type DomainsActions, type DomainsState } from './domains-store';

// One instance of each store for the window; components use the selector hooks below.
const domainsStore = createDomainsStore(api);
const appStore = createAppStore(api);
const checksStore = createChecksStore(api);

export const useDomains = <T>(selector: (state: DomainsState) => T): T =>
  useStore(domainsStore, selector);
export const useSelectedDomain = () =>
  useStore(domainsStore, (s) => s.domains.find((d) => d.id === s.selectedId) ?? null);
export const domainsActions: DomainsActions = {
  load: () => domainsStore.getState().load(),
  add: (name) => domainsStore.getState().add(name),
  select: (id) => domainsStore.getState().select(id),
};

export const useAppInfo = <T>(selector: (state: AppState) => T): T => useStore(appStore, selector);
export const appActions = { load: () => appStore.getState().load() };

export const useDomainChecks = (domainId: string): DomainChecks =>
  useStore(checksStore, (s) => s.byDomain[domainId] ?? NO_CHECKS);
export const checksActions = {
  loadLatest: (domainId: string, force?: boolean) =>
    checksStore.getState().loadLatest(domainId, force),
  check: (domainId: string) => checksStore.getState().check(domainId),
};

/** Server pushes keep the stores current. */
export function connectPushes(): () => void {
  const stops = [
    api.onDomainsChanged(() => void domainsActions.load()),
    api.onDnsChecked(({ domainId }) => void checksActions.loadLatest(domainId, true)),
  ];
  return () => stops.forEach((stop) => stop());
}
