import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { EventPayload } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import type { Account } from '../../shared/kyrios';
import { api } from './api';
import { accountScoped, actionsOf, selectorHook } from './store-kit';

/** The connection as pushed; `nextProbeAt` (when known) from `connection:get`. */
export type Connection = EventPayload<'connection:changed'> & { nextProbeAt?: string | null };

/**
 * The Kyrios account in use, as the service reports it (name, SMTP server, today's count,
 * dedicated IP), and the connection to it. Not the account registry (accounts/).
 */
export interface KyriosAccountState {
  account: Account | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  source: 'live' | 'cache';
  syncedAt: string | null;
  offlineReason: string | null;
  /** The last connection event from main; null until one arrives. */
  connection: Connection | null;
  load: () => Promise<void>;
  /** The connection as main knows it now (with the next probe); events keep it current. */
  loadConnection: () => Promise<void>;
  setConnection: (connection: Connection) => void;
}

export function createKyriosAccountStore(
  api: Pick<KyriosApi, 'getAccount' | 'getConnection'>,
): StoreApi<KyriosAccountState> {
  return createStore<KyriosAccountState>()((set, get) => ({
    account: null,
    status: 'idle',
    error: null,
    source: 'live',
    syncedAt: null,
    offlineReason: null,
    connection: null,

    async load() {
      if (get().status !== 'ready') set({ status: 'loading' });
      const result = await api.getAccount();
      if (!result.ok) {
        set({ status: get().account ? 'ready' : 'error', error: result.error });
        return;
      }
      const { account, source, syncedAt, offlineReason } = result.value;
      set({
        account: account ?? get().account,
        source,
        syncedAt,
        offlineReason: offlineReason ?? null,
        status: 'ready',
        error: null,
      });
    },

    async loadConnection() {
      const result = await api.getConnection();
      if (result.ok) set({ connection: result.value });
    },

    setConnection(connection) {
      set({ connection });
    },
  }));
}

export type ConnectionSummary =
  | { state: 'unknown' }
  | { state: 'online' }
  | { state: 'offline'; reason: string | null; since: string | null };

/**
 * Online or not, from the freshest evidence: a connection event when one came, else whether the
 * last account or domains answer was live.
 */
export function connectionSummary(
  connection: Connection | null,
  sources: readonly ('live' | 'cache' | null)[],
  offlineReason: string | null,
): ConnectionSummary {
  if (connection) {
    return connection.online
      ? { state: 'online' }
      : { state: 'offline', reason: connection.reason, since: connection.since };
  }
  const known = sources.filter((s): s is 'live' | 'cache' => s !== null);
  if (known.length === 0) return { state: 'unknown' };
  if (known.includes('cache')) return { state: 'offline', reason: offlineReason, since: null };
  return { state: 'online' };
}

const kyriosAccountStore = accountScoped(createKyriosAccountStore(api));
export const useKyriosAccount = selectorHook(kyriosAccountStore);
export const kyriosAccountActions = actionsOf(kyriosAccountStore);
/** The account's connection evidence, outside React (see connection.ts). */
export const accountConnection = (): {
  connection: Connection | null;
  source: 'live' | 'cache' | null;
} => {
  const s = kyriosAccountStore.getState();
  return { connection: s.connection, source: s.status === 'ready' ? s.source : null };
};
