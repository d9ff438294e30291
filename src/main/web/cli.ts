import { fileURLToPath } from 'node:url';
import { createAppCore } from '../app-core';
import { ConfigError, remoteAccountFromEnv } from '../config';
import { APP_ARGS_HELP, parseAppArgs, type AppArgs } from '../app-args';
import { forkLauncher } from '../sandbox-process/launcher';
import { APP_VERSION } from '../version';
import { openInBrowser } from './open-browser';
import { startWebServer } from './server';

const USAGE = `Usage: npm run --silent web -- [options]

Runs Kyrios Desk in browser mode on 127.0.0.1 and prints one JSON line when ready:
{"url":"http://127.0.0.1:PORT/?token=…"}

${APP_ARGS_HELP}

Without KYRIOS_API_URL and KYRIOS_API_KEY in the environment it runs on the embedded sandbox.`;

export const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));
/** The embedded sandbox's own process runs this (through tsx, like browser mode itself). */
export const SANDBOX_CHILD_ENTRY = fileURLToPath(
  new URL('../../sandbox/child.ts', import.meta.url),
);

export type WebModeArgs = AppArgs;
export const parseWebArgs = (argv: string[]) => parseAppArgs(argv);

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
    dns: args.dns,
    sandbox: args.sandbox,
    sandboxProcess: { launcher: forkLauncher(), entry: SANDBOX_CHILD_ENTRY },
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
