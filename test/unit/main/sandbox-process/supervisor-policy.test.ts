import { afterEach, describe, expect, it } from 'vitest';
import type {
  ChildExit,
  LaunchedChild,
  ProcessLauncher,
} from '../../../../src/main/sandbox-process/launcher';
import { sandboxDownReason } from '../../../../src/main/sandbox-process/status-text';
import {
  startSupervisedSandbox,
  type SandboxProcessState,
} from '../../../../src/main/sandbox-process/supervisor';
import type { ToChild } from '../../../../src/sandbox/child-protocol';
import { createFakeTimers } from '../../helpers/fake-timers';

// The supervisor's policy with a launcher the test drives and a fake clock: when it restarts, how
// long it waits, what it reports, when it gives a stuck process SIGKILL. (The real processes are
// in supervisor.test.ts.)

interface FakeChild extends LaunchedChild {
  posted: ToChild[];
  killed: boolean;
  /** Left running on `stop`, like a process stuck in its shutdown. */
  ignoreStop: boolean;
  ready(pid: number): void;
  say(message: unknown): void;
  exit(exit: ChildExit): void;
}

function fakeLauncher() {
  const launched: FakeChild[] = [];
  const launcher: ProcessLauncher = {
    kind: 'fake',
    launch() {
      const messageListeners: ((m: unknown) => void)[] = [];
      const exitListeners: ((e: ChildExit) => void)[] = [];
      let pid: number | undefined;
      const child: FakeChild = {
        posted: [],
        killed: false,
        ignoreStop: false,
        pid: () => pid,
        post(message) {
          child.posted.push(message);
          if (message.type === 'stop' && !child.ignoreStop) {
            queueMicrotask(() => child.exit({ code: 0, signal: null }));
          }
        },
        onMessage: (l) => void messageListeners.push(l),
        onExit: (l) => void exitListeners.push(l),
        kill() {
          child.killed = true;
          child.exit({ code: null, signal: 'SIGKILL' });
        },
        say: (message) => messageListeners.forEach((l) => l(message)),
        ready(n) {
          pid = n;
          child.say({
            type: 'ready',
            pid: n,
            api: 'http://127.0.0.1:4100',
            apiKey: 'kys_fake',
            smtp: { host: '127.0.0.1', port: 4587 },
            mx: { host: '127.0.0.1', port: 4525 },
          });
        },
        exit: (exit) => exitListeners.forEach((l) => l(exit)),
      };
      launched.push(child);
      return child;
    },
  };
  return { launcher, launched };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function started() {
  const clock = createFakeTimers('2026-05-01T10:00:00.000Z');
  const { launcher, launched } = fakeLauncher();
  const states: SandboxProcessState[] = [];
  const lines: string[] = [];
  const starting = startSupervisedSandbox({
    launcher,
    entry: 'child.js',
    options: { dataDir: '/data/sandbox' },
    timers: clock.timers,
    log: (line) => lines.push(line),
  });
  launched[0]?.ready(101);
  const sandbox = await starting;
  sandbox.subscribe((state) => states.push(state));
  stops.push(() => sandbox.close());
  return { clock, launched, sandbox, states, lines };
}

describe('the supervisor', () => {
  it('starts the child with its options and the app pid, then reports it running', async () => {
    const { launched, sandbox } = await started();
    expect(launched[0]?.posted[0]).toEqual({
      type: 'start',
      options: { dataDir: '/data/sandbox' },
      parentPid: process.pid,
    });
    expect(sandbox.state()).toMatchObject({ status: 'running', pid: 101, restarts: 0 });
    expect(sandbox.api).toBe('http://127.0.0.1:4100');
  });

  it('restarts a child that stopped unasked on the same ports, waiting 250 ms, 500 ms, 1 s… between failures', async () => {
    const { clock, launched, sandbox, states, lines } = await started();
    launched[0]?.exit({ code: null, signal: 'SIGKILL' });
    expect(sandbox.state()).toMatchObject({
      status: 'restarting',
      attempt: 1,
      cause: 'signal SIGKILL',
      error: null,
    });
    expect(clock.waiting()).toContain(250);
    await clock.advance(250);
    expect(launched).toHaveLength(2);
    // The restart reuses the ports of the first start: apps and the app itself keep the address.
    expect(launched[1]?.posted[0]).toMatchObject({
      type: 'start',
      options: { dataDir: '/data/sandbox', port: 4100, smtpPort: 4587, mxPort: 4525 },
    });
    // It fails to start (say, its port is taken): the next try waits twice as long.
    launched[1]?.say({ type: 'failed', message: 'listen EADDRINUSE: 127.0.0.1:4100' });
    launched[1]?.exit({ code: 1, signal: null });
    await clock.flush();
    expect(sandbox.state()).toMatchObject({
      status: 'restarting',
      attempt: 2,
      error: 'listen EADDRINUSE: 127.0.0.1:4100',
    });
    expect(clock.waiting()).toContain(500);
    await clock.advance(500);
    launched[2]?.exit({ code: 1, signal: null });
    await clock.flush();
    expect(clock.waiting()).toContain(1000);
    await clock.advance(1000);
    launched[3]?.ready(104);
    await clock.flush();
    expect(sandbox.state()).toMatchObject({ status: 'running', pid: 104, restarts: 1 });
    expect(states.map((s) => s.status)).toEqual([
      'restarting',
      'restarting',
      'restarting',
      'restarting',
      'restarting',
      'restarting',
      'running',
    ]);
    expect(lines).toEqual([
      'kyrios-desk: the embedded sandbox stopped unexpectedly (signal SIGKILL)',
      'kyrios-desk: restarting the embedded sandbox failed: listen EADDRINUSE: 127.0.0.1:4100',
      'kyrios-desk: restarting the embedded sandbox failed: it stopped (exit code 1) before it was ready',
      'kyrios-desk: the embedded sandbox runs again (pid 104, attempt 3)',
    ]);
  });

  it('waits at most 30 s between tries, and starts over from 250 ms after a minute up', async () => {
    const { clock, launched } = await started();
    launched[0]?.exit({ code: 1, signal: null });
    for (let i = 1; i <= 9; i++) {
      await clock.advance(clock.waiting()[0] ?? 0);
      launched[i]?.exit({ code: 1, signal: null });
      await clock.flush();
    }
    expect(clock.waiting()).toEqual([30_000]);
    await clock.advance(30_000);
    launched.at(-1)?.ready(200);
    await clock.flush();
    await clock.advance(60_000);
    launched.at(-1)?.exit({ code: null, signal: 'SIGSEGV' });
    expect(clock.waiting()).toEqual([250]);
  });

  it('kills a start that never reports ready, and counts it as a failed try', async () => {
    const { clock, launched, sandbox } = await started();
    launched[0]?.exit({ code: 1, signal: null });
    await clock.advance(250);
    await clock.advance(60_000);
    expect(launched[1]?.killed).toBe(true);
    expect(sandbox.state()).toMatchObject({ status: 'restarting', error: 'not ready within 60 s' });
  });

  it('asks the child to stop on close, and kills it if it has not after the grace time', async () => {
    const { clock, launched, sandbox } = await started();
    if (launched[0]) launched[0].ignoreStop = true;
    const closing = sandbox.close();
    expect(launched[0]?.posted.at(-1)).toEqual({ type: 'stop' });
    await clock.advance(8_000);
    await closing;
    expect(launched[0]?.killed).toBe(true);
    expect(sandbox.state()).toEqual({ status: 'stopped' });
    // Stopped on purpose: no restart.
    expect(clock.waiting()).toEqual([]);
    expect(launched).toHaveLength(1);
  });

  it('does not restart while closing, even when the child was down at that moment', async () => {
    const { clock, launched, sandbox } = await started();
    launched[0]?.exit({ code: 1, signal: null });
    await sandbox.close();
    await clock.advance(60_000);
    expect(launched).toHaveLength(1);
    expect(sandbox.state()).toEqual({ status: 'stopped' });
  });

  it('fails the first start when the child cannot start, with its reason', async () => {
    const clock = createFakeTimers();
    const { launcher, launched } = fakeLauncher();
    const starting = startSupervisedSandbox({
      launcher,
      entry: 'child.js',
      options: { dataDir: '/nowhere' },
      timers: clock.timers,
      log: () => undefined,
    });
    launched[0]?.say({ type: 'failed', message: 'unable to open database file' });
    launched[0]?.exit({ code: 1, signal: null });
    await expect(starting).rejects.toThrow('unable to open database file');
  });

  it('answers stats through the child, and gives up on a child that does not answer', async () => {
    const { clock, launched, sandbox } = await started();
    const asked = sandbox.stats();
    const request = launched[0]?.posted.at(-1) as Extract<ToChild, { type: 'stats' }>;
    const counts = { sessions: 1, open: 0, completed: 1, closed: 0, refused: 0, broken: {} };
    launched[0]?.say({
      type: 'stats',
      id: request.id,
      stats: { smtp: { submission: counts, mx: counts }, http: { broken: {} } },
      rss: 50_000_000,
    });
    expect((await asked).rss).toBe(50_000_000);
    const unanswered = expect(sandbox.stats()).rejects.toThrow('did not answer');
    await clock.advance(5_000);
    await unanswered;
  });
});

describe('the words the app shows while it is down', () => {
  it('says what happened and that it is being restarted, then why a restart failed', () => {
    expect(
      sandboxDownReason({
        status: 'restarting',
        attempt: 1,
        cause: 'signal SIGKILL',
        nextAt: null,
        error: null,
      }),
    ).toBe(
      'The embedded sandbox stopped unexpectedly (signal SIGKILL); Kyrios Desk is restarting it (attempt 1)…',
    );
    expect(
      sandboxDownReason({
        status: 'restarting',
        attempt: 3,
        cause: 'exit code 1',
        nextAt: '2026-05-01T10:00:01.000Z',
        error: 'listen EADDRINUSE: 127.0.0.1:4100',
      }),
    ).toBe(
      'The embedded sandbox stopped unexpectedly (exit code 1); restarting it failed (listen EADDRINUSE: 127.0.0.1:4100), Kyrios Desk tries again (attempt 3)…',
    );
    for (const status of ['starting', 'stopped'] as const) {
      expect(sandboxDownReason({ status })).toBeNull();
    }
    expect(
      sandboxDownReason({ status: 'running', pid: 1, since: '2026-05-01T10:00:00Z', restarts: 2 }),
    ).toBeNull();
  });
});
