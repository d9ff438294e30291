import type { KeyStorage } from '../../shared/contract';

/**
 * Where remote accounts' API keys are kept. The desktop app encrypts them with the OS secret store
 * (src/main/electron/secret-store.ts); where that is not possible, and in browser mode, a key lives
 * in memory for the session only, and `note` says why.
 */
export interface SecretStore {
  /** Whether a key set now would survive a restart, and if not, why. */
  persistence(): { persistent: boolean; reason: string | null };
  /** Keeps the key; says where it ended up. */
  set(accountId: string, secret: string): KeyStorage;
  get(accountId: string): string | null;
  describe(accountId: string): KeyStorage;
  delete(accountId: string): void;
}

export const BROWSER_MODE_KEYS =
  'Browser mode never writes API keys: this one is kept in memory until Kyrios Desk stops. Start it with KYRIOS_API_URL and KYRIOS_API_KEY in the environment to use the account every time.';

/** Keys in memory only, for this process; `reason` tells the user why nothing is written. */
export function createMemorySecretStore(reason: string = BROWSER_MODE_KEYS): SecretStore {
  const keys = new Map<string, string>();
  const describe = (accountId: string): KeyStorage =>
    keys.has(accountId) ? { storage: 'memory', note: reason } : { storage: 'none', note: null };
  return {
    persistence: () => ({ persistent: false, reason }),
    set(accountId, secret) {
      keys.set(accountId, secret);
      return describe(accountId);
    },
    get: (accountId) => keys.get(accountId) ?? null,
    describe,
    delete(accountId) {
      keys.delete(accountId);
    },
  };
}
