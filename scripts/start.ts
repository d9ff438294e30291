import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseWebArgs, runWebMode } from '../src/main/web/cli';
import { ensureElectronSqlite } from './electron-native';
import { ensureRenderer } from './ensure-renderer';

// `npm start`: the desktop app where Electron's binary can be had, browser mode where it cannot.

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

type ElectronLookup = { path: string; version: string } | { reason: string };

function findElectron(): string | null {
  try {
    const path = require('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Finds Electron's binary, downloading it once where that is possible. */
function getElectron(): ElectronLookup {
  const version = (require('electron/package.json') as { version: string }).version;
  let path = findElectron();
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
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  path = findElectron();
  if (path) return { path, version };
  const detail =
    /(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN)[^\n]*/.exec(install.stderr ?? '')?.[0] ??
    `exit ${install.status}`;
  return {
    reason: `Electron's binary is not installed and could not be downloaded (${detail.trim()})`,
  };
}

async function startBrowserMode(reason: string, argv: string[]): Promise<void> {
  const args = parseWebArgs(argv);
  if ('help' in args || 'error' in args) {
    process.stderr.write(
      `${'error' in args ? args.error : ''}\nUsage: npm start -- [--browser] [--port N] [--data DIR]\n`,
    );
    process.exit(2);
  }
  process.stdout.write(
    `${reason}.\nStarting Kyrios Desk in browser mode instead: the same app, in your browser.\n`,
  );
  await ensureRenderer();
  await runWebMode({ ...args, open: true }, 'human');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--browser')) {
    return startBrowserMode(
      'Browser mode requested (--browser)',
      argv.filter((a) => a !== '--browser'),
    );
  }
  const electron = getElectron();
  if ('reason' in electron) return startBrowserMode(electron.reason, argv);

  let binding: string;
  try {
    binding = ensureElectronSqlite(electron.version);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return startBrowserMode(`The desktop app cannot open its database: ${why}`, argv);
  }
  const build = spawnSync(
    process.execPath,
    [
      join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'),
      'build',
    ],
    {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(electron.path, [root, ...argv], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KYRIOS_SQLITE_BINDING: binding },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  process.stderr.write(`kyrios-desk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
