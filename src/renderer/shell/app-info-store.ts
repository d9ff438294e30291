import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppInfo } from '../../shared/contract';
import type { AppError } from '../../shared/errors';

export interface AppState {
  info: AppInfo | null;
  error: AppError | null;
  load: () => Promise<void>;
}

export function createAppStore(api: Pick<KyriosApi, 'getAppInfo'>): StoreApi<AppState> {
  return createStore<AppState>()((set) => ({
    info: null,
    error: null,
    async load() {
      const result = await api.getAppInfo();
      set(result.ok ? { info: result.value, error: null } : { error: result.error });
    },
  }));
}
