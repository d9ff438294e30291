import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedRecords } from '../src/shared/records';

/**
 * The `check` CLI as users run it (the package bin: tsx loading the TypeScript source), timed as
 * a child process on the benchmark's fixture. Its CPU is read by the child itself at exit
 * (getrusage over all its threads, tsx's loader thread included), so the figure is the process's
 * whole cost. The cost per domain is the difference between a run over many domains and a run
 * over one, divided by the extra domains: what each domain adds, start-up left out (the warm-up
 * of a fresh process, its code and heap, included); and from there to twice as many domains,
 * what each further domain costs once warm.
 */

const CPU_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us '+(u.user+u.system)+'\\n')})`;

export interface CliRun {
  domains: number;
  ms: number;
  cpuMs: number;
  code: number | null;
}

function runCli(files: string[], server: string): Promise<CliRun> {
  const args = [
    '--import',
    CPU_AT_EXIT,
    'bin/kyrios-desk.js',
    'check',
    ...files.flatMap((f) => ['--expect', f]),
    '--authoritative',
    server,
    '--resolver',
    server,
    '--json',
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const us = /cpu-us (\d+)/.exec(stderr)?.[1];
      if (us === undefined) {
        reject(new Error(`the CLI printed no CPU figure (exit ${code}): ${stderr.slice(-500)}`));
        return;
      }
      resolve({
        domains: files.length,
        ms: performance.now() - started,
        cpuMs: Number(us) / 1000,
        code,
      });
    });
  });
}

export interface CliFigures {
  one: CliRun[];
  mid: CliRun[];
  all: CliRun[];
  /** Median CPU each domain adds from 1 to `mid` domains, warm-up included, in ms. */
  perDomainCpuMs: number;
  /** The same from `mid` to all the domains: once warm, what each further domain costs. */
  steadyCpuMs: number;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;

/** Runs the CLI `rounds` times on one domain, on `mid` of them and on all, interleaved. */
export async function cliPerDomain(
  expected: ExpectedRecords[],
  mid: number,
  server: string,
  rounds: number,
): Promise<CliFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kyrios-bench-cli-'));
  try {
    const files = expected.map((e, i) => {
      const file = join(dir, `${i}.json`);
      writeFileSync(file, JSON.stringify(e));
      return file;
    });
    // Warm the disk cache and tsx's transform cache first.
    await runCli(files.slice(0, 1), server);
    const one: CliRun[] = [];
    const middle: CliRun[] = [];
    const all: CliRun[] = [];
    for (let i = 0; i < rounds; i++) {
      one.push(await runCli(files.slice(0, 1), server));
      middle.push(await runCli(files.slice(0, mid), server));
      all.push(await runCli(files, server));
    }
    const cpu = (runs: CliRun[]): number => median(runs.map((r) => r.cpuMs));
    return {
      one,
      mid: middle,
      all,
      perDomainCpuMs: (cpu(middle) - cpu(one)) / (mid - 1),
      steadyCpuMs: (cpu(all) - cpu(middle)) / (files.length - mid),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
