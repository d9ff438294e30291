import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { EventPayload } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import type { LimitGuardView } from '../../shared/limit-guard';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

export type LimitWarning = EventPayload<'guard:warning'>;

export interface GuardState {
  view: LimitGuardView | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** The newest 80 % / 95 % warning pushed this session, until the user dismisses it. */
  warning: LimitWarning | null;
  load: () => Promise<void>;
  /** A `guard:changed` push: the guard's view after a new reading. */
  set: (view: LimitGuardView) => void;
  /** A `guard:warning` push. */
  warn: (warning: LimitWarning) => void;
  dismissWarning: () => void;
}

/** The limit guard: today's count, the last hour's rate and when the limit would be reached. */
export function createGuardStore(api: Pick<KyriosApi, 'getLimitGuard'>): StoreApi<GuardState> {
  return createStore<GuardState>()((set, get) => ({
    view: null,
    status: 'idle',
    error: null,
    warning: null,

    async load() {
      if (get().status !== 'ready') set({ status: 'loading' });
      const result = await api.getLimitGuard();
      if (result.ok) set({ view: result.value, status: 'ready', error: null });
      else set({ status: get().view ? 'ready' : 'error', error: result.error });
    },

    set(view) {
      // A new UTC day starts afresh: yesterday's warning no longer applies.
      const warning = get().warning;
      set({
        view,
        status: 'ready',
        error: null,
        warning: warning && view.day && warning.day !== view.day ? null : warning,
      });
    },

    warn(warning) {
      set({ warning });
    },

    dismissWarning() {
      set({ warning: null });
    },
  }));
}

const guardStore = accountScoped(createGuardStore(api));
export const useGuard = selectorHook(guardStore);
/** The UTC day of the guard's last reading, outside React. */
export const guardDay = (): string | null => guardStore.getState().view?.day ?? null;
export const guardActions = actionsOf(guardStore);
