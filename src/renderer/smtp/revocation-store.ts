import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { ResponseOf, RevocationView, RevokedUser } from '../../shared/contract';
import type { AppError, Result } from '../../shared/errors';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

export interface RevocationState {
  view: RevocationView | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** Users with a Recreate in flight. */
  recreating: Record<string, true>;
  load: () => Promise<void>;
  recreate: (userId: string) => Promise<Result<ResponseOf<'smtp:recreate'>>>;
}

/** What the daily-limit rule deleted, and Recreate. */
export function createRevocationStore(
  api: Pick<KyriosApi, 'listRevoked' | 'recreateSmtpUser'>,
): StoreApi<RevocationState> {
  return createStore<RevocationState>()((set, get) => {
    let pending: Promise<void> | null = null;

    async function refresh(): Promise<void> {
      if (get().status !== 'ready') set({ status: 'loading' });
      const result = await api.listRevoked();
      if (result.ok) set({ view: result.value, status: 'ready', error: null });
      else set({ status: get().view ? 'ready' : 'error', error: result.error });
    }

    return {
      view: null,
      status: 'idle',
      error: null,
      recreating: {},

      load() {
        pending ??= refresh().finally(() => {
          pending = null;
        });
        return pending;
      },

      async recreate(userId) {
        set((s) => ({ recreating: { ...s.recreating, [userId]: true } }));
        const result = await api.recreateSmtpUser({ userId });
        set((s) => {
          const { [userId]: _, ...rest } = s.recreating;
          return { recreating: rest };
        });
        if (result.ok) {
          // Link the old entry to the new user at once; the reload below confirms it.
          const { user } = result.value;
          set((s) => ({
            view: s.view
              ? {
                  ...s.view,
                  users: s.view.users.map((u) =>
                    u.id === userId
                      ? { ...u, recreatedAs: { id: user.id, at: user.createdAt } }
                      : u,
                  ),
                }
              : s.view,
          }));
          void get().load();
        }
        return result;
      },
    };
  });
}

/**
 * The logins the banner lists: every one not recreated yet, and those of the newest revocation
 * (recreated or not), so the list shows what is done and what is left.
 */
export function bannerUsers(view: RevocationView | null): RevokedUser[] {
  if (!view) return [];
  const day = view.latest?.day ?? null;
  return view.users.filter((u) => u.recreatedAs === null || u.revokedOn === day);
}

const revocationStore = accountScoped(createRevocationStore(api));
export const useRevocation = selectorHook(revocationStore);
export const revocationActions = actionsOf(revocationStore);
