import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox/start';
import type { Cleanup } from './temp-dir';
import { makeTempDir } from './temp-dir';

export interface TestSandbox {
  sandbox: RunningSandbox;
  dataDir: string;
  /** A request to the sandbox API with its key, unless `key` says otherwise (null: no header). */
  request: (path: string, init?: SandboxRequest) => Promise<Response>;
}

export interface SandboxRequest {
  method?: string;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  key?: string | null;
  headers?: Record<string, string>;
}

export function sandboxRequest(api: string, apiKey: string) {
  return (path: string, init: SandboxRequest = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? apiKey : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${api}${path}`, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
    });
  };
}

/**
 * No DNS servers at all: verification (also the first one in "Add & Verify") finds every record
 * `lookup_failed` at once and never leaves the machine. Tests that verify pass their own `dns`.
 */
export const OFFLINE_DNS = { authoritative: [], resolvers: [] } satisfies SandboxOptions['dns'];

/**
 * A real sandbox on 127.0.0.1 (API, SMTP and MX on free ports) over its own temp data folder;
 * stopped and removed by cleanup. `options` overrides the defaults (e.g. `dns`, `now`).
 */
export async function startTestSandbox(
  cleanup: Cleanup,
  dataDir?: string,
  options: Partial<SandboxOptions> = {},
): Promise<TestSandbox> {
  let dir = dataDir;
  if (!dir) {
    const temp = makeTempDir('kyrios-sandbox-');
    cleanup.add(() => temp.remove());
    dir = temp.dir;
  }
  const sandbox = await startSandbox({ dns: OFFLINE_DNS, ...options, dataDir: dir, port: 0 });
  let closed = false;
  const close = sandbox.close.bind(sandbox);
  const running: RunningSandbox = {
    ...sandbox,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
  cleanup.add(() => running.close());
  return { sandbox: running, dataDir: dir, request: sandboxRequest(sandbox.api, sandbox.apiKey) };
}
