import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStats } from '../../../src/sandbox/start';
import { FUZZ_KINDS, runFuzz, tally, type FuzzTarget } from '../../fixtures/smtp-fuzz';
import { startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { runSeed } from '../helpers/seeded-random';
import { createCleanup } from '../helpers/temp-dir';

// The bounded fuzz (scripts/fuzz-smtp.ts is the long run, with its figures): thousands of sessions
// of random and truncated commands, binary bytes, random TLS records and cut handshakes against
// both SMTP ports of the sandbox in its own process. The same process stays up and serves, every
// session is settled and counted, every broken one logged as one line, and its memory stays
// bounded. SEED=n replays a run (the seed is in the test's name).

const SEED = runSeed(20_261_204);
const SESSIONS = 2_000;
const WARM_UP = 200;
/** RSS may grow while V8 sizes its heaps for the load; not by more than this over the run. */
const RSS_GROWTH_LIMIT_MB = 64;

const cleanup = createCleanup();
let sb: SandboxProcess;
let targets: FuzzTarget[];
beforeAll(async () => {
  sb = await startSandboxProcess(cleanup, {
    smtpLimits: { idleTimeoutMs: 400, maxSessionMs: 6_000 },
  });
  const common = { host: '127.0.0.1', login: sb.sender.login, password: sb.sender.password };
  targets = [
    { ...common, listener: 'submission', port: sb.sandbox.smtp.port, domain: sb.sender.domain },
    { ...common, listener: 'mx', port: sb.sandbox.mx.port, domain: sb.sender.domain },
  ];
}, 60_000);
afterAll(() => cleanup.run());

const settled = (l: SandboxStats['smtp']['submission']) =>
  l.completed + l.closed + l.refused + Object.values(l.broken).reduce((a, b) => a + b, 0);

/** Asks until every session the listeners saw has been settled (each answer is a round trip). */
async function allSettled(): Promise<{ stats: SandboxStats; rss: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const reading = await sb.sandbox.stats();
    const { submission, mx } = reading.stats.smtp;
    const done = [submission, mx].every((l) => l.open === 0 && settled(l) === l.sessions);
    if (done || Date.now() > deadline) return reading;
  }
}

describe(`SMTP fuzzing (seed ${SEED})`, () => {
  it(`survives ${SESSIONS} broken sessions on both ports, with memory bounded`, async () => {
    const pid = sb.sandbox.pid();
    await runFuzz(targets, { seed: SEED + 1, count: WARM_UP, concurrency: 32 });
    const warm = await allSettled();

    const run = await runFuzz(targets, { seed: SEED, count: SESSIONS, concurrency: 32 });
    const after = await allSettled();

    // The same process, still serving.
    expect(sb.sandbox.pid()).toBe(pid);
    expect(await sb.health()).toBe(200);
    expect(await sb.send()).toMatch(/^250 2\.6\.0 /);

    // Every kind of session ran on both listeners, and every session was settled and counted.
    const thrown = tally(run.sessions);
    for (const listener of ['submission', 'mx']) {
      for (const kind of FUZZ_KINDS) expect(thrown[`${listener} ${kind}`]).toBeGreaterThan(20);
    }
    const { submission, mx } = after.stats.smtp;
    expect(submission.sessions + mx.sessions).toBe(WARM_UP + SESSIONS);
    expect(settled(submission) + settled(mx)).toBe(WARM_UP + SESSIONS);
    for (const kind of ['tls_handshake', 'reset', 'protocol', 'dropped', 'timeout'] as const) {
      expect(submission.broken[kind] + mx.broken[kind]).toBeGreaterThan(0);
    }

    // One line per broken session, never a stack trace.
    const broken = sb.lines.filter((line) =>
      /^sandbox smtp (submission|mx): broken session /.test(line),
    );
    const counted = [submission, mx].reduce(
      (sum, l) => sum + Object.values(l.broken).reduce((a, b) => a + b, 0),
      0,
    );
    expect(broken).toHaveLength(counted);
    expect(sb.lines.filter((line) => /^\s+at |Error:.*\n/.test(line))).toEqual([]);

    const growthMb = (after.rss - warm.rss) / 1024 / 1024;
    expect(growthMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
  }, 180_000);
});
