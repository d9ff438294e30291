import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, tempDataDir } from './harness';

const root = resolve(import.meta.dirname, '../..');
const data = tempDataDir();
afterAll(() => data.remove());

describe('npm start without an Electron binary', () => {
  it('says why, starts browser mode, and serves the working app', async () => {
    // ELECTRON_OVERRIDE_DIST_PATH pointing at an empty folder makes the binary absent on any machine.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/start.ts'), '--data', data.dir],
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
          fail(new Error(`npm start exited ${code}: ${lines.join('\n')}`)),
        );
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          const match = /^Open Kyrios Desk at: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(
            line,
          );
          if (match?.[1]) found(match[1]);
        });
      });
      expect(lines[0]).toMatch(
        /^Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set\.$/,
      );
      expect(lines[1]).toContain('browser mode');

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(url);
        await page.getByRole('heading', { name: 'Dedicated Domain And IP' }).waitFor();
        await page.getByRole('button', { name: 'Add Domain' }).waitFor();
      } finally {
        await browser.close();
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
