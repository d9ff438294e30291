import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'src/sandbox/cli.ts');

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** `npx tsx src/sandbox/cli.ts …` as a real child process (tsx loaded into node directly). */
function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  cleanup.add(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves with stdout once it holds a full line. */
    firstLine: () =>
      new Promise<string>((done, fail) => {
        const check = () => {
          const end = stdout.indexOf('\n');
          if (end >= 0) done(stdout.slice(0, end));
        };
        child.stdout.on('data', check);
        child.once('exit', (code) => fail(new Error(`sandbox exited with ${code}: ${stderr}`)));
        check();
      }),
  };
}

describe('npm run sandbox (src/sandbox/cli.ts)', () => {
  it('prints exactly one JSON line when ready, serves that address with that key, and stops on SIGTERM', async () => {
    const temp = makeTempDir('kyrios-sandbox-cli-');
    cleanup.add(() => temp.remove());
    const run = runCli(['--port', '0', '--data', temp.dir]);

    const line = await run.firstLine();
    const ready = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(ready).sort()).toEqual(['api', 'apiKey']);
    expect(ready.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.apiKey).toMatch(/^kys_/);

    const listed = await fetch(`${String(ready.api)}/v1/domains`, {
      headers: { authorization: `Bearer ${String(ready.apiKey)}` },
    });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ domains: [] });
    expect(existsSync(join(temp.dir, 'sandbox.db'))).toBe(true);

    run.child.kill('SIGTERM');
    const [code] = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout()).toBe(`${line}\n`);
    expect(run.stderr()).toBe('');
  });

  it.each([['abc'], ['70000']])('exits 2 with usage on --port %s', async (port) => {
    const temp = makeTempDir('kyrios-sandbox-cli-');
    cleanup.add(() => temp.remove());
    const run = runCli(['--port', port, '--data', temp.dir]);
    const [code] = await run.exited;
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain('--port');
    expect(run.stderr()).toContain('Usage:');
    expect(existsSync(join(temp.dir, 'sandbox.db'))).toBe(false);
  });

  it('exits 2 on an unknown option', async () => {
    const run = runCli(['--nope']);
    const [code] = await run.exited;
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain('Usage:');
  });
});
