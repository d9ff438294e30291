import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseWebArgs, runWebMode } from '../src/main/web/cli';
import { ensureElectronSqlite } from './electron-native';
import { ensureRenderer } from './ensure-renderer';
import { chooseLaunchMode, findElectron } from './launch-mode';

// `npm start`: the desktop app where Electron's binary can be had, browser mode where it cannot.

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

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
  const launch = chooseLaunchMode(process.argv.slice(2), {
    findElectron,
    electronSqlite: ensureElectronSqlite,
  });
  if (launch.mode === 'browser') return startBrowserMode(launch.reason, launch.argv);
  const { electron, binding, argv } = launch;
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
