import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { Verified } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import type { AppError, Result } from '../../shared/errors';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';
import type { DomainStateName } from './selectors';

/** The domain states the list's filter offers (see selectors.ts), or every domain. */
export type StatusFilter = DomainStateName | 'all';

export interface DomainsState {
  domains: Domain[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** `cache` when the service could not be reached and the last known state is shown. */
  source: 'live' | 'cache';
  syncedAt: string | null;
  offlineReason: string | null;
  /** What the filter box holds, and the status picked beside it. */
  query: string;
  statusFilter: StatusFilter;
  /** Domains with a "Verify Now" or a deletion in flight. */
  verifying: Record<string, true>;
  removing: Record<string, true>;
}

export interface DomainsActions {
  load: () => Promise<void>;
  add: (name: string) => Promise<Result<Domain>>;
  verify: (domainId: string) => Promise<Result<Verified>>;
  remove: (domainId: string) => Promise<Result<{ domainId: string }>>;
  setQuery: (query: string) => void;
  setStatusFilter: (status: StatusFilter) => void;
}

export type DomainsStore = StoreApi<DomainsState & DomainsActions>;

type DomainsApi = Pick<KyriosApi, 'listDomains' | 'addDomain' | 'verifyDomain' | 'deleteDomain'>;

const byName = (a: Domain, b: Domain) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The domains the list shows: the name (or its Unicode form, `shownName`) contains the query, in
 * any case; the state as picked (`stateOf`: the state the list shows, by default the service's).
 */
export function filterDomains(
  domains: readonly Domain[],
  query: string,
  status: StatusFilter,
  stateOf: (domain: Domain) => DomainStateName = (d) => d.status,
  shownName: (domain: Domain) => string = (d) => d.name,
): readonly Domain[] {
  const q = query.trim().toLowerCase();
  if (q === '' && status === 'all') return domains;
  return domains.filter(
    (d) =>
      (status === 'all' || stateOf(d) === status) &&
      (q === '' || d.name.includes(q) || shownName(d).includes(q)),
  );
}

/** What the list says when the filter leaves no domain, for each combination of box and status. */
export function noMatchText(query: string, status: StatusFilter): string {
  const q = query.trim();
  if (status === 'all') return `No domain matches “${q}”.`;
  if (status === 'broken') {
    return q === ''
      ? 'No domain has a record that broke.'
      : `No domain with a record that broke matches “${q}”.`;
  }
  return q === '' ? `No ${status} domains.` : `No ${status} domain matches “${q}”.`;
}

function without<T extends Record<string, true>>(map: T, key: string): T {
  const { [key]: _, ...rest } = map;
  return rest as T;
}

export function createDomainsStore(api: DomainsApi): DomainsStore {
  return createStore<DomainsState & DomainsActions>()((set, get) => {
    const upsert = (domain: Domain) =>
      set((s) => ({
        domains: [...s.domains.filter((d) => d.id !== domain.id), domain].sort(byName),
      }));

    return {
      domains: [],
      status: 'idle',
      error: null,
      source: 'live',
      syncedAt: null,
      offlineReason: null,
      query: '',
      statusFilter: 'all',
      verifying: {},
      removing: {},

      async load() {
        // Keep showing what is on screen while refreshing; only the first load shows "loading".
        if (get().status !== 'ready') set({ status: 'loading', error: null });
        const result = await api.listDomains();
        if (!result.ok) {
          set({ status: get().domains.length ? 'ready' : 'error', error: result.error });
          return;
        }
        const { domains, source, syncedAt, offlineReason } = result.value;
        set({
          domains: [...domains].sort(byName),
          source,
          syncedAt,
          offlineReason: offlineReason ?? null,
          status: 'ready',
          error: null,
        });
      },

      async add(name) {
        const result = await api.addDomain({ name });
        if (result.ok) {
          upsert(result.value);
          set({ status: 'ready' });
        }
        return result;
      },

      async verify(domainId) {
        set((s) => ({ verifying: { ...s.verifying, [domainId]: true } }));
        const result = await api.verifyDomain({ domainId });
        set((s) => ({ verifying: without(s.verifying, domainId) }));
        if (result.ok) upsert(result.value.domain);
        return result;
      },

      async remove(domainId) {
        set((s) => ({ removing: { ...s.removing, [domainId]: true } }));
        const result = await api.deleteDomain({ domainId });
        set((s) => ({
          removing: without(s.removing, domainId),
          domains: result.ok ? s.domains.filter((d) => d.id !== domainId) : s.domains,
        }));
        return result;
      },

      setQuery(query) {
        set({ query });
      },

      setStatusFilter(statusFilter) {
        set({ statusFilter });
      },
    };
  });
}

// The window's instance; components read it through these hooks.
const domainsStore = accountScoped(createDomainsStore(api));
export const useDomains = selectorHook(domainsStore);
export const useDomain = (domainId: string | null): Domain | null =>
  useDomains((s) => (domainId ? (s.domains.find((d) => d.id === domainId) ?? null) : null));
export const useIsVerifying = (domainId: string): boolean =>
  useDomains((s) => s.verifying[domainId] === true);
/** Whether a "Verify Now" of the domain is in flight, outside React. */
export const isVerifying = (domainId: string): boolean =>
  domainsStore.getState().verifying[domainId] === true;
/** A domain of the account in use, outside React (the menu's commands); null when not loaded. */
export const domainById = (domainId: string): Domain | null =>
  domainsStore.getState().domains.find((d) => d.id === domainId) ?? null;
/** What the domains' answers say of the service, outside React (see shell/connection.ts). */
export const domainsSource = (): {
  source: 'live' | 'cache' | null;
  offlineReason: string | null;
} => {
  const s = domainsStore.getState();
  return { source: s.status === 'ready' ? s.source : null, offlineReason: s.offlineReason };
};
/** Views start Verify Now and deletion through the flows in domain-actions.ts, which say the outcome. */
export const domainsActions = actionsOf(domainsStore);
