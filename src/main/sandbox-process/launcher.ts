import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { ToChild } from '../../sandbox/child-protocol';

/** How a launched process ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: string | null;
  /** It could not be started at all (no such file, no permission). */
  error?: string;
}

/**
 * One process started by a launcher. The supervisor sees only this, so it runs the same over a
 * Node child process (browser mode), an Electron utility process (desktop) or a fake in tests.
 */
export interface LaunchedChild {
  /** Known once it spawned (an Electron utility process reports it a moment later). */
  pid(): number | undefined;
  post(message: ToChild): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when it ended (or failed to start). */
  onExit(listener: (exit: ChildExit) => void): void;
  /** Ends it at once (SIGKILL): for a process that ignored `stop`, or at the app's own exit. */
  kill(): void;
}

export interface ProcessLauncher {
  /** How messages name it: "child process", "utility process". */
  readonly kind: string;
  launch(entry: string): LaunchedChild;
}

/** An entry still in TypeScript (browser mode and tests run the sources) loads through tsx. */
export function execArgvFor(entry: string): string[] {
  if (!/\.[cm]?ts$/.test(entry)) return [];
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

export function describeExit(exit: ChildExit): string {
  if (exit.error) return exit.error;
  if (exit.signal) return `signal ${exit.signal}`;
  return `exit code ${exit.code ?? '?'}`;
}

export interface ForkLauncherOptions {
  /** Each line the process writes to stdout or stderr; by default they go to this process's. */
  output?: (line: string) => void;
}

/** Browser mode: the sandbox in a Node child process (child_process.fork, JSON over IPC). */
export function forkLauncher(options: ForkLauncherOptions = {}): ProcessLauncher {
  return {
    kind: 'child process',
    launch(entry) {
      const child = fork(entry, [], {
        execArgv: execArgvFor(entry),
        stdio: options.output ? ['ignore', 'pipe', 'pipe', 'ipc'] : 'inherit',
        serialization: 'json',
      });
      if (options.output) {
        for (const stream of [child.stdout, child.stderr]) {
          if (stream) createInterface({ input: stream }).on('line', options.output);
        }
      }
      const exitListeners: ((exit: ChildExit) => void)[] = [];
      let ended = false;
      const end = (exit: ChildExit) => {
        if (ended) return;
        ended = true;
        for (const listener of exitListeners) listener(exit);
      };
      child.once('exit', (code, signal) => end({ code, signal }));
      // Spawning failed (then 'exit' may never come), or a message could not be sent: never an
      // unhandled 'error' event in the app.
      child.on('error', (error: Error) => {
        if (child.pid === undefined) end({ code: null, signal: null, error: error.message });
      });
      return {
        pid: () => child.pid,
        post(message) {
          if (child.connected) child.send(message, () => undefined);
        },
        onMessage: (listener) => void child.on('message', listener),
        onExit: (listener) => void exitListeners.push(listener),
        kill: () => void child.kill('SIGKILL'),
      };
    },
  };
}
