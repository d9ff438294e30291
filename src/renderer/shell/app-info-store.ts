import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppInfo } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { api } from './api';
import { actionsOf, selectorHook } from './store-kit';

/** What the app runs on: its version, mode, the account in use and the data folder. */
export interface AppInfoState {
  info: AppInfo | null;
  error: AppError | null;
  load: () => Promise<void>;
}

export function createAppInfoStore(api: Pick<KyriosApi, 'getAppInfo'>): StoreApi<AppInfoState> {
  return createStore<AppInfoState>()((set) => ({
    info: null,
    error: null,
    async load() {
      const result = await api.getAppInfo();
      set(result.ok ? { info: result.value, error: null } : { error: result.error });
    },
  }));
}

const appInfoStore = createAppInfoStore(api);
export const useAppInfo = selectorHook(appInfoStore);
export const appInfoActions = {
  ...actionsOf(appInfoStore),
  /** An `accounts:changed` push says what the app runs on now. */
  set: (info: AppInfo) => appInfoStore.setState({ info, error: null }),
};
