import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { execArgvFor } from '../../../../src/main/sandbox-process/launcher';
import type {
  SandboxProcessState,
  SupervisedSandbox,
} from '../../../../src/main/sandbox-process/supervisor';
import { FromChild } from '../../../../src/sandbox/child-protocol';
import { SANDBOX_CHILD, startSandboxProcess } from '../../helpers/sandbox-process';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// The supervisor over real processes: the sandbox child killed with SIGKILL comes back on the
// same ports with its data; a restart that fails says why and is tried again; closing leaves no
// process; and the child leaves by itself when the app is gone, however it went.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** Whether a pid runs (a zombie waiting to be reaped does not). */
function runs(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function nextState(
  sandbox: Pick<SupervisedSandbox, 'subscribe'>,
  match: (state: SandboxProcessState) => boolean,
): Promise<SandboxProcessState> {
  return new Promise((resolve) => {
    const off = sandbox.subscribe((state) => {
      if (!match(state)) return;
      off();
      resolve(state);
    });
  });
}

describe('a supervised sandbox process', () => {
  it('comes back after SIGKILL on the same ports, with the same key and its data', async () => {
    const sb = await startSandboxProcess(cleanup, { backoff: { minMs: 50, maxMs: 1_000 } });
    const { sandbox } = sb;
    const auth = { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' };
    const created = await fetch(`${sandbox.api}/v1/domains`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'kept.example.com' }),
    });
    expect(created.status).toBe(201);
    const first = sandbox.pid() ?? 0;

    const down = nextState(sandbox, (s) => s.status === 'restarting');
    const up = nextState(sandbox, (s) => s.status === 'running');
    process.kill(first, 'SIGKILL');
    expect(await down).toMatchObject({ attempt: 1, cause: 'signal SIGKILL' });
    expect(await up).toMatchObject({ status: 'running', restarts: 1 });
    const second = sandbox.pid() ?? 0;
    expect(second).not.toBe(first);
    expect(runs(first)).toBe(false);

    // The same address and key the app was given, and what it had stored.
    const domains = await fetch(`${sandbox.api}/v1/domains`, { headers: auth });
    const names = ((await domains.json()) as { domains: { name: string }[] }).domains.map(
      (d) => d.name,
    );
    expect(names).toContain('kept.example.com');
    expect(await sb.send()).toMatch(/^250 2\.6\.0 /);
    expect(sb.lines).toContain(
      'kyrios-desk: the embedded sandbox stopped unexpectedly (signal SIGKILL)',
    );

    await sandbox.close();
    expect(sandbox.state()).toEqual({ status: 'stopped' });
    expect(runs(second)).toBe(false);
  });

  it('says why a restart failed (its port taken meanwhile) and succeeds once it is free', async () => {
    const sb = await startSandboxProcess(cleanup, { backoff: { minMs: 100, maxMs: 200 } });
    const { sandbox } = sb;
    const port = Number(new URL(sandbox.api).port);
    const squatter = createServer();
    // The moment it is down, something else takes its API port.
    const taken = new Promise<void>((resolve) => {
      const off = sandbox.subscribe((state) => {
        if (state.status !== 'restarting') return;
        off();
        squatter.listen(port, '127.0.0.1', () => resolve());
      });
    });
    const failed = nextState(sandbox, (s) => s.status === 'restarting' && s.error !== null);
    process.kill(sandbox.pid() ?? 0, 'SIGKILL');
    await taken;
    const state = await failed;
    expect(state).toMatchObject({ status: 'restarting', attempt: 2 });
    expect(state.status === 'restarting' ? state.error : '').toMatch(/EADDRINUSE/);
    const up = nextState(sandbox, (s) => s.status === 'running');
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await up;
    expect(await sb.health()).toBe(200);
  });
});

describe('a sandbox child whose app is gone', () => {
  it('exits when the app is killed with SIGKILL (its IPC channel closes)', async () => {
    const temp = makeTempDir('kyrios-orphan-');
    cleanup.add(() => temp.remove());
    const fixture = fileURLToPath(
      new URL('../../../fixtures/supervising-parent.ts', import.meta.url),
    );
    const app = spawn(process.execPath, [...execArgvFor(fixture), fixture, temp.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup.add(() => app.kill('SIGKILL'));
    // Both processes write to these pipes: they close when the last of the two is gone.
    const pipesClosed = Promise.all([once(app.stdout, 'close'), once(app.stderr, 'close')]);
    const [line] = (await once(createInterface({ input: app.stdout }), 'line')) as [string];
    const { parent, child } = JSON.parse(line) as { parent: number; child: number };
    expect(runs(child)).toBe(true);

    app.kill('SIGKILL');
    await pipesClosed;
    expect(runs(parent)).toBe(false);
    expect(runs(child)).toBe(false);
  });

  it("exits when the app's pid stops running, as in a utility process: no channel closes there", async () => {
    const temp = makeTempDir('kyrios-orphan-');
    cleanup.add(() => temp.remove());
    // The "app" is a process of its own; the channel belongs to this test, which stays. The child
    // talks through process.parentPort as in Electron, where no 'disconnect' tells it anything.
    const app = spawn('sleep', ['600'], { stdio: 'ignore' });
    cleanup.add(() => app.kill('SIGKILL'));
    const shim = fileURLToPath(
      new URL('../../../fixtures/electron-parent-port.mjs', import.meta.url),
    );
    const child = fork(SANDBOX_CHILD, [], {
      execArgv: [...execArgvFor(SANDBOX_CHILD), '--import', pathToFileURL(shim).href],
      stdio: 'pipe',
    });
    cleanup.add(() => child.kill('SIGKILL'));
    const exited = once(child, 'exit');
    const ready = new Promise<FromChild>((resolve) =>
      child.on('message', (m) => {
        const parsed = FromChild.safeParse(m);
        if (parsed.success && parsed.data.type === 'ready') resolve(parsed.data);
      }),
    );
    child.send({
      type: 'start',
      options: { dataDir: temp.dir, dns: { authoritative: [], resolvers: [] } },
      parentPid: app.pid,
    });
    await ready;
    app.kill('SIGKILL');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(child.connected).toBe(false);
  });
});
