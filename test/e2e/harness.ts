import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's Chromium unless CHROME_PATH says otherwise. A missing browser fails the run, never skips it. */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: install Debian's chromium (apt-get install -y chromium) or set CHROME_PATH.`,
    );
  }
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

/**
 * One Chromium for a test file, launched before its first test and closed after its last; each
 * test opens its own context on it. Call at the top level of the file.
 */
export function chromiumPerFile(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not running: use it inside a test or a hook.');
      return browser;
    },
  };
}

export function tempDataDir(prefix = 'kyrios-e2e-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface WebApp {
  /** The browser-mode process (its embedded sandbox runs in a child of it). */
  pid: number;
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
  stderr(): string;
}

/**
 * Browser mode exactly as `npm run --silent web -- --port 0 --data DIR` runs it, in its own process:
 * resolves with the one JSON line it prints when ready.
 */
export function startWebApp(
  dataDir: string,
  { env = {}, args = [] }: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<WebApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/web.ts'), '--port', '0', '--data', dataDir, ...args],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web mode did not start in time:\n${errors}`)),
      45_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}:\n${errors}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      const parsed = new URL(url);
      resolveReady({
        pid: child.pid ?? 0,
        url,
        origin: parsed.origin,
        token: parsed.searchParams.get('token') ?? '',
        stderr: () => errors,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

export interface FreshWebApp {
  /** The app as it runs now (a new one after `restart`). */
  readonly app: WebApp;
  readonly dataDir: string;
  /** Stops the app and starts it again on the same data folder. */
  restart(): Promise<WebApp>;
  /** Stops the app and removes its data folder. */
  close(): Promise<void>;
}

/**
 * Browser mode on a data folder of its own, new and empty: what each e2e test starts from (in a
 * `beforeEach`, closed in the `afterEach`), so no test depends on what another one left behind.
 */
export async function startFreshWebApp(
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<FreshWebApp> {
  const data = tempDataDir();
  let app: WebApp;
  try {
    app = await startWebApp(data.dir, options);
  } catch (error) {
    data.remove();
    throw error;
  }
  return {
    get app() {
      return app;
    },
    dataDir: data.dir,
    async restart() {
      await app.stop();
      app = await startWebApp(data.dir, options);
      return app;
    },
    async close() {
      await app.stop();
      data.remove();
    },
  };
}

/** A fresh browser context with clipboard access, as a user's own window would have. */
export async function newContext(
  browser: Browser,
  origin: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 820 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

export const ARTIFACTS = join(root, 'test-results', 'screenshots');
