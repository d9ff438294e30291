import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AccountEntry, AccountsView, AppInfo, ResponseOf } from '../../shared/contract';
import type { AppError, Result } from '../../shared/errors';
import { api } from '../shell/api';
import { actionsOf, selectorHook } from '../shell/store-kit';

export interface NewAccount {
  label: string;
  baseUrl: string;
  apiKey: string;
  activate: boolean;
}

export interface AccountRegistryState {
  view: AccountsView | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  load: () => Promise<void>;
  add: (input: NewAccount) => Promise<Result<ResponseOf<'accounts:add'>>>;
  switchTo: (accountId: string) => Promise<Result<AppInfo>>;
  remove: (accountId: string) => Promise<Result<ResponseOf<'accounts:remove'>>>;
  setKey: (accountId: string, apiKey: string) => Promise<Result<AccountEntry>>;
}

type AccountRegistryApi = Pick<
  KyriosApi,
  'listAccounts' | 'addAccount' | 'switchAccount' | 'removeAccount' | 'setAccountKey'
>;

/**
 * The account registry: the embedded sandbox and the remote accounts to switch between; every
 * change reloads the list. (The account in use, as the service reports it, is
 * shell/kyrios-account-store.ts.)
 */
export function createAccountRegistryStore(
  api: AccountRegistryApi,
): StoreApi<AccountRegistryState> {
  return createStore<AccountRegistryState>()((set, get) => {
    const then = <T>(result: Result<T>): Result<T> => {
      if (result.ok) void get().load();
      return result;
    };
    return {
      view: null,
      status: 'idle',
      error: null,

      async load() {
        if (get().status !== 'ready') set({ status: 'loading' });
        const result = await api.listAccounts();
        if (result.ok) set({ view: result.value, status: 'ready', error: null });
        else set({ status: get().view ? 'ready' : 'error', error: result.error });
      },

      async add(input) {
        return then(await api.addAccount(input));
      },
      async switchTo(accountId) {
        return then(await api.switchAccount({ accountId }));
      },
      async remove(accountId) {
        return then(await api.removeAccount({ accountId }));
      },
      async setKey(accountId, apiKey) {
        return then(await api.setAccountKey({ accountId, apiKey }));
      },
    };
  });
}

/** Where an account's key is, in words. */
export function keyStorageText(entry: AccountEntry): string {
  switch (entry.key.storage) {
    case 'sandbox':
      return 'No key needed: the embedded sandbox runs inside Kyrios Desk.';
    case 'environment':
      return 'From the environment (KYRIOS_API_KEY); never written by Kyrios Desk.';
    case 'os':
      return 'Encrypted by the operating system’s secret store.';
    case 'memory':
      return 'Kept in memory only, until Kyrios Desk stops.';
    case 'none':
      return 'Not kept on this machine: enter the key again to use this account.';
  }
}

const accountRegistryStore = createAccountRegistryStore(api);
export const useAccountRegistry = selectorHook(accountRegistryStore);
export const accountRegistryActions = actionsOf(accountRegistryStore);
