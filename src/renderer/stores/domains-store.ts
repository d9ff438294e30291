import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { Domain } from '../../shared/domain';
import type { AppError, Result } from '../../shared/errors';

export interface DomainsState {
  domains: Domain[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** `cache` when the service could not be reached and the last known state is shown. */
  source: 'live' | 'cache';
  syncedAt: string | null;
  offlineReason: string | null;
  selectedId: string | null;
}

export interface DomainsActions {
  load: () => Promise<void>;
  add: (name: string) => Promise<Result<Domain>>;
  select: (id: string | null) => void;
}

export type DomainsStore = StoreApi<DomainsState & DomainsActions>;

const byName = (a: Domain, b: Domain) => a.name.localeCompare(b.name);

export function createDomainsStore(
  api: Pick<KyriosApi, 'listDomains' | 'addDomain'>,
): DomainsStore {
  return createStore<DomainsState & DomainsActions>()((set, get) => ({
    domains: [],
    status: 'idle',
    error: null,
    source: 'live',
    syncedAt: null,
    offlineReason: null,
    selectedId: null,

    async load() {
      // Keep showing what is on screen while refreshing; only the first load shows "loading".
      if (get().status !== 'ready') set({ status: 'loading', error: null });
      const result = await api.listDomains();
      if (!result.ok) {
        set({ status: get().domains.length ? 'ready' : 'error', error: result.error });
        return;
      }
      const { domains, source, syncedAt, offlineReason } = result.value;
      const selectedId = get().selectedId;
      set({
        domains: [...domains].sort(byName),
        source,
        syncedAt,
        offlineReason: offlineReason ?? null,
        status: 'ready',
        error: null,
        selectedId: selectedId && domains.some((d) => d.id === selectedId) ? selectedId : null,
      });
    },

    async add(name) {
      const result = await api.addDomain({ name });
      if (result.ok) {
        const domain = result.value;
        set({
          domains: [...get().domains.filter((d) => d.id !== domain.id), domain].sort(byName),
          selectedId: domain.id,
          status: 'ready',
        });
      }
      return result;
    },

    select(id) {
      set({ selectedId: id });
    },
  }));
}
