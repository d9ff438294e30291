import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const output = join(root, 'out/renderer/index.html');
const inputs = ['src/renderer', 'src/shared', 'vite.renderer.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (max, name) => Math.max(max, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

/** Whether out/renderer is missing or older than any of its sources. */
export function rendererIsStale(): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some(
    (input) => existsSync(join(root, input)) && newestMtime(join(root, input)) > built,
  );
}

/**
 * Builds the renderer for browser mode when it is missing or stale. Logs go to stderr, so commands
 * that print one JSON line on stdout stay parseable.
 */
export async function ensureRenderer(force = false): Promise<void> {
  if (!force && !rendererIsStale()) return;
  process.stderr.write('Building the Kyrios Desk interface…\n');
  const started = Date.now();
  // Loaded only to build: importing vite takes about 0.6 s, which every start of browser mode
  // (and every e2e test's own app) would otherwise pay for a check of a few file times.
  const [{ build }, { rendererConfig }] = await Promise.all([
    import('vite'),
    import('../vite.renderer.config'),
  ]);
  // Always the production build: vitest sets NODE_ENV=test, which would otherwise give React's
  // development bundle to tests and to a later `npm run web` that finds it fresh.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      ...rendererConfig,
      mode: 'production',
      logLevel: 'warn',
      configFile: false,
      customLogger: undefined,
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  process.stderr.write(`Interface built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureRenderer(process.argv.includes('--force')).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
