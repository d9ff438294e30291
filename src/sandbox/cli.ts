import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parseServerAddress, ServerAddressError, type ServerAddress } from '../dns/index';
import {
  DEFAULT_SERVICE_HOSTS,
  SERVICE_HOST_FLAGS,
  serviceHostProblem,
  type ServiceHosts,
} from './settings';
import { startSandbox } from './start';

const d = DEFAULT_SERVICE_HOSTS;
const USAGE = `Usage: npm run --silent sandbox -- [--port N] [--smtp-port N] [--mx-port N] [--data DIR]
                                  [--authoritative HOST:PORT]... [--resolver HOST:PORT]...
                                  [--spf-include HOST] [--return-path-host HOST] [--mx-host HOST]
                                  [--tracking-host HOST] [--dmarc-reports ADDRESS]
                                  [--dkim-selector SELECTOR] [--dedicated-ip IP]

Starts the Kyrios-compatible sandbox (HTTP API, SMTP submission, MX) and prints one JSON line when
ready:
{"api":"http://127.0.0.1:P","apiKey":"…","smtp":{"host":"127.0.0.1","port":P},"mx":{"host":"127.0.0.1","port":P}}

  --port N                  HTTP API port (0 picks a free one; default 4100)
  --smtp-port N             SMTP submission port (default 4587)
  --mx-port N               inbound MX port (default 4525)
  --data DIR                database, API key and TLS certificate (default ./.kyrios-data/sandbox)
  --authoritative IP[:PORT] verify every domain against this server (repeatable; default: each
                            zone's own servers)
  --resolver IP[:PORT]      resolver for verification (repeatable; default: the system's and
                            public ones)

The service's own names, which the records generated for a new domain point at (so a test or a
demo can publish matching records in its own DNS); domains added before keep their records:
  --spf-include HOST        SPF include (default ${d.spfInclude})
  --return-path-host HOST   return-path CNAME target (default ${d.returnPathHost})
  --mx-host HOST            MX target for inbound mail (default ${d.mxHost})
  --tracking-host HOST      tracking CNAME target (default ${d.trackingHost})
  --dmarc-reports ADDRESS   DMARC rua address (default ${d.dmarcReports})
  --dkim-selector SELECTOR  DKIM selector (default ${d.dkimSelector})
  --dedicated-ip IP         the account's dedicated IPv4 address (default ${d.dedicatedIp})`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function portOption(name: string, value: string | undefined, fallback: number): number {
  const port = Number(value ?? String(fallback));
  if (!/^\d+$/.test(value ?? String(fallback)) || port < 0 || port > 65535) {
    fail(`--${name} must be 0–65535, not "${value}".`);
  }
  return port;
}

function servers(name: string, values: string[] | undefined): ServerAddress[] | undefined {
  if (!values) return undefined;
  try {
    return values.map((v) => parseServerAddress(v));
  } catch (error) {
    if (error instanceof ServerAddressError) fail(`--${name}: ${error.message}.`);
    throw error;
  }
}

/** The host settings given on the command line; each is checked before anything starts. */
function serviceHosts(values: Record<string, unknown>): Partial<ServiceHosts> {
  const hosts: Partial<ServiceHosts> = {};
  for (const [key, flag] of Object.entries(SERVICE_HOST_FLAGS) as [keyof ServiceHosts, string][]) {
    const value = values[flag];
    if (typeof value !== 'string') continue;
    const problem = serviceHostProblem(key, value);
    if (problem) fail(`--${flag}: ${problem.replace(/\.$/, '')}.`);
    hosts[key] = value;
  }
  return hosts;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'smtp-port': { type: 'string' },
        'mx-port': { type: 'string' },
        data: { type: 'string' },
        authoritative: { type: 'string', multiple: true },
        resolver: { type: 'string', multiple: true },
        ...Object.fromEntries(
          Object.values(SERVICE_HOST_FLAGS).map((flag) => [flag, { type: 'string' } as const]),
        ),
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
  const port = portOption('port', values.port, 4100);
  const smtpPort = portOption('smtp-port', values['smtp-port'], 4587);
  const mxPort = portOption('mx-port', values['mx-port'], 4525);
  const authoritative = servers('authoritative', values.authoritative);
  const resolvers = servers('resolver', values.resolver);
  const hosts = serviceHosts(values);

  const sandbox = await startSandbox({
    dataDir: resolve(values.data ?? '.kyrios-data/sandbox'),
    port,
    smtpPort,
    mxPort,
    hosts,
    dns: {
      ...(authoritative ? { authoritative } : {}),
      ...(resolvers ? { resolvers } : {}),
    },
  });
  process.stdout.write(
    `${JSON.stringify({ api: sandbox.api, apiKey: sandbox.apiKey, smtp: sandbox.smtp, mx: sandbox.mx })}\n`,
  );

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
