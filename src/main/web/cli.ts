import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../app-core';
import { ConfigError, remoteAccountFromEnv } from '../config';
import { defaultDataDir } from '../paths';
import { APP_VERSION } from '../version';
import { openInBrowser } from './open-browser';
import { startWebServer } from './server';

const USAGE = `Usage: npm run --silent web -- [--port N] [--data DIR] [--open]

Runs Kyrios Desk in browser mode on 127.0.0.1 and prints one JSON line when ready:
{"url":"http://127.0.0.1:PORT/?token=…"}

  --port N     port to listen on (0 picks a free one; default 0)
  --data DIR   data folder (default: ${defaultDataDir()})
  --open       open the address in the system browser

Without KYRIOS_API_URL and KYRIOS_API_KEY in the environment it runs on the embedded sandbox.`;

export const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export interface WebModeArgs {
  port: number;
  dataDir: string;
  open: boolean;
}

export function parseWebArgs(argv: string[]): WebModeArgs | { help: true } | { error: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        open: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) return { help: true };
    const port = Number(values.port ?? '0');
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return { error: `--port must be a whole number from 0 to 65535, not "${values.port}".` };
    }
    return { port, dataDir: resolve(values.data ?? defaultDataDir()), open: values.open ?? false };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Starts browser mode; resolves once the server listens. Used by `npm run web` and `npm start`. */
export async function runWebMode(
  args: WebModeArgs,
  announce: 'json' | 'human' = 'json',
): Promise<void> {
  const core = await createAppCore({
    dataDir: args.dataDir,
    mode: 'browser',
    version: APP_VERSION,
    remote: remoteAccountFromEnv(),
  });
  const server = await startWebServer({ core, rendererDir: RENDERER_DIR, port: args.port });
  const summary = `Kyrios Desk (browser mode), account: ${core.info.account.label}; data in ${args.dataDir}. Ctrl+C stops it.`;
  if (announce === 'json') {
    process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
    process.stderr.write(`${summary}\n`);
  } else {
    process.stdout.write(`\nOpen Kyrios Desk at: ${server.url}\n${summary}\n`);
  }
  if (args.open) openInBrowser(server.url);

  const stop = () => {
    void server
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const args = parseWebArgs(argv);
  if ('help' in args) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    await runWebMode(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kyrios-desk: ${message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}
