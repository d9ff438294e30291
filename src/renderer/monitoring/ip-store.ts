import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { IpCheckView } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

export interface IpState {
  view: IpCheckView | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** A re-check is running; the last result stays on screen meanwhile. */
  checking: boolean;
  error: AppError | null;
  /** Which call failed: reading the stored result, or a re-check the user asked for. */
  errorFrom: 'load' | 'check' | null;
  loadLatest: () => Promise<void>;
  check: () => Promise<void>;
}

/** The dedicated IP: reverse DNS and blocklists, the stored result first, re-checked on demand. */
export function createIpStore(
  api: Pick<KyriosApi, 'getLatestIpCheck' | 'checkIp'>,
): StoreApi<IpState> {
  return createStore<IpState>()((set, get) => ({
    view: null,
    status: 'idle',
    checking: false,
    error: null,
    errorFrom: null,

    async loadLatest() {
      if (get().status !== 'ready') set({ status: 'loading' });
      const result = await api.getLatestIpCheck();
      if (get().checking) return;
      if (result.ok) set({ view: result.value, status: 'ready', error: null, errorFrom: null });
      else set({ status: get().view ? 'ready' : 'error', error: result.error, errorFrom: 'load' });
    },

    async check() {
      set({ checking: true, error: null, errorFrom: null });
      const result = await api.checkIp();
      if (result.ok) set({ view: result.value, status: 'ready', checking: false });
      else {
        set({
          checking: false,
          status: get().view ? 'ready' : 'error',
          error: result.error,
          errorFrom: 'check',
        });
      }
    },
  }));
}

const ipStore = accountScoped(createIpStore(api));
export const useIp = selectorHook(ipStore);
export const ipActions = actionsOf(ipStore);
