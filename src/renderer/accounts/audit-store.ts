import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AuditEntry } from '../../shared/audit';
import type { AppError } from '../../shared/errors';
import { api } from '../shell/api';
import { actionsOf, selectorHook } from '../shell/store-kit';

export const AUDIT_PAGE = 100;

export interface AuditState {
  entries: AuditEntry[];
  nextBeforeId: number | null;
  /** The account whose entries are shown; null: every account. */
  accountId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  error: AppError | null;
  load: () => Promise<void>;
  loadMore: () => Promise<void>;
  setAccount: (accountId: string | null) => Promise<void>;
}

/** The audit log, newest first, a page at a time. */
export function createAuditStore(api: Pick<KyriosApi, 'listAudit'>): StoreApi<AuditState> {
  return createStore<AuditState>()((set, get) => {
    const request = (beforeId?: number) => {
      const accountId = get().accountId;
      return {
        limit: AUDIT_PAGE,
        ...(beforeId ? { beforeId } : {}),
        ...(accountId ? { accountId } : {}),
      };
    };
    return {
      entries: [],
      nextBeforeId: null,
      accountId: null,
      status: 'idle',
      loadingMore: false,
      error: null,

      async load() {
        if (get().status !== 'ready') set({ status: 'loading' });
        const result = await api.listAudit(request());
        if (result.ok) {
          set({
            entries: result.value.entries,
            nextBeforeId: result.value.nextBeforeId,
            status: 'ready',
            error: null,
          });
        } else set({ status: get().entries.length ? 'ready' : 'error', error: result.error });
      },

      async loadMore() {
        const before = get().nextBeforeId;
        if (before === null || get().loadingMore) return;
        set({ loadingMore: true });
        const result = await api.listAudit(request(before));
        if (result.ok) {
          set((s) => ({
            entries: [...s.entries, ...result.value.entries],
            nextBeforeId: result.value.nextBeforeId,
            loadingMore: false,
            error: null,
          }));
        } else set({ loadingMore: false, error: result.error });
      },

      async setAccount(accountId) {
        set({ accountId, entries: [], nextBeforeId: null, status: 'loading' });
        await get().load();
      },
    };
  });
}

// App-wide: the log covers every account.
const auditStore = createAuditStore(api);
export const useAudit = selectorHook(auditStore);
export const auditActions = actionsOf(auditStore);
