import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  forkLauncher,
  type ChildExit,
  type LaunchedChild,
  type ProcessLauncher,
} from '../../../src/main/sandbox-process/launcher';
import type { SupervisedSandbox } from '../../../src/main/sandbox-process/supervisor';
import type { ToChild } from '../../../src/sandbox/child-protocol';
import { call, startGuardCore } from '../helpers/guard-core';
import { SANDBOX_CHILD } from '../helpers/sandbox-process';
import { createCleanup } from '../helpers/temp-dir';

// The app core with its embedded sandbox in a supervised process of its own, as desktop and browser
// mode run it: SIGKILL the sandbox and the app stays up, says why it is offline where the
// connection is shown, keeps its cached screens, DNS checks and inventory, and comes back by
// itself with nothing lost.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/**
 * The real fork launcher, but each launch after the first waits until the test opens the gate:
 * the sandbox stays down exactly as long as the test looks at the app without it.
 */
function gatedLauncher(inner: ProcessLauncher) {
  let launches = 0;
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const launcher: ProcessLauncher = {
    kind: inner.kind,
    launch(entry) {
      launches += 1;
      if (launches === 1) return inner.launch(entry);
      const queued: ToChild[] = [];
      const messageListeners: ((m: unknown) => void)[] = [];
      const exitListeners: ((e: ChildExit) => void)[] = [];
      let real: LaunchedChild | undefined;
      void gate.then(() => {
        real = inner.launch(entry);
        messageListeners.forEach((l) => real?.onMessage(l));
        exitListeners.forEach((l) => real?.onExit(l));
        queued.splice(0).forEach((m) => real?.post(m));
      });
      return {
        pid: () => real?.pid(),
        post: (m) => (real ? real.post(m) : void queued.push(m)),
        onMessage: (l) => (real ? real.onMessage(l) : void messageListeners.push(l)),
        onExit: (l) => (real ? real.onExit(l) : void exitListeners.push(l)),
        kill: () => real?.kill(),
      };
    },
  };
  return {
    launcher,
    close(): void {
      gate = new Promise((resolve) => (open = resolve));
    },
    open: () => open(),
  };
}

function runs(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('the embedded sandbox in its own process', () => {
  it('dies alone: the app says so, keeps working from what it has, and recovers by itself', async () => {
    const gated = gatedLauncher(forkLauncher({ output: () => undefined }));
    const logged: string[] = [];
    const { core, pushed } = await startGuardCore(cleanup, {
      sandboxProcess: {
        launcher: gated.launcher,
        entry: SANDBOX_CHILD,
        log: (l) => logged.push(l),
      },
      background: { enabled: false, probe: { minMs: 100, maxMs: 400 } },
    });
    const sandbox = core.sandbox as SupervisedSandbox;
    expect(sandbox.state().status).toBe('running');
    const domain = await call(core, 'domains:add', { name: 'isolated.example.test' });
    await call(core, 'dns:check', { domainId: domain.id });
    expect(await call(core, 'connection:get', {})).toMatchObject({ online: true });

    const first = sandbox.pid() ?? 0;
    gated.close();
    const offline = pushed.next('connection:changed', (s) => !s.online);
    process.kill(first, 'SIGKILL');
    const reason =
      'The embedded sandbox stopped unexpectedly (signal SIGKILL); Kyrios Desk is restarting it (attempt 1)…';
    // Said at once, without waiting for a call to fail.
    expect(await offline).toMatchObject({ online: false, reason });
    expect(await call(core, 'connection:get', {})).toMatchObject({ online: false, reason });

    // The app itself is fine: what it has stays readable, DNS checks run.
    expect(await call(core, 'domains:list', {})).toMatchObject({
      source: 'cache',
      domains: [{ id: domain.id, name: 'isolated.example.test' }],
    });
    expect((await call(core, 'dns:check', { domainId: domain.id })).runId).toBeGreaterThan(0);
    expect((await call(core, 'dns:history', { domainId: domain.id })).runs).toHaveLength(2);
    expect(await call(core, 'smtp:list', { domainId: domain.id })).toMatchObject({
      source: 'cache',
    });
    // A failed call while it is down does not replace the supervisor's words.
    expect(await call(core, 'connection:get', {})).toMatchObject({ reason });
    expect(await core.dispatch('domains:add', { name: 'later.example.test' })).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });

    // It comes back; nobody clicks anything; nothing was lost.
    const online = pushed.next('connection:changed', (s) => s.online);
    gated.open();
    expect(await online).toMatchObject({ online: true, reason: null });
    expect(await call(core, 'domains:list', {})).toMatchObject({
      source: 'live',
      domains: [{ id: domain.id, name: 'isolated.example.test' }],
    });
    expect(sandbox.pid()).not.toBe(first);
    expect(logged).toEqual([
      'kyrios-desk: the embedded sandbox stopped unexpectedly (signal SIGKILL)',
      `kyrios-desk: the embedded sandbox runs again (pid ${sandbox.pid()}, attempt 1)`,
    ]);

    // Quitting stops it: no process left behind.
    const second = sandbox.pid() ?? 0;
    await core.close();
    expect(runs(second)).toBe(false);
  });
});
