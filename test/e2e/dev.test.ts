import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { WebSocket } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrowserDev } from '../../scripts/web-dev';
import { chromiumPerFile, tempDataDir } from './harness';

// `npm run dev` where Electron's binary cannot be had: browser mode on Vite's dev server, whose
// hot reload reaches the page over a WebSocket on loopback, under the page's own CSP.

const root = resolve(import.meta.dirname, '../..');
const chromium = chromiumPerFile();
const dirs: ReturnType<typeof tempDataDir>[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));
function dataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir.dir;
}

/** A page whose CSP violations and errors are kept, and whose HMR socket is watched. */
async function openDevPage(url: string) {
  const page = await chromium.browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const frames: string[] = [];
  const waiters: { match: (text: string) => boolean; found: (text: string) => void }[] = [];
  const socket = new Promise<WebSocket>((found) =>
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        const text = String(payload);
        frames.push(text);
        for (const w of waiters.filter((w) => w.match(text))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.found(text);
        }
      });
      found(ws);
    }),
  );
  await page.goto(url);
  await page.getByRole('heading', { name: 'Dedicated Domain And IP' }).waitFor();
  await page.getByRole('button', { name: 'Add Domain' }).waitFor();
  return {
    page,
    problems,
    frames,
    socket: await socket,
    /** The first HMR message matching `match`, already come or still to come. */
    frame: (match: (text: string) => boolean): Promise<string> => {
      const seen = frames.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((found) => waiters.push({ match, found }));
    },
  };
}

describe('npm run dev without an Electron binary', () => {
  it('says why in one line, serves the working app on loopback, with hot reload connected', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/dev.ts'), '--data', dataDir()],
      {
        cwd: root,
        env: {
          ...process.env,
          ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
          ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'no-electron-')),
          DISPLAY: '',
          WAYLAND_DISPLAY: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const lines: string[] = [];
      const url = await new Promise<string>((found, fail) => {
        child.once('exit', (code) =>
          fail(new Error(`npm run dev exited ${code}: ${lines.join('\n')}`)),
        );
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          const match = /^Open Kyrios Desk at: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(
            line,
          );
          if (match?.[1]) found(match[1]);
        });
      });
      expect(lines[0]).toBe(
        "Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: browser mode with Vite's hot reload instead.",
      );
      const { page, problems, socket, frame } = await openDevPage(url);
      // Vite's hot reload channel, on the page's own loopback address.
      expect(socket.url().startsWith(`ws://${new URL(url).host}/`)).toBe(true);
      expect(await frame((f) => f.includes('"type":"connected"'))).toBeTruthy();
      // Calls and pushes went through Vite to the app's server: a domain added shows up.
      await page.getByRole('button', { name: 'Add Domain' }).click();
      await page.getByRole('textbox', { name: 'Domain name' }).fill('dev.example.com');
      await page.getByRole('button', { name: 'Add & Verify' }).click();
      await page.getByText('dev.example.com').first().waitFor();
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('hot-reloads a changed component into the page without reloading it', async () => {
    const dev = await startBrowserDev({
      dataDir: dataDir(),
      port: 0,
      dns: { authoritative: [], resolvers: [] },
      sandbox: {},
    });
    try {
      const { page: app, problems, frames, frame } = await openDevPage(dev.url);
      // A component module the page loaded whose exports are all components: React Refresh
      // swaps it in place.
      const modules = await app.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
      );
      const component = modules.find((path) => {
        if (!/^\/[a-z]+\/[A-Z][A-Za-z]+\.tsx$/.test(path)) return false;
        const source = readFileSync(join(root, 'src/renderer', path), 'utf8');
        const exports = source.match(/^export .*$/gm) ?? [];
        return exports.length > 0 && exports.every((e) => /^export function [A-Z]/.test(e));
      });
      if (!component) throw new Error(`no component module among ${modules.join(', ')}`);
      await app.evaluate(() => {
        (window as unknown as { kept: string }).kept = 'still here';
      });

      // What Vite's file watcher reports when the file is saved.
      const fetched = app.waitForRequest((r) => r.url().includes(`${component}?t=`));
      dev.vite.watcher.emit('change', join(root, 'src/renderer', component));
      await frame((f) => f.includes('"type":"update"') && f.includes(component));
      await fetched;
      await app.getByRole('heading', { name: 'Dedicated Domain And IP' }).waitFor();
      expect(frames.some((f) => f.includes('"type":"full-reload"'))).toBe(false);
      expect(await app.evaluate(() => (window as unknown as { kept?: string }).kept)).toBe(
        'still here',
      );
      expect(problems).toEqual([]);
      await app.close();
    } finally {
      await dev.close();
    }
  });
});
