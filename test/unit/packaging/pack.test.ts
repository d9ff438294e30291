import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackagedApp, fuseProblems, readBuilderConfig } from '../../../scripts/check-package';
import { appIconFile, resourcesDir, trayIconFile } from '../../../src/main/desktop/resources-path';

// electron-builder packs the app for real, with electron-builder.yml, around a stand-in for
// Electron's binary (a file with the fuse wire Electron ships, which cannot be downloaded here):
// the archive, what is unpacked beside it, the production dependencies and the fuses are then
// what the packaged app will have. Only running it needs the real binary (`npm run dist:check`).

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A copy of a tree whose files are hard links to the originals: instant, and nothing is written. */
function linkTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else linkSync(source, target);
  }
}

let work: string;
let packed: { status: number | null; output: string };

beforeAll(() => {
  // Under the project (same file system): node_modules is linked in file by file, which a
  // symbolic link would not do (electron-builder resolves dependencies by real path).
  mkdirSync(join(root, '.cache'), { recursive: true });
  work = mkdtempSync(join(root, '.cache', 'pack-test-'));
  const project = join(work, 'project');
  mkdirSync(project);
  for (const name of ['package.json', 'electron-builder.yml']) {
    cpSync(join(root, name), join(project, name));
  }
  cpSync(join(root, 'resources'), join(project, 'resources'), { recursive: true });
  linkTree(join(root, 'node_modules'), join(project, 'node_modules'));

  const electronDist = join(work, 'electron');
  mkdirSync(electronDist);
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n'),
      Buffer.from(SENTINEL),
      Buffer.from([1, 8]),
      Buffer.from('10110001'),
    ]),
  );
  chmodSync(join(electronDist, 'electron'), 0o755);

  const env = { ...process.env, NODE_ENV: 'production' };
  const build = spawnSync(
    process.execPath,
    [
      join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'),
      'build',
      '--outDir',
      join(project, 'out'),
    ],
    { cwd: root, env, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`electron-vite build: ${build.stderr}`);

  const builder = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      // No headers to rebuild against here; the rebuild is the one step left to `npm run dist`.
      '--config.npmRebuild=false',
      `--config.electronDist=${electronDist}`,
      `--config.directories.output=${join(work, 'dist')}`,
    ],
    { cwd: project, env: { ...env, CI: 'true' }, encoding: 'utf8', timeout: 240_000 },
  );
  packed = { status: builder.status, output: `${builder.stdout}\n${builder.stderr}` };
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function app() {
  const found = findPackagedApp(join(work, 'dist'), 'linux', readBuilderConfig());
  if (!found) throw new Error(`no packaged app:\n${packed.output}`);
  return found;
}

describe('electron-builder with electron-builder.yml, around a stand-in Electron', () => {
  it('packs without an error, where npm run dist:check will look', () => {
    expect(packed.status, packed.output).toBe(0);
    expect(app().executable).toBe(join(work, 'dist', 'linux-unpacked', 'kyrios-desk'));
  });

  it('puts the app in an asar archive: main, the sandbox child, preload, renderer, package.json', () => {
    const asar = join(app().resources, 'app.asar');
    const files = listPackage(asar, { isPack: false });
    for (const path of [
      '/out/main/index.js',
      // The embedded sandbox's utility process starts from this entry.
      '/out/main/sandbox-child.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      expect(files).toContain(path);
    }
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as Record<string, string>;
    expect(pkg).toMatchObject({ productName: 'Kyrios Desk', main: 'out/main/index.js' });
    expect(existsSync(join(app().resources, 'app'))).toBe(false);
  });

  it('ships every production dependency but the TypeScript runner', () => {
    const files = listPackage(join(app().resources, 'app.asar'), { isPack: false });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of Object.keys(pkg.dependencies)) {
      const shipped = files.includes(`/node_modules/${name}/package.json`);
      expect(shipped, name).toBe(name !== 'tsx');
    }
    expect(files.some((f) => f.startsWith('/node_modules/esbuild/'))).toBe(false);
  });

  it('unpacks better-sqlite3 (its binary only) and the icons where the main process looks', () => {
    const unpacked = join(app().resources, 'app.asar.unpacked');
    const sqlite = join(unpacked, 'node_modules', 'better-sqlite3');
    expect(existsSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(sqlite, 'lib', 'index.js'))).toBe(true);
    expect(existsSync(join(sqlite, 'deps'))).toBe(false);
    expect(existsSync(join(sqlite, 'src'))).toBe(false);
    // What src/main/electron/main.ts computes from app.getAppPath() when packaged.
    const resources = resourcesDir(join(app().resources, 'app.asar'), true);
    expect(existsSync(appIconFile(resources))).toBe(true);
    for (const icon of ['normal', 'attention', 'offline'] as const) {
      expect(existsSync(trayIconFile(resources, 'linux', icon)), icon).toBe(true);
    }
  });

  it('flips the fuses electron-builder.yml asks for', async () => {
    const wire = await getCurrentFuseWire(app().fuseTarget);
    expect(fuseProblems(wire, readBuilderConfig().electronFuses)).toEqual([]);
  });
});
