import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCoreOptions } from '../app-core';

/** The switch that runs the self-test instead of the app (`npm run dist:check` uses it). */
export const SELF_TEST_SWITCH = '--self-test';

export interface SelfTestReport {
  ok: boolean;
  version: string;
  /** The runtime the app ran on: Electron's version and its Node ABI. */
  electron: string | null;
  modules: string;
  /** What the core did: its database, the embedded sandbox and a domain added and listed. */
  account?: string;
  domains?: number;
  error?: string;
}

/**
 * What a packaged app must be able to do before anyone opens it: load its code (from the asar
 * archive, as the fuses demand), open its SQLite database with the better-sqlite3 built for this
 * runtime, start the embedded sandbox on loopback (in its own process, as the app does, when given
 * `sandboxProcess`) and answer the contract. Runs in a fresh temporary folder, never the user's
 * data, and without any window.
 */
export async function runSelfTest(options: {
  version: string;
  versions: NodeJS.ProcessVersions;
  nativeBinding?: string;
  sandboxProcess?: AppCoreOptions['sandboxProcess'];
}): Promise<SelfTestReport> {
  const base = {
    version: options.version,
    electron: options.versions.electron ?? null,
    modules: options.versions.modules,
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'kyrios-self-test-'));
  try {
    const core = await createAppCore({
      dataDir,
      mode: 'desktop',
      version: options.version,
      background: { enabled: false },
      dns: { authoritative: [], resolvers: [] },
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.sandboxProcess ? { sandboxProcess: options.sandboxProcess } : {}),
    });
    try {
      const added = await core.dispatch('domains:add', { name: 'self-test.example' });
      const listed = await core.dispatch('domains:list', {});
      if (!added.ok) throw new Error(`domains:add: ${added.error.message}`);
      if (!listed.ok) throw new Error(`domains:list: ${listed.error.message}`);
      const { domains } = listed.value as { domains: unknown[] };
      return {
        ...base,
        ok: domains.length === 1,
        account: core.info.account.kind,
        domains: domains.length,
      };
    } finally {
      await core.close();
    }
  } catch (error) {
    return { ...base, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
