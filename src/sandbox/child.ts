import { ToChild, type FromChild } from './child-protocol';
import { startSandbox, type RunningSandbox } from './start';

/**
 * The embedded sandbox in a process of its own, started and watched by the app's supervisor
 * (src/main/sandbox-process): an Electron utility process in the desktop app, a Node child
 * process in browser mode. Whatever a network peer does to this process, the app's own stays up.
 *
 * It starts on the `start` message, answers `stats`, stops on `stop` or SIGTERM, and exits by
 * itself when the app is gone (its IPC channel closes, or the app's pid no longer runs), so no
 * sandbox is ever left behind, even when the app was killed with SIGKILL.
 */

interface ParentChannel {
  post(message: FromChild): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the channel to the app closes (Node child processes only). */
  onClosed(listener: () => void): void;
}

/** Electron's `process.parentPort` in a utility process. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentChannel(): ParentChannel | null {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      post: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      onClosed: () => undefined,
    };
  }
  if (typeof process.send === 'function') {
    return {
      post: (message) => {
        if (process.connected) process.send?.(message);
      },
      onMessage: (listener) => process.on('message', listener),
      onClosed: (listener) => process.once('disconnect', listener),
    };
  }
  return null;
}

const PARENT_CHECK_MS = 500;
/** A sandbox that cannot close in this long is left to process exit. */
const CLOSE_DEADLINE_MS = 5_000;

/** Whether a process runs (signal 0 checks without sending anything). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

function main(): void {
  const parent = parentChannel();
  if (!parent) {
    process.stderr.write('sandbox child: start it from Kyrios Desk (no channel to a parent).\n');
    process.exit(2);
  }
  let sandbox: RunningSandbox | undefined;
  let started = false;
  let stopping = false;

  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), CLOSE_DEADLINE_MS).unref();
    void (sandbox ? sandbox.close() : Promise.resolve())
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };

  // The app gone without a word (SIGKILL, a crash): its pid stops running, or this process is
  // handed to another parent. Checked twice a second; the timer does not keep the process alive.
  const watchParent = (parentPid: number): void => {
    const firstParent = process.ppid;
    const timer = setInterval(() => {
      const orphaned = firstParent === parentPid && process.ppid !== parentPid;
      if (orphaned || !running(parentPid)) {
        process.stderr.write('sandbox child: the app is gone; stopping.\n');
        stop(0);
      }
    }, PARENT_CHECK_MS);
    timer.unref();
  };

  parent.onClosed(() => stop(0));
  process.once('SIGTERM', () => stop(0));
  // Ctrl+C in a terminal reaches the whole process group: the app stops this process itself,
  // after its own server, instead of seeing it vanish first and starting it again.
  process.on('SIGINT', () => undefined);

  parent.onMessage((raw) => {
    const parsed = ToChild.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        if (started) return;
        started = true;
        watchParent(message.parentPid);
        startSandbox(message.options).then(
          (running) => {
            sandbox = running;
            if (stopping) return void running.close();
            parent.post({
              type: 'ready',
              pid: process.pid,
              api: running.api,
              apiKey: running.apiKey,
              smtp: running.smtp,
              mx: running.mx,
            });
          },
          (error: unknown) => {
            const text = error instanceof Error ? error.message : String(error);
            parent.post({ type: 'failed', message: text });
            stop(1);
          },
        );
        return;
      case 'stats':
        if (sandbox) {
          parent.post({
            type: 'stats',
            id: message.id,
            stats: sandbox.stats(),
            rss: process.memoryUsage.rss(),
          });
        }
        return;
      case 'stop':
        stop(0);
        return;
    }
  });
}

main();
