import { startSandbox, type RunningSandbox } from '../../src/sandbox/start';
import type { DnsFixture } from '../fixtures/dns';
import { tempDataDir } from './harness';

const DAY_MS = 86_400_000;

export interface RemoteSandbox {
  readonly api: string;
  readonly apiKey: string;
  readonly sandbox: RunningSandbox;
  /** The environment that makes browser mode use this sandbox as its (remote) account. */
  env: NodeJS.ProcessEnv;
  /** Moves the sandbox's clock by `ms` (negative: into the past). */
  shift(ms: number): void;
  /** Moves the sandbox's clock just past its next UTC midnight: a fresh daily count. */
  nextUtcDay(): void;
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Kyrios sandbox in the test process, reached by the app over HTTP like any remote account.
 * In-process because only here can its clock be moved (the CLI takes no clock), which is what
 * crossing a UTC day needs; it can also be stopped and started again on the same ports.
 */
export async function startRemoteSandbox(dns: DnsFixture): Promise<RemoteSandbox> {
  const data = tempDataDir('kyrios-e2e-remote-');
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const server = { host: dns.host, port: dns.port };
  const options = {
    dataDir: data.dir,
    now,
    dns: { authoritative: [server], resolvers: [server], timeoutMs: 500, tries: 1 },
  };
  let running = await startSandbox({ ...options, port: 0 });
  const ports = {
    port: Number(new URL(running.api).port),
    smtpPort: running.smtp.port,
    mxPort: running.mx.port,
  };
  let up = true;
  return {
    get api() {
      return running.api;
    },
    get apiKey() {
      return running.apiKey;
    },
    get sandbox() {
      return running;
    },
    env: {
      KYRIOS_API_URL: running.api,
      KYRIOS_API_KEY: running.apiKey,
      KYRIOS_ACCOUNT_LABEL: 'Remote Kyrios',
    },
    shift(ms) {
      offset += ms;
    },
    nextUtcDay() {
      const at = now();
      const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
      offset += midnight - at.getTime() + 60_000;
    },
    async stop() {
      up = false;
      await running.close();
    },
    async start() {
      running = await startSandbox({ ...options, ...ports });
      up = true;
    },
    async close() {
      if (up) await running.close();
      up = false;
      data.remove();
    },
  };
}

export { DAY_MS };
