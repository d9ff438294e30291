import { utilityProcess, type UtilityProcess } from 'electron';
import type { ChildExit, ProcessLauncher } from '../sandbox-process/launcher';

/**
 * Desktop: the sandbox in an Electron utility process (a Node process Chromium starts and
 * reaps, with a message port to this one), behind the launcher interface the supervisor uses.
 * Its `kill()` is SIGTERM; ending it at once is SIGKILL to its pid.
 */
export function utilityLauncher(serviceName = 'Kyrios Desk sandbox'): ProcessLauncher {
  return {
    kind: 'utility process',
    launch(entry) {
      const exitListeners: ((exit: ChildExit) => void)[] = [];
      let ended = false;
      const end = (exit: ChildExit) => {
        if (ended) return;
        ended = true;
        for (const listener of exitListeners) listener(exit);
      };
      let child: UtilityProcess;
      try {
        child = utilityProcess.fork(entry, [], { serviceName, stdio: 'inherit' });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        queueMicrotask(() => end({ code: null, signal: null, error: message }));
        return {
          pid: () => undefined,
          post: () => undefined,
          onMessage: () => undefined,
          onExit: (listener) => void exitListeners.push(listener),
          kill: () => undefined,
        };
      }
      let lastPid: number | undefined;
      child.once('spawn', () => (lastPid = child.pid));
      child.once('exit', (code) => end({ code, signal: null }));
      // A fatal V8 error: 'exit' follows; listening keeps it from being an unhandled event.
      child.on('error', () => undefined);
      return {
        pid: () => child.pid ?? lastPid,
        post(message) {
          if (!ended) child.postMessage(message);
        },
        onMessage: (listener) => void child.on('message', listener),
        onExit: (listener) => void exitListeners.push(listener),
        kill() {
          const pid = child.pid;
          if (pid === undefined) return void child.kill();
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        },
      };
    },
  };
}
