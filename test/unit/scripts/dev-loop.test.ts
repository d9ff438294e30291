import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseLaunchMode, findElectron } from '../../../scripts/launch-mode';
import { API_ROUTES } from '../../../scripts/web-dev';
import { channelPath } from '../../../src/main/web/server';
import { CHANNELS } from '../../../src/shared/contract';
import { RENDERER_CSP, rendererCsp } from '../../../src/shared/csp';
import { devCsp } from '../../../vite.renderer.config';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

const cleanup = createCleanup();
function tempDir(prefix: string): string {
  const temp = makeTempDir(prefix);
  cleanup.add(() => temp.remove());
  return temp.dir;
}

afterEach(async () => {
  await cleanup.run();
  vi.unstubAllEnvs();
  // The electron package reads ELECTRON_OVERRIDE_DIST_PATH when it is loaded.
  delete require.cache[require.resolve('electron')];
});

const never = () => {
  throw new Error('should not be asked');
};

describe('npm start and npm run dev: desktop or browser mode', () => {
  it('browser mode when asked for, without looking for Electron', () => {
    expect(
      chooseLaunchMode(['--data', '/d', '--browser'], {
        findElectron: never,
        electronSqlite: never,
      }),
    ).toEqual({
      mode: 'browser',
      reason: 'Browser mode requested (--browser)',
      argv: ['--data', '/d'],
    });
  });

  it("browser mode, saying why, where Electron's binary cannot be had", () => {
    expect(
      chooseLaunchMode(['--data', '/d'], {
        findElectron: () => ({ reason: "Electron's binary is not installed" }),
        electronSqlite: never,
      }),
    ).toEqual({
      mode: 'browser',
      reason: "Electron's binary is not installed",
      argv: ['--data', '/d'],
    });
  });

  it('browser mode where better-sqlite3 cannot be built for Electron', () => {
    expect(
      chooseLaunchMode([], {
        findElectron: () => ({ path: '/e/electron', version: '40.10.2' }),
        electronSqlite: () => {
          throw new Error('node-gyp exited 1');
        },
      }),
    ).toEqual({
      mode: 'browser',
      reason: 'The desktop app cannot open its database: node-gyp exited 1',
      argv: [],
    });
  });

  it('the desktop app where both can be had', () => {
    expect(
      chooseLaunchMode(['--data', '/d'], {
        findElectron: () => ({ path: '/e/electron', version: '40.10.2' }),
        electronSqlite: (version) => `/cache/electron-${version}/better_sqlite3.node`,
      }),
    ).toEqual({
      mode: 'desktop',
      electron: { path: '/e/electron', version: '40.10.2' },
      binding: '/cache/electron-40.10.2/better_sqlite3.node',
      argv: ['--data', '/d'],
    });
  });

  it('asks the electron package where its binary is: absent here, found once it is there', () => {
    const version = (require('electron/package.json') as { version: string }).version;
    const empty = tempDir('no-electron-');
    vi.stubEnv('ELECTRON_SKIP_BINARY_DOWNLOAD', '1');
    vi.stubEnv('ELECTRON_OVERRIDE_DIST_PATH', empty);
    expect(findElectron()).toEqual({
      reason: "Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set",
    });

    delete require.cache[require.resolve('electron')];
    const dist = tempDir('electron-dist-');
    const binary = join(dist, process.platform === 'win32' ? 'electron.exe' : 'electron');
    writeFileSync(binary, '');
    chmodSync(binary, 0o755);
    vi.stubEnv('ELECTRON_OVERRIDE_DIST_PATH', dist);
    expect(findElectron()).toEqual({ path: binary, version });
  });
});

describe("browser mode's dev server", () => {
  it("hands every contract route on to the app's server, and none of the renderer's modules", () => {
    const routes = new RegExp(API_ROUTES);
    for (const channel of CHANNELS) expect(routes.test(channelPath(channel)), channel).toBe(true);
    expect(routes.test('/api/events')).toBe(true);
    // Vite serves the renderer's modules at their path under src/renderer (an `api/` folder's
    // files would be at /api/…): none of them may be taken for a contract route.
    const modules = readdirSync(join(root, 'src/renderer'), { recursive: true, encoding: 'utf8' });
    expect(modules).toContain(join('shell', 'api.ts'));
    for (const file of modules) {
      const path = `/${file.split(sep).join('/')}`;
      expect(routes.test(path), path).toBe(false);
      expect(routes.test(`${path}?t=1`), path).toBe(false);
    }
  });

  it('admits inline scripts and styles by a nonce in development, and nothing else', () => {
    expect(rendererCsp()).toBe(RENDERER_CSP);
    const dev = rendererCsp('abc123');
    expect(dev.split('; ')).toEqual(
      RENDERER_CSP.split('; ').map((d) =>
        d.startsWith('script-src') || d.startsWith('style-src') ? `${d} 'nonce-abc123'` : d,
      ),
    );
    expect(dev).not.toMatch(/unsafe/);
  });

  it("puts the development policy in index.html, and says so if the page's policy moved", () => {
    const plugin = devCsp('n0nce');
    expect(plugin.apply).toBe('serve');
    const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8');
    const transform = plugin.transformIndexHtml as (html: string) => string;
    expect(transform(html)).toContain(`content="${rendererCsp('n0nce')}"`);
    expect(() => transform('<html></html>')).toThrow(/RENDERER_CSP/);
  });
});
