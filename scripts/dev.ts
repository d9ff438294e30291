import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseWebArgs } from '../src/main/web/cli';
import { openInBrowser } from '../src/main/web/open-browser';
import { ensureElectronSqlite } from './electron-native';
import { chooseLaunchMode, findElectron } from './launch-mode';
import { startBrowserDev } from './web-dev';

// `npm run dev`: electron-vite's dev server where Electron's binary can be had (the window
// reloads with the renderer's changes, main and preload are rebuilt and the app restarted);
// browser mode with Vite's hot reload where it cannot, decided as `npm start` decides.

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

async function main(): Promise<void> {
  const launch = chooseLaunchMode(process.argv.slice(2), {
    findElectron,
    electronSqlite: ensureElectronSqlite,
  });
  if (launch.mode === 'desktop') {
    const cli = join(
      dirname(require.resolve('electron-vite/package.json')),
      'bin',
      'electron-vite.js',
    );
    const child = spawn(process.execPath, [cli, 'dev', '--watch', '--', ...launch.argv], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KYRIOS_SQLITE_BINDING: launch.binding },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  const args = parseWebArgs(launch.argv);
  if ('help' in args || 'error' in args) {
    process.stderr.write(
      `${'error' in args ? args.error : ''}\nUsage: npm run dev -- [--browser] [--port N] [--data DIR]\n`,
    );
    process.exit(2);
  }
  process.stdout.write(`${launch.reason}: browser mode with Vite's hot reload instead.\n`);
  const dev = await startBrowserDev(args);
  process.stdout.write(
    `Open Kyrios Desk at: ${dev.url}\nAccount: ${dev.core.info.account.label}; data in ${args.dataDir}. Ctrl+C stops it.\n`,
  );
  openInBrowser(dev.url);
  const stop = () => {
    void dev.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kyrios-desk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
