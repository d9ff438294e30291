import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseServerAddress, ServerAddressError, type ServerAddress } from '../dns';
import { defaultDataDir } from './paths';

/** Options every way of running the app takes (`npm start`, `npm run web`, the Electron main). */
export interface AppArgs {
  port: number;
  dataDir: string;
  open: boolean;
  dns: { authoritative?: ServerAddress[]; resolvers?: ServerAddress[] };
  /** Ports for the embedded sandbox's SMTP submission and MX listeners (0 or absent: free ones). */
  sandbox: { smtpPort?: number; mxPort?: number; dedicatedIp?: string };
}

export const APP_ARGS_HELP = `  --port N                 port to listen on in browser mode (0 picks a free one; default 0)
  --data DIR               data folder (default: ${defaultDataDir()})
  --authoritative IP[:P]   ask this server as the authoritative truth (repeatable)
  --resolver IP[:P]        use this resolver instead of the system's and public ones (repeatable)
  --smtp-port N            the embedded sandbox's SMTP submission port (default: a free one)
  --mx-port N              the embedded sandbox's inbound MX port (default: a free one)
  --dedicated-ip IP        the dedicated IP the embedded sandbox reports (default 192.0.2.10)
  --open                   open the address in the system browser (browser mode)`;

const OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  open: { type: 'boolean' },
  authoritative: { type: 'string', multiple: true },
  resolver: { type: 'string', multiple: true },
  'smtp-port': { type: 'string' },
  'mx-port': { type: 'string' },
  'dedicated-ip': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function servers(values: string[] | undefined, flag: string): ServerAddress[] | undefined {
  if (!values) return undefined;
  return values.map((value) => {
    try {
      return parseServerAddress(value);
    } catch (error) {
      const why = error instanceof ServerAddressError ? error.message : String(error);
      throw new Error(`${flag} ${why}`, { cause: error });
    }
  });
}

function portOf(value: unknown, flag: string): number {
  const text = typeof value === 'string' ? value : '0';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`${flag} must be a whole number from 0 to 65535, not "${text}".`);
  }
  return port;
}

/**
 * Parses the shared options. `strict: false` is for Electron, whose argv also carries Chromium's
 * switches; everywhere else an unknown option is an error.
 */
export function parseAppArgs(
  argv: string[],
  { strict = true }: { strict?: boolean } = {},
): AppArgs | { help: true } | { error: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: OPTIONS,
      strict,
      allowPositionals: !strict,
    });
    if (values.help === true) return { help: true };
    const port = portOf(values.port, '--port');
    const smtpPort = portOf(values['smtp-port'], '--smtp-port');
    const mxPort = portOf(values['mx-port'], '--mx-port');
    const authoritative = servers(values.authoritative as string[] | undefined, '--authoritative');
    const resolvers = servers(values.resolver as string[] | undefined, '--resolver');
    const dedicatedIp = typeof values['dedicated-ip'] === 'string' ? values['dedicated-ip'] : '';
    if (dedicatedIp && isIP(dedicatedIp) === 0) {
      throw new Error(`--dedicated-ip must be an IPv4 or IPv6 address, not "${dedicatedIp}".`);
    }
    return {
      port,
      dataDir: resolve(typeof values.data === 'string' ? values.data : defaultDataDir()),
      open: values.open === true,
      dns: { ...(authoritative ? { authoritative } : {}), ...(resolvers ? { resolvers } : {}) },
      sandbox: {
        ...(smtpPort ? { smtpPort } : {}),
        ...(mxPort ? { mxPort } : {}),
        ...(dedicatedIp ? { dedicatedIp } : {}),
      },
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
