import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'src/sandbox/cli.ts');

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** The first line an SMTP server sends on 127.0.0.1:port. */
function smtpGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.once('data', (line: string) => {
      socket.destroy();
      resolve(line);
    });
  });
}

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
    const run = runCli(['--port', '0', '--smtp-port', '0', '--mx-port', '0', '--data', temp.dir]);

    const line = await run.firstLine();
    const ready = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(ready)).toEqual(['api', 'apiKey', 'smtp', 'mx']);
    expect(ready.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.apiKey).toMatch(/^kys_/);
    for (const service of ['smtp', 'mx'] as const) {
      const address = ready[service] as { host: string; port: number };
      expect(Object.keys(address)).toEqual(['host', 'port']);
      expect(address.host).toBe('127.0.0.1');
      expect(address.port).toBeGreaterThan(0);
      // A real SMTP server answers there.
      expect(await smtpGreeting(address.port)).toMatch(/^220 /);
    }
    const account = await fetch(`${String(ready.api)}/v1/account`, {
      headers: { authorization: `Bearer ${String(ready.apiKey)}` },
    });
    expect(((await account.json()) as { smtp: unknown }).smtp).toEqual(ready.smtp);

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

  it.each([
    ['--port', 'abc'],
    ['--port', '70000'],
    ['--smtp-port', '-1'],
    ['--mx-port', 'x'],
    ['--authoritative', 'ns1.example.com:53'],
    ['--resolver', '127.0.0.1:99999'],
  ])('exits 2 with usage on %s %s', async (option, value) => {
    const temp = makeTempDir('kyrios-sandbox-cli-');
    cleanup.add(() => temp.remove());
    const run = runCli([option, value, '--data', temp.dir]);
    const [code] = await run.exited;
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain(option);
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
