import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/**
 * better-sqlite3 compiled against Electron's ABI, kept beside (not instead of) the Node build in
 * node_modules, so `npm test` on Node and the desktop app both work from one checkout. Built once per
 * Electron version, platform and arch, into .cache/electron-native/. Needs Electron's headers, which
 * node-gyp downloads from electronjs.org: available wherever Electron's own binary could be.
 */
export function ensureElectronSqlite(electronVersion: string): string {
  const target = join(
    root,
    '.cache',
    'electron-native',
    `electron-${electronVersion}-${process.platform}-${process.arch}`,
  );
  const binding = join(target, 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'kyrios-sqlite-electron-'));
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${source}/build`) });
    const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
    const env = { ...process.env };
    // A nodedir set for Node builds (as on our machines) would compile against Node's headers.
    delete env.npm_config_nodedir;
    delete env.NPM_CONFIG_NODEDIR;
    process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion} (once)…\n`);
    const result = spawnSync(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
        '--runtime=electron',
      ],
      { cwd: work, env, stdio: ['ignore', process.stderr, process.stderr] },
    );
    if (result.status !== 0) {
      throw new Error(
        `better-sqlite3 could not be built for Electron ${electronVersion} (node-gyp exited ${result.status}).`,
      );
    }
    mkdirSync(target, { recursive: true });
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), binding);
    return binding;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
