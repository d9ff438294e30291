import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

// How `npm start` and `npm run dev` decide between the desktop app and browser mode: the same
// rule for both, so they fall back alike and say why alike.

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

export type ElectronLookup = { path: string; version: string } | { reason: string };

export type LaunchMode =
  | {
      mode: 'desktop';
      electron: { path: string; version: string };
      binding: string;
      argv: string[];
    }
  | { mode: 'browser'; reason: string; argv: string[] };

export const BROWSER_SWITCH = '--browser';

/**
 * Desktop where Electron's binary can be had and better-sqlite3 built for it, browser mode
 * otherwise (or when `--browser` asks for it), with the one-line reason to print.
 */
export function chooseLaunchMode(
  argv: readonly string[],
  deps: {
    findElectron: () => ElectronLookup;
    /** better_sqlite3.node for that Electron; throws when it cannot be built. */
    electronSqlite: (version: string) => string;
  },
): LaunchMode {
  if (argv.includes(BROWSER_SWITCH)) {
    return {
      mode: 'browser',
      reason: `Browser mode requested (${BROWSER_SWITCH})`,
      argv: argv.filter((a) => a !== BROWSER_SWITCH),
    };
  }
  const electron = deps.findElectron();
  if ('reason' in electron) return { mode: 'browser', reason: electron.reason, argv: [...argv] };
  try {
    return {
      mode: 'desktop',
      electron,
      binding: deps.electronSqlite(electron.version),
      argv: [...argv],
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      mode: 'browser',
      reason: `The desktop app cannot open its database: ${why}`,
      argv: [...argv],
    };
  }
}

function installedElectron(): string | null {
  try {
    // The electron package exports its binary's path (ELECTRON_OVERRIDE_DIST_PATH moves it).
    const path = require('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Finds Electron's binary, downloading it once where that is possible. */
export function findElectron(): ElectronLookup {
  const version = (require('electron/package.json') as { version: string }).version;
  let path = installedElectron();
  if (path) return { path, version };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return {
      reason: `Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set`,
    };
  }
  process.stderr.write(`Getting Electron ${version}'s binary (once)…\n`);
  const install = spawnSync(
    process.execPath,
    [join(dirname(require.resolve('electron/package.json')), 'install.js')],
    { cwd: root, encoding: 'utf8', timeout: 300_000 },
  );
  path = installedElectron();
  if (path) return { path, version };
  const detail =
    /(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN)[^\n]*/.exec(install.stderr ?? '')?.[0] ??
    `exit ${install.status}`;
  return {
    reason: `Electron's binary is not installed and could not be downloaded (${detail.trim()})`,
  };
}
