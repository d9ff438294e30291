import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { utilityLauncher } from '../../../../src/main/electron/utility-launcher';
import { execArgvFor, type ChildExit } from '../../../../src/main/sandbox-process/launcher';
import {
  startSupervisedSandbox,
  type SandboxProcessState,
} from '../../../../src/main/sandbox-process/supervisor';
import { prepareSender, SANDBOX_CHILD } from '../../helpers/sandbox-process';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// The desktop launcher over a fake `electron` whose utilityProcess.fork starts a real Node process
// with process.parentPort the way Electron gives it (test/fixtures/electron-parent-port.mjs): the
// adapter's mapping (messages, exit, SIGKILL by pid, a fork that throws, a fatal 'error' event),
// and the supervisor and the sandbox child running over it.

const SHIM = pathToFileURL(
  fileURLToPath(new URL('../../../fixtures/electron-parent-port.mjs', import.meta.url)),
).href;

const fake = vi.hoisted(() => ({
  forks: [] as { entry: string; args: string[]; options: unknown; process: EventEmitter }[],
  forkThrows: null as Error | null,
}));

vi.mock('electron', () => ({
  utilityProcess: {
    fork(entry: string, args: string[], options: unknown) {
      if (fake.forkThrows) throw fake.forkThrows;
      // Electron's UtilityProcess: 'spawn', 'message', 'exit' (a code), postMessage, kill, pid.
      const child: ChildProcess = fork(entry, args, {
        execArgv: [...execArgvFor(entry), '--import', SHIM],
        stdio: 'inherit',
      });
      const emitter = Object.assign(new EventEmitter(), {
        get pid() {
          return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
        },
        postMessage: (message: unknown) => child.send(message as object),
        kill: () => child.kill('SIGTERM'),
      });
      child.once('spawn', () => emitter.emit('spawn'));
      child.on('message', (message) => emitter.emit('message', message));
      child.once('exit', (code, signal) => emitter.emit('exit', code ?? (signal ? 137 : 1)));
      fake.forks.push({ entry, args, options, process: emitter });
      return emitter;
    },
  },
}));

const cleanup = createCleanup();
beforeEach(() => {
  fake.forks = [];
  fake.forkThrows = null;
});
afterEach(() => cleanup.run());

describe('the utility process launcher', () => {
  it('runs the sandbox child under the supervisor, restarting it after SIGKILL, stopping it on close', async () => {
    const temp = makeTempDir('kyrios-utility-');
    cleanup.add(() => temp.remove());
    await prepareSender(temp.dir);
    const sandbox = await startSupervisedSandbox({
      launcher: utilityLauncher(),
      entry: SANDBOX_CHILD,
      options: { dataDir: temp.dir, dns: { authoritative: [], resolvers: [] } },
      backoff: { minMs: 50, maxMs: 500 },
      log: () => undefined,
    });
    cleanup.add(() => sandbox.close());
    expect(fake.forks[0]).toMatchObject({
      entry: SANDBOX_CHILD,
      args: [],
      options: { serviceName: 'Kyrios Desk sandbox', stdio: 'inherit' },
    });
    expect((await fetch(`${sandbox.api}/health`)).status).toBe(200);
    const { stats } = await sandbox.stats();
    expect(stats.smtp.submission.sessions).toBe(0);

    const back = new Promise<SandboxProcessState>((resolve) => {
      const off = sandbox.subscribe((state) => {
        if (state.status !== 'running') return;
        off();
        resolve(state);
      });
    });
    process.kill(sandbox.pid() ?? 0, 'SIGKILL');
    expect(await back).toMatchObject({ status: 'running', restarts: 1 });
    expect(fake.forks).toHaveLength(2);
    expect((await fetch(`${sandbox.api}/health`)).status).toBe(200);

    const exited = once(fake.forks[1]?.process ?? new EventEmitter(), 'exit');
    await sandbox.close();
    // Asked to stop, it closed its servers and exited by itself (code 0, not a signal).
    expect(await exited).toEqual([0]);
  });

  it('ends a process at once with SIGKILL to its pid, and reports the exit once', async () => {
    const launched = utilityLauncher().launch(SANDBOX_CHILD);
    const exits: ChildExit[] = [];
    const exited = new Promise<void>((resolve) =>
      launched.onExit((exit) => {
        exits.push(exit);
        resolve();
      }),
    );
    await once(fake.forks[0]?.process ?? new EventEmitter(), 'spawn');
    launched.kill();
    await exited;
    expect(exits).toEqual([{ code: 137, signal: null }]);
    // A fatal error report from Electron is listened to: it is not an unhandled 'error' event.
    expect(() => fake.forks[0]?.process.emit('error', 'FatalError', 'here', '{}')).not.toThrow();
  });

  it('reports a fork that throws as an exit with its reason', async () => {
    fake.forkThrows = new Error('utilityProcess.fork before app ready');
    const launched = utilityLauncher().launch(SANDBOX_CHILD);
    const exit = await new Promise<ChildExit>((resolve) => launched.onExit(resolve));
    expect(exit).toEqual({
      code: null,
      signal: null,
      error: 'utilityProcess.fork before app ready',
    });
    expect(launched.pid()).toBeUndefined();
  });
});
