import { safeStorage } from 'electron';
import type { KeyStorage } from '../../shared/contract';
import type { SecretBlobs } from '../db/secrets-repo';
import type { SecretStore } from '../services/secret-store';

/** The part of Electron's safeStorage the store uses; tests mock the electron module. */
export type SafeStorageLike = Pick<
  typeof safeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/**
 * API keys encrypted by the OS secret store (Keychain, DPAPI, Secret Service / KWallet) through
 * Electron's safeStorage, the ciphertext kept in the app database. On Linux without a keyring,
 * safeStorage falls back to `basic_text`: "encrypting" with a fixed password written in Chromium's
 * source, as good as plain text. Then nothing is written: the key stays in memory for the session,
 * and the reason is told to the user with the account.
 */
export function createSafeStorageSecretStore(
  blobs: SecretBlobs,
  options: { safe?: SafeStorageLike; platform?: NodeJS.Platform } = {},
): SecretStore {
  const safe = options.safe ?? safeStorage;
  const platform = options.platform ?? process.platform;
  const memory = new Map<string, string>();

  function refusal(): string | null {
    if (!safe.isEncryptionAvailable()) {
      return 'This system offers Kyrios Desk no way to encrypt secrets, so API keys are kept in memory for this session only and must be entered again after a restart.';
    }
    if (platform === 'linux') {
      const backend = safe.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        return `No keyring is available (Electron's safeStorage backend is "${backend}"): the key would be stored under a fixed, publicly known password, as good as plain text. Kyrios Desk keeps API keys in memory for this session only; unlock or install a Secret Service keyring (GNOME Keyring, KWallet) to keep them.`;
      }
    }
    return null;
  }

  function describe(accountId: string): KeyStorage {
    if (blobs.get(accountId)) return { storage: 'os', note: null };
    if (memory.has(accountId)) return { storage: 'memory', note: refusal() };
    return { storage: 'none', note: null };
  }

  return {
    persistence() {
      const reason = refusal();
      return { persistent: reason === null, reason };
    },
    set(accountId, secret) {
      memory.set(accountId, secret);
      const reason = refusal();
      if (reason !== null) {
        // A blob from a better day would hold an older key: it goes too.
        blobs.delete(accountId);
        return { storage: 'memory', note: reason };
      }
      blobs.put(accountId, safe.encryptString(secret));
      return { storage: 'os', note: null };
    },
    get(accountId) {
      const known = memory.get(accountId);
      if (known !== undefined) return known;
      const blob = blobs.get(accountId);
      if (!blob || !safe.isEncryptionAvailable()) return null;
      try {
        const secret = safe.decryptString(blob);
        memory.set(accountId, secret);
        return secret;
      } catch {
        // Encrypted under another user or keyring: as if it were not there.
        return null;
      }
    },
    describe,
    delete(accountId) {
      memory.delete(accountId);
      blobs.delete(accountId);
    },
  };
}
