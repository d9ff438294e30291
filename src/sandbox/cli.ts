import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startSandbox } from './start';

const USAGE = `Usage: npm run --silent sandbox -- [--port N] [--data DIR]

Starts the Kyrios-compatible sandbox service and prints one JSON line when ready:
{"api":"http://127.0.0.1:PORT","apiKey":"…"}

  --port N     HTTP API port (0 picks a free one; default 4100)
  --data DIR   where the sandbox keeps its database and API key (default ./.kyrios-data/sandbox)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? '4100');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be 0–65535, not "${values.port}".`);

  const sandbox = await startSandbox({
    dataDir: resolve(values.data ?? '.kyrios-data/sandbox'),
    port,
  });
  process.stdout.write(`${JSON.stringify({ api: sandbox.api, apiKey: sandbox.apiKey })}\n`);

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
