import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import YAML from 'yaml';

// `npm run dist:check`, after `npm run dist` on the same machine: checks the packaged app that
// electron-builder left in dist/ for this OS. The fuses are those electron-builder.yml asks for,
// the app is an asar archive with better-sqlite3 and the icons unpacked beside it, and the
// packaged binary itself runs its self-test (src/main/desktop/self-test.ts): it loads the app
// from the archive, opens SQLite with the module rebuilt for Electron, starts the embedded
// sandbox and adds a domain. On Linux it needs a display (or `xvfb-run npm run dist:check`).

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** The fuse states of @electron/fuses' wire (ASCII '0' and '1', 'r' for a removed fuse). */
const ENABLED = 49;
const DISABLED = 48;

/** electron-builder.yml's electronFuses option names → the fuse wire's positions. */
export const FUSE_POSITIONS: Record<string, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

export interface BuilderConfig {
  productName: string;
  electronFuses: Record<string, boolean>;
  linux: { executableName: string };
}

export function readBuilderConfig(file = join(root, 'electron-builder.yml')): BuilderConfig {
  return YAML.parse(readFileSync(file, 'utf8')) as BuilderConfig;
}

/** What differs between a binary's fuse wire and the fuses asked for. */
export function fuseProblems(
  wire: Awaited<ReturnType<typeof getCurrentFuseWire>>,
  wanted: Record<string, boolean>,
): string[] {
  const problems: string[] = [];
  for (const [name, on] of Object.entries(wanted)) {
    const position = FUSE_POSITIONS[name];
    if (position === undefined) continue; // resetAdHocDarwinSignature: an action, not a fuse
    const state = (wire as unknown as Record<number, number | undefined>)[position];
    if (state !== (on ? ENABLED : DISABLED)) {
      const seen = state === ENABLED ? 'on' : state === DISABLED ? 'off' : 'absent';
      problems.push(`${name} is ${seen}, electron-builder.yml asks for ${on ? 'on' : 'off'}`);
    }
  }
  return problems;
}

export interface PackagedApp {
  /** What @electron/fuses reads: the executable, or the .app bundle on macOS. */
  fuseTarget: string;
  executable: string;
  /** The folder holding app.asar. */
  resources: string;
}

/** Where electron-builder's unpacked build for `platform` is, under `dist`. */
export function findPackagedApp(
  dist: string,
  platform: NodeJS.Platform,
  config: BuilderConfig,
): PackagedApp | null {
  if (platform === 'darwin') {
    const folder = existsSync(dist)
      ? readdirSync(dist).find((name) => /^mac(-[a-z0-9]+)?$/.test(name))
      : undefined;
    if (!folder) return null;
    const app = join(dist, folder, `${config.productName}.app`);
    return {
      fuseTarget: app,
      executable: join(app, 'Contents', 'MacOS', config.productName),
      resources: join(app, 'Contents', 'Resources'),
    };
  }
  const dir = join(dist, platform === 'win32' ? 'win-unpacked' : 'linux-unpacked');
  const executable = join(
    dir,
    platform === 'win32' ? `${config.productName}.exe` : config.linux.executableName,
  );
  if (!existsSync(executable)) return null;
  return { fuseTarget: executable, executable, resources: join(dir, 'resources') };
}

interface Check {
  what: string;
  problems: string[];
}

async function checkPackage(): Promise<Check[]> {
  const config = readBuilderConfig();
  const app = findPackagedApp(join(root, 'dist'), process.platform, config);
  if (!app) {
    return [{ what: 'packaged app in dist/', problems: ['not found: run `npm run dist` first'] }];
  }
  const checks: Check[] = [];
  const wire = await getCurrentFuseWire(app.fuseTarget);
  checks.push({ what: 'fuses', problems: fuseProblems(wire, config.electronFuses) });

  const unpacked = join(app.resources, 'app.asar.unpacked');
  const expected = [
    join(app.resources, 'app.asar'),
    join(unpacked, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    join(unpacked, 'resources', 'icons', '512x512.png'),
    join(unpacked, 'resources', 'tray', 'tray.png'),
  ];
  checks.push({
    what: 'asar archive, better-sqlite3 and icons unpacked',
    problems: [
      ...expected.filter((file) => !existsSync(file)).map((file) => `missing ${file}`),
      ...(existsSync(join(app.resources, 'app')) ? ['a loose resources/app folder'] : []),
    ],
  });

  const run = spawnSync(app.executable, ['--self-test'], { encoding: 'utf8', timeout: 120_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const problems: string[] = [];
  if (!line) {
    problems.push(`no report (exit ${run.status}): ${run.stderr.trim().slice(-400)}`);
  } else {
    const report = JSON.parse(line) as { ok: boolean; electron: string | null; error?: string };
    if (!report.ok) problems.push(`self-test failed: ${report.error ?? line}`);
    if (report.electron !== electronVersion) {
      problems.push(`ran on Electron ${report.electron}, expected ${electronVersion}`);
    }
  }
  checks.push({ what: 'the packaged app runs its self-test', problems });
  return checks;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const checks = await checkPackage();
  for (const check of checks) {
    process.stdout.write(`${check.problems.length === 0 ? '✓' : '✗'} ${check.what}\n`);
    for (const problem of check.problems) process.stdout.write(`    ${problem}\n`);
  }
  process.exit(checks.every((c) => c.problems.length === 0) ? 0 : 1);
}
