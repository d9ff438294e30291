import { FromChild, type ChildReady, type ChildSandboxOptions } from '../../sandbox/child-protocol';
import type { SandboxStats } from '../../sandbox/start';
import { systemTimers, type TimerHandle, type Timers } from '../services/timers';
import { describeExit, type LaunchedChild, type ProcessLauncher } from './launcher';

/** Where the supervised sandbox is now. */
export type SandboxProcessState =
  | { status: 'starting' }
  | { status: 'running'; pid: number; since: string; restarts: number }
  /**
   * It stopped without being asked. `nextAt`: when the next start is tried (null while it runs);
   * `error`: why the last restart failed, if one did.
   */
  | {
      status: 'restarting';
      attempt: number;
      cause: string;
      nextAt: string | null;
      error: string | null;
    }
  | { status: 'stopped' };

export interface SupervisorOptions {
  launcher: ProcessLauncher;
  /** The child's entry: src/sandbox/child.ts (sources) or its bundle (desktop). */
  entry: string;
  options: ChildSandboxOptions;
  /** First wait before a restart, doubling per failed attempt up to maxMs (default 250 ms → 30 s). */
  backoff?: { minMs: number; maxMs: number };
  /** Up this long, a sandbox that stops again starts over from the first wait (default 60 s). */
  stableMs?: number;
  /** A start that does not report ready in this long is killed and counts as failed (60 s). */
  readyTimeoutMs?: number;
  /** How long `close` waits after asking it to stop, before SIGKILL (default 8 s). */
  stopTimeoutMs?: number;
  timers?: Timers;
  /** One line per start, stop and restart (default stderr). */
  log?: (line: string) => void;
}

export interface SupervisedSandbox {
  /** The addresses, the same across restarts (a restart reuses the first start's ports). */
  readonly api: string;
  readonly apiKey: string;
  readonly smtp: { host: string; port: number };
  readonly mx: { host: string; port: number };
  /** The process now, if one runs. */
  pid(): number | undefined;
  state(): SandboxProcessState;
  subscribe(listener: (state: SandboxProcessState) => void): () => void;
  /** Its counts of broken sessions and its resident memory, asked over IPC. */
  stats(): Promise<{ stats: SandboxStats; rss: number }>;
  /** Asks it to stop and waits until it has (SIGKILL past stopTimeoutMs). */
  close(): Promise<void>;
}

const STATS_TIMEOUT_MS = 5_000;

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * The one small supervisor of the embedded sandbox, the same for both launchers. It starts the
 * sandbox in its own process and resolves once it is ready; when that process stops without being
 * asked, it starts it again on the same ports and data folder, after 250 ms, 500 ms, 1 s … up to
 * 30 s between failed attempts, and reports every step as a state the app shows. Closing it stops
 * the process; if this process exits without closing it, the child is killed on the way out (and
 * the child itself exits once this process is gone, whatever the way: see src/sandbox/child.ts).
 */
