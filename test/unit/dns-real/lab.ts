import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A lab of real DNS servers on loopback addresses of its own: a free 127.A.B.0/24 is picked, the
 * addresses it needs are added to `lo` (named only listens on addresses an interface has), servers
 * run as child processes, and everything (processes, addresses, files) goes away on close, also
 * when the test process exits without closing it. Needs root, as here and in CI.
 */

export interface Server {
  name: string;
  child: ChildProcess;
  /** Everything it printed, for the message when it does not start. */
  output: string[];
}

const LABEL = 'lo:kdlab';
const open = new Set<Lab>();

function ip(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

process.on('exit', () => {
  for (const lab of open) lab.closeNow();
});

export class Lab {
  readonly dir = mkdtempSync(join(tmpdir(), 'kyrios-dns-lab-'));
  private readonly added: string[] = [];
  private readonly servers: Server[] = [];

  private constructor(readonly prefix: string) {
    open.add(this);
  }

  /** A lab with `hosts` addresses (PREFIX.1 … PREFIX.hosts) and PREFIX.53 on `lo`. */
  static create(hosts: number): Lab {
    const taken = ip(['-4', '-o', 'addr', 'show', 'dev', 'lo']).out;
    for (let attempt = 0; attempt < 50; attempt++) {
      const prefix = `127.${randomInt(100, 250)}.${randomInt(0, 256)}`;
      if (taken.includes(` ${prefix}.`)) continue;
      const lab = new Lab(prefix);
      try {
        for (const n of [...Array.from({ length: hosts }, (_, i) => i + 1), 53]) lab.alias(n);
        return lab;
      } catch (err) {
        lab.closeNow();
        throw err;
      }
    }
    throw new Error('no free 127.A.B.0/24 on lo');
  }

  address(n: number): string {
    return `${this.prefix}.${n}`;
  }

  private alias(n: number): void {
    const address = this.address(n);
    const r = ip(['addr', 'add', `${address}/32`, 'dev', 'lo', 'label', LABEL]);
    if (!r.ok) throw new Error(`ip addr add ${address}: ${r.out.trim()} (the lab needs root)`);
    this.added.push(address);
  }

  /** Starts a server; resolves once it printed `ready`, rejects if it exits or stays silent. */
  start(name: string, command: string, args: string[], ready: RegExp): Promise<Server> {
    const child = spawn(command, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const server: Server = { name, child, output: [] };
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail('did not say it was ready within 20 s'), 20_000);
      const fail = (why: string): void => {
        clearTimeout(timer);
        reject(new Error(`${name} ${why}:\n${server.output.join('').slice(-3000)}`));
      };
      const seen = (chunk: Buffer): void => {
        server.output.push(chunk.toString());
        if (ready.test(server.output.join(''))) {
          clearTimeout(timer);
          resolve(server);
        }
      };
      child.stdout?.on('data', seen);
      child.stderr?.on('data', seen);
      child.on('error', (err) => fail(`could not start (${err.message})`));
      child.on('exit', (code, signal) => fail(`exited (${signal ?? code})`));
    });
  }

  /** Resolves when `server` prints a line matching `line` from now on. */
  waitFor(server: Server, line: RegExp): Promise<void> {
    const from = server.output.join('').length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${server.name}: no ${line} in 20 s`)),
        20_000,
      );
      const check = (): void => {
        if (line.test(server.output.join('').slice(from))) {
          clearTimeout(timer);
          server.child.stderr?.off('data', check);
          server.child.stdout?.off('data', check);
          resolve();
        }
      };
      server.child.stderr?.on('data', check);
      server.child.stdout?.on('data', check);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.closeNow();
  }

  /**
   * Synchronous, for process exit: stops what is left (SIGTERM, so NSD takes its own children
   * with it), removes the addresses and the files.
   */
  closeNow(): void {
    for (const { child } of this.servers) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    for (const address of this.added.splice(0)) ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
    rmSync(this.dir, { recursive: true, force: true });
    open.delete(this);
  }
}
