import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { StoredCheck } from '../../shared/contract';
import type { AppError } from '../../shared/errors';

export interface DomainChecks {
  latest: StoredCheck | null;
  /** `checking` while a check runs; the previous result stays on screen meanwhile. */
  status: 'idle' | 'loading' | 'checking' | 'ready';
  error: AppError | null;
}

export interface ChecksState {
  byDomain: Record<string, DomainChecks>;
  /** The stored result; `force` refetches one already loaded (a check ran elsewhere). */
  loadLatest: (domainId: string, force?: boolean) => Promise<void>;
  check: (domainId: string) => Promise<void>;
}

const EMPTY: DomainChecks = { latest: null, status: 'idle', error: null };

export function createChecksStore(
  api: Pick<KyriosApi, 'checkDns' | 'getLatestCheck'>,
): StoreApi<ChecksState> {
  return createStore<ChecksState>()((set, get) => {
    const patch = (domainId: string, change: Partial<DomainChecks>) =>
      set((s) => ({
        byDomain: { ...s.byDomain, [domainId]: { ...(s.byDomain[domainId] ?? EMPTY), ...change } },
      }));

    return {
      byDomain: {},

      async loadLatest(domainId, force = false) {
        const known = get().byDomain[domainId];
        if (known && (!force || known.status === 'checking')) return;
        if (!known) patch(domainId, { status: 'loading' });
        const result = await api.getLatestCheck({ domainId });
        if (get().byDomain[domainId]?.status === 'checking') return;
        patch(
          domainId,
          result.ok
            ? { latest: result.value, status: 'ready', error: null }
            : { status: 'ready', error: result.error },
        );
      },

      async check(domainId) {
        patch(domainId, { status: 'checking', error: null });
        const result = await api.checkDns({ domainId });
        patch(
          domainId,
          result.ok
            ? { latest: result.value, status: 'ready', error: null }
            : { status: 'ready', error: result.error },
        );
      },
    };
  });
}

export const NO_CHECKS = EMPTY;