export async function startSupervisedSandbox(
  options: SupervisorOptions,
): Promise<SupervisedSandbox> {
  const timers = options.timers ?? systemTimers;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const { minMs, maxMs } = options.backoff ?? { minMs: 250, maxMs: 30_000 };
  const stableMs = options.stableMs ?? 60_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 8_000;

  let state: SandboxProcessState = { status: 'starting' };
  const listeners = new Set<(state: SandboxProcessState) => void>();
  const setState = (next: SandboxProcessState) => {
    state = next;
    for (const listener of [...listeners]) listener(next);
  };

  let child: LaunchedChild | null = null;
  let alive = false;
  let closing = false;
  let restartTimer: TimerHandle | null = null;
  let readyAt = 0;
  let attempt = 0;
  let restarts = 0;
  let nextStatsId = 1;
  const statsWaiters = new Map<number, (reply: Extract<FromChild, { type: 'stats' }>) => void>();
  const exitWaiters: (() => void)[] = [];
  let fixed: ChildSandboxOptions = options.options;

  // This process leaving without close() (process.exit, an uncaught error) takes the child along.
  const killOnExit = () => child?.kill();
  process.once('exit', killOnExit);

  /** Starts one process; resolves when it is ready, rejects when it ends before. */
  function launch(): Promise<ChildReady> {
    return new Promise((resolve, reject) => {
      const launched = options.launcher.launch(options.entry);
      child = launched;
      alive = true;
      let ready = false;
      let failure: string | null = null;
      const timeout = timers.setTimeout(() => {
        failure = `not ready within ${Math.round(readyTimeoutMs / 1000)} s`;
        launched.kill();
      }, readyTimeoutMs);
      launched.onMessage((raw) => {
        const parsed = FromChild.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'ready' && !ready) {
          ready = true;
          timers.clearTimeout(timeout);
          resolve(message);
        } else if (message.type === 'failed') failure = message.message;
        else if (message.type === 'stats') statsWaiters.get(message.id)?.(message);
      });
      launched.onExit((exit) => {
        timers.clearTimeout(timeout);
        if (child === launched) {
          alive = false;
          for (const resolveExit of exitWaiters.splice(0)) resolveExit();
        }
        if (!ready)
          reject(new Error(failure ?? `it stopped (${describeExit(exit)}) before it was ready`));
        else if (!closing) stoppedUnasked(describeExit(exit));
      });
      launched.post({ type: 'start', options: fixed, parentPid: process.pid });
    });
  }

  function running(ready: ChildReady): void {
    readyAt = timers.now().getTime();
    setState({
      status: 'running',
      pid: ready.pid,
      since: new Date(readyAt).toISOString(),
      restarts,
    });
  }

  function stoppedUnasked(cause: string): void {
    // A sandbox that ran for a while starts over from the shortest wait.
    if (timers.now().getTime() - readyAt >= stableMs) attempt = 0;
    attempt += 1;
    log(`kyrios-desk: the embedded sandbox stopped unexpectedly (${cause})`);
    scheduleRestart(cause, null);
  }

  function scheduleRestart(cause: string, error: string | null): void {
    const delay = Math.min(maxMs, minMs * 2 ** (attempt - 1));
    const nextAt = new Date(timers.now().getTime() + delay).toISOString();
    setState({ status: 'restarting', attempt, cause, nextAt, error });
    restartTimer = timers.setTimeout(() => {
      restartTimer = null;
      if (closing) return;
      setState({ status: 'restarting', attempt, cause, nextAt: null, error });
      launch().then(
        (ready) => {
          restarts += 1;
          log(
            `kyrios-desk: the embedded sandbox runs again (pid ${ready.pid}, attempt ${attempt})`,
          );
          running(ready);
        },
        (failed: unknown) => {
          if (closing) return;
          const why = failed instanceof Error ? failed.message : String(failed);
          log(`kyrios-desk: restarting the embedded sandbox failed: ${why}`);
          attempt += 1;
          scheduleRestart(cause, why);
        },
      );
    }, delay);
  }

  let first: ChildReady;
  try {
    first = await launch();
  } catch (error) {
    process.removeListener('exit', killOnExit);
    setState({ status: 'stopped' });
    throw error;
  }
  // Restarts come back where apps and the app itself expect the service: the same ports.
  fixed = {
    ...options.options,
    port: portOf(first.api),
    smtpPort: first.smtp.port,
    mxPort: first.mx.port,
  };
  running(first);

  const whenExited = (): Promise<void> =>
    alive ? new Promise((resolve) => exitWaiters.push(resolve)) : Promise.resolve();
  let closed: Promise<void> | undefined;

  return {
    api: first.api,
    apiKey: first.apiKey,
    smtp: first.smtp,
    mx: first.mx,
    pid: () => (alive ? child?.pid() : undefined),
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats() {
      const current = child;
      if (!current || state.status !== 'running') {
        return Promise.reject(new Error('The embedded sandbox is not running.'));
      }
      const id = nextStatsId++;
      return new Promise((resolve, reject) => {
        const timeout = timers.setTimeout(() => {
          statsWaiters.delete(id);
          reject(new Error('The embedded sandbox did not answer.'));
        }, STATS_TIMEOUT_MS);
        statsWaiters.set(id, (reply) => {
          statsWaiters.delete(id);
          timers.clearTimeout(timeout);
          resolve({ stats: reply.stats, rss: reply.rss });
        });
        current.post({ type: 'stats', id });
      });
    },
    close() {
      closed ??= (async () => {
        closing = true;
        if (restartTimer) timers.clearTimeout(restartTimer);
        const current = child;
        if (current && alive) {
          const exited = whenExited();
          current.post({ type: 'stop' });
          const timer = timers.setTimeout(() => current.kill(), stopTimeoutMs);
          await exited;
          timers.clearTimeout(timer);
        }
        process.removeListener('exit', killOnExit);
        setState({ status: 'stopped' });
      })();
      return closed;
    },
  };
}
