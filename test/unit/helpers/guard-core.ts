import { createAppCore, type AppCore, type AppCoreOptions } from '../../../src/main/app-core';
import type {
  Channel,
  EventName,
  EventPayload,
  RequestOf,
  ResponseOf,
} from '../../../src/shared/contract';
import type { Domain } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/errors';
import type { RunningSandbox } from '../../../src/sandbox/start';
import { makeTempDir, type Cleanup } from './temp-dir';

export interface Pushed {
  name: EventName;
  payload: unknown;
}

/** Every push of a core, in order, and a way to wait for one. */
export function recordEvents(core: Pick<AppCore, 'events'>) {
  const list: Pushed[] = [];
  const waiters: { name: EventName; match: (p: unknown) => boolean; resolve(p: unknown): void }[] =
    [];
  core.events.subscribe((name, payload) => {
    list.push({ name, payload });
    for (const w of [...waiters]) {
      if (w.name === name && w.match(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  return {
    list,
    of<E extends EventName>(name: E): EventPayload<E>[] {
      return list.filter((p) => p.name === name).map((p) => p.payload as EventPayload<E>);
    },
    /** The next push of `name` matching `match` (or one already seen, when `seen` is true). */
    next<E extends EventName>(
      name: E,
      match: (payload: EventPayload<E>) => boolean = () => true,
      timeoutMs = 15_000,
    ): Promise<EventPayload<E>> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${name} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          name,
          match: match as (p: unknown) => boolean,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p as EventPayload<E>);
          },
        });
      });
    },
    clear(): void {
      list.length = 0;
    },
  };
}

export function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Calls a channel and returns its value, failing the test on an error result. */
export async function call<C extends Channel>(
  core: Pick<AppCore, 'dispatch'>,
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  return valueOf<ResponseOf<C>>(await core.dispatch(channel, request));
}

/**
 * A real app core over a temp folder with its background timers off unless asked for, and no DNS
 * servers at all unless given (checks and verification fail fast and never leave the machine).
 */
export async function startGuardCore(
  cleanup: Cleanup,
  options: Partial<AppCoreOptions> = {},
): Promise<{ core: AppCore; dataDir: string; pushed: ReturnType<typeof recordEvents> }> {
  let dataDir = options.dataDir;
  if (!dataDir) {
    const temp = makeTempDir('kyrios-guard-core-');
    cleanup.add(() => temp.remove());
    dataDir = temp.dir;
  }
  const core = await createAppCore({
    mode: 'browser',
    version: '0.0.0-test',
    background: { enabled: false },
    dns: { authoritative: [], resolvers: [] },
    ...options,
    dataDir,
  });
  cleanup.add(() => core.close());
  return { core, dataDir, pushed: recordEvents(core) };
}

/** The core's embedded sandbox, which runs in the test's own process unless told otherwise. */
export function inProcessSandbox(core: Pick<AppCore, 'sandbox'>): RunningSandbox {
  const sandbox = core.sandbox;
  if (!sandbox || !('store' in sandbox)) throw new Error('no embedded sandbox in this process');
  return sandbox;
}

/** The sandbox's account id for its key. */
export function sandboxAccountId(sandbox: RunningSandbox): string {
  const account = sandbox.store.accounts.accountForKey(sandbox.apiKey);
  if (!account) throw new Error('no sandbox account');
  return account.id;
}

/** Marks a domain verified in the sandbox as if every record had passed, and refreshes the app. */
export async function verifyInSandbox(
  core: AppCore,
  sandbox: RunningSandbox,
  domain: Domain,
): Promise<void> {
  sandbox.store.domains.applyVerification(
    sandboxAccountId(sandbox),
    domain.id,
    domain.records.map((r) => ({ recordId: r.id, status: 'pass', codes: ['ok'] })),
  );
  await call(core, 'domains:list', {});
}

/**
 * Counts `n` more accepted recipients for an SMTP user, as SMTP submission does (the same store
 * transaction), without sending mail: the daily-limit rule applies exactly as it would.
 */
export function sendThrough(sandbox: RunningSandbox, userId: string, n: number): number {
  const accountId = sandboxAccountId(sandbox);
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    const result = sandbox.store.sending.reserve(accountId, userId);
    if (!result.ok) break;
    accepted += 1;
  }
  return accepted;
}
