import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * What the kill -9 scripts share (scripts/kill-app-db.ts, scripts/kill-sandbox-db.ts): a writer
 * child killed at a random moment, the rounds with a check after each, and the report.
 */

export interface RoundResult {
  writes: number;
  killedAfterMs: number;
}

/**
 * Starts `script --writer dir` (it prints `ready`, then one line per committed write), SIGKILLs it
 * at a random moment and hands every acknowledgement it managed to print to `onAck` as its words.
 */
export async function killWriter(
  script: string,
  dir: string,
  onAck: (words: string[]) => void,
  maxKillMs = 400,
): Promise<RoundResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--writer', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  let writes = 0;
  const lines = createInterface({ input: child.stdout });
  const closed = once(lines, 'close');
  await new Promise<void>((ready, fail) => {
    lines.on('line', (line) => {
      const words = line.split(' ');
      if (words[0] === 'ready') return ready();
      writes++;
      onAck(words);
    });
    child.once('exit', (code) => fail(new Error(`writer exited (${code}) before it was ready`)));
  });
  // Anywhere from the first transactions to a few hundred ms in (skewed early: more kills land
  // on a database that has just been opened).
  const killedAfterMs = Math.floor(Math.random() ** 2 * maxKillMs);
  await new Promise((r) => setTimeout(r, killedAfterMs));
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  if (signal !== 'SIGKILL')
    throw new Error(`writer ended with ${signal ?? 'no signal'}, not SIGKILL`);
  await closed; // every acknowledgement the child managed to write has been read
  return { writes, killedAfterMs };
}

/**
 * `rounds` rounds of `round` then `verify` (its problems; none is a pass) on the database folder
 * `dir`, removed at the end; progress every ten rounds, every failure in full. Prints the report
 * (`acknowledged` and `checks` say what this database's writes and checks are) and sets the exit
 * code on any failure.
 */
export async function runKillRounds(options: {
  rounds: number;
  dir: string;
  round: () => Promise<RoundResult>;
  verify: () => string[];
  acknowledged: () => string;
  checks: string;
}): Promise<void> {
  const { rounds, dir } = options;
  const started = Date.now();
  let failed = 0;
  let totalWrites = 0;
  const perRound: number[] = [];
  try {
    for (let r = 1; r <= rounds; r++) {
      const { writes, killedAfterMs } = await options.round();
      totalWrites += writes;
      perRound.push(writes);
      const problems = options.verify();
      if (problems.length > 0) {
        failed++;
        process.stdout.write(
          `round ${r}: killed after ${killedAfterMs} ms, ${writes} writes: FAIL\n  ${problems.join('\n  ')}\n`,
        );
      } else if (r % 10 === 0 || r === rounds) {
        process.stdout.write(
          `round ${r}/${rounds}: ok (${totalWrites} acknowledged writes so far)\n`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  perRound.sort((a, b) => a - b);
  process.stdout.write(
    [
      '',
      `kill -9 rounds:            ${rounds}`,
      `rounds failed:             ${failed}`,
      `acknowledged writes:       ${totalWrites} (${options.acknowledged()})`,
      `writes per round:          min ${perRound[0] ?? 0}, median ${perRound[Math.floor(perRound.length / 2)] ?? 0}, max ${perRound.at(-1) ?? 0}`,
      `checks after every kill:   ${options.checks}`,
      `elapsed:                   ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
  if (failed > 0) process.exitCode = 1;
}
