import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createSecretsRepo } from '../../../../src/main/db/secrets-repo';
import { createSafeStorageSecretStore } from '../../../../src/main/electron/secret-store';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

// Electron's safeStorage at its boundary: the backend Linux reports and encryption availability
// are set per test; "encryption" is a reversible transform the test can recognise.
const fake = vi.hoisted(() => ({
  backend: String('gnome_libsecret'),
  available: true,
  encrypted: [] as string[],
}));

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptString: (plain: string) => {
      fake.encrypted.push(plain);
      return Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`);
    },
    decryptString: (blob: Buffer) => {
      const text = blob.toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  },
}));

const KEY = 'kys_live_0123456789abcdef0123456789';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  fake.backend = 'gnome_libsecret';
  fake.available = true;
  fake.encrypted = [];
  temp = makeTempDir('kyrios-secrets-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'r1', kind: 'remote', label: 'R', baseUrl: 'http://x' });
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

function blobCount(): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM account_secrets').get() as { n: number }).n;
}

/** Every byte the app wrote to its data folder, to prove the key is in none of them. */
function everythingOnDisk(): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return readdirSync(temp.dir)
    .map((name) => readFileSync(join(temp.dir, name)).toString('latin1'))
    .join('\n');
}

describe('the safeStorage secret store', () => {
  it('on Linux basic_text writes nothing, keeps the key in memory and says why', () => {
    fake.backend = 'basic_text';
    const store = createSafeStorageSecretStore(createSecretsRepo(db), { platform: 'linux' });
    expect(store.persistence()).toMatchObject({ persistent: false });
    expect(store.persistence().reason).toMatch(/basic_text/);

    const kept = store.set('r1', KEY);
    expect(kept.storage).toBe('memory');
    expect(kept.note).toMatch(/as good as plain text/);
    expect(fake.encrypted).toEqual([]);
    expect(blobCount()).toBe(0);
    expect(everythingOnDisk()).not.toContain(KEY);
    expect(store.get('r1')).toBe(KEY);
    expect(store.describe('r1').storage).toBe('memory');

    // After a restart the key is gone, as the user was told.
    const restarted = createSafeStorageSecretStore(createSecretsRepo(db), { platform: 'linux' });
    expect(restarted.get('r1')).toBeNull();
    expect(restarted.describe('r1')).toEqual({ storage: 'none', note: null });
  });

  it('treats an unknown Linux backend, or no encryption at all, the same way', () => {
    fake.backend = 'unknown';
    const linux = createSafeStorageSecretStore(createSecretsRepo(db), { platform: 'linux' });
    expect(linux.set('r1', KEY).storage).toBe('memory');
    fake.backend = 'gnome_libsecret';
    fake.available = false;
    const mac = createSafeStorageSecretStore(createSecretsRepo(db), { platform: 'darwin' });
    expect(mac.set('r1', KEY)).toMatchObject({ storage: 'memory' });
    expect(blobCount()).toBe(0);
    expect(fake.encrypted).toEqual([]);
  });

  it('with a keyring, stores only the ciphertext and reads it back after a restart', () => {
    const store = createSafeStorageSecretStore(createSecretsRepo(db), { platform: 'linux' });
    expect(store.persistence()).toEqual({ persistent: true, reason: null });
    expect(store.set('r1', KEY)).toEqual({ storage: 'os', note: null });
    expect(fake.encrypted).toEqual([KEY]);
    expect(blobCount()).toBe(1);
    expect(everythingOnDisk()).not.toContain(KEY);

    const restarted = createSafeStorageSecretStore(createSecretsRepo(db), { platform: 'linux' });
    expect(restarted.describe('r1')).toEqual({ storage: 'os', note: null });
    expect(restarted.get('r1')).toBe(KEY);

    restarted.delete('r1');
    expect(blobCount()).toBe(0);
    expect(restarted.get('r1')).toBeNull();
  });

  it('drops an old blob when the keyring went away since, and ignores one it cannot decrypt', () => {
    const repo = createSecretsRepo(db);
    createSafeStorageSecretStore(repo, { platform: 'linux' }).set('r1', 'old-key');
    fake.backend = 'basic_text';
    createSafeStorageSecretStore(repo, { platform: 'linux' }).set('r1', KEY);
    expect(blobCount()).toBe(0);

    fake.backend = 'gnome_libsecret';
    repo.put('r1', Buffer.from('someone else’s ciphertext'));
    expect(createSafeStorageSecretStore(repo, { platform: 'linux' }).get('r1')).toBeNull();
  });
});
