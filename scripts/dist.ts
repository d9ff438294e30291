import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

// `npm run dist`: the installers, with electron-builder (configuration: electron-builder.yml).
// Arguments go to electron-builder: none builds this machine's targets, `--linux`, `--mac` or
// `--win` choose. Needs Electron's binary and its headers (electron-builder fetches both); then
// `npm run dist:check` checks the packaged app.

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

function bin(pkg: string, path: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), path);
}

/** Whether node_modules' better-sqlite3 opens a database in plain Node (the tests' runtime). */
function sqliteLoadsInNode(): boolean {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    { cwd: root, stdio: 'ignore' },
  );
  return probe.status === 0;
}

let status = run(process.execPath, [bin('electron-vite', 'bin/electron-vite.js'), 'build']);
if (status === 0) {
  status = run(process.execPath, [bin('electron-builder', 'cli.js'), ...process.argv.slice(2)]);
}
// electron-builder rebuilds better-sqlite3 for Electron in node_modules itself; the tests (and
// browser mode) run on Node, so Node's build is put back.
if (!sqliteLoadsInNode()) {
  process.stderr.write(
    'Rebuilding better-sqlite3 for Node again (electron-builder left Electron’s)…\n',
  );
  if (run('npm', ['rebuild', 'better-sqlite3']) !== 0) status ||= 1;
}
process.exit(status);
