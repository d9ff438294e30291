import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppError } from '../../shared/errors';
import type { Usage } from '../../shared/kyrios';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

/** Days in the usage chart. */
export const USAGE_DAYS = 30;

export interface UsageState {
  /** The last USAGE_DAYS days: the chart, and per user and domain over the window. */
  usage: Usage | null;
  /** Today alone: the split per user and domain that counts against the daily limit. */
  today: Usage | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** True while a refresh runs with a previous result still on screen. */
  refreshing: boolean;
  error: AppError | null;
  source: 'live' | 'cache';
  syncedAt: string | null;
  offlineReason: string | null;
  load: () => Promise<void>;
}

export function createUsageStore(api: Pick<KyriosApi, 'getUsage'>): StoreApi<UsageState> {
  return createStore<UsageState>()((set, get) => {
    // One request pair at a time: the panel's timer, its button and pushes may all ask at once.
    let pending: Promise<void> | null = null;

    async function refresh(): Promise<void> {
      if (get().status === 'ready') set({ refreshing: true });
      else set({ status: 'loading' });
      // The service splits per user and domain over the asked window; today's split is its own ask.
      const [result, today] = await Promise.all([
        api.getUsage({ days: USAGE_DAYS }),
        api.getUsage({ days: 1 }),
      ]);
      if (!result.ok) {
        set({ status: get().usage ? 'ready' : 'error', refreshing: false, error: result.error });
        return;
      }
      const { usage, source, syncedAt, offlineReason } = result.value;
      set({
        usage: usage ?? get().usage,
        today: (today.ok ? today.value.usage : null) ?? get().today,
        source,
        syncedAt,
        offlineReason: offlineReason ?? null,
        status: 'ready',
        refreshing: false,
        error: null,
      });
    }

    return {
      usage: null,
      today: null,
      status: 'idle',
      refreshing: false,
      error: null,
      source: 'live',
      syncedAt: null,
      offlineReason: null,
      load() {
        pending ??= refresh().finally(() => {
          pending = null;
        });
        return pending;
      },
    };
  });
}

const usageStore = accountScoped(createUsageStore(api));
export const useUsage = selectorHook(usageStore);
export const usageActions = actionsOf(usageStore);
