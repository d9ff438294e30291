import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitStatus, runCli } from '../../../src/main/cli/check-command';
import { renderTable } from '../../../src/main/cli/render';
import { DomainCheckResult } from '../../../src/shared/dns-check';
import { startDnsWorld } from '../../fixtures/dns/kyrios-world';
import type { DnsWorld } from '../../fixtures/dns/kyrios-world';

/** The `check` CLI as scripts use it: a real child process against the loopback fixture. */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const root = join(import.meta.dirname, '../../..');

function cli(args: string[], entry = 'src/main/cli/index.ts'): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let world: DnsWorld;
let other: DnsWorld;
let dir: string;
let expectFile: string;
let otherFile: string;

const serverArgs = (w: DnsWorld): string[] => [
  '--resolver',
  w.resolver.address,
  ...Object.entries(w.nameserverMap).flatMap(([name, addr]) => ['--nameserver', `${name}=${addr}`]),
  '--timeout',
  '500',
];

beforeAll(async () => {
  world = await startDnsWorld('example.test');
  other = await startDnsWorld('other.test');
  dir = await mkdtemp(join(tmpdir(), 'kyrios-cli-'));
  expectFile = join(dir, 'example.json');
  otherFile = join(dir, 'other.json');
  await writeFile(expectFile, JSON.stringify(world.expected));
  await writeFile(otherFile, JSON.stringify(other.expected));
});

afterAll(async () => {
  await Promise.all([world.close(), other.close(), rm(dir, { recursive: true, force: true })]);
});

// Child processes start tsx and compete for two cores with the rest of the suite: generous timeouts.
describe('check CLI as a child process', { timeout: 60_000 }, () => {
  it('--json prints one result object and exits 0 when nothing fails', async () => {
    const run = await cli(['check', '--expect', expectFile, '--json', ...serverArgs(world)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = DomainCheckResult.parse(JSON.parse(run.stdout));
    expect([result.domain, result.status, result.records.length]).toEqual([
      'example.test',
      'pass',
      7,
    ]);
  });

  it('exits 1 when a record fails, with the diagnosis in the JSON', async () => {
    world.auth.removeRecords('_kyrios.example.test');
    try {
      const run = await cli(['check', '--expect', expectFile, '--json', ...serverArgs(world)]);
      expect(run.code).toBe(1);
      const result = DomainCheckResult.parse(JSON.parse(run.stdout));
      expect(result.records.find((r) => r.purpose === 'verification')?.codes).toEqual(['missing']);
      expect(result.status).toBe('fail');
    } finally {
      world.auth.setRecords('_kyrios.example.test', 'TXT', [
        world.expected.records[0]?.value ?? '',
      ]);
      world.resolver.cache.clear();
    }
  });

  it('exits 0 with "! WARN" when only an optional record is missing', async () => {
    world.auth.removeRecords('ktrack.example.test');
    try {
      const run = await cli(['check', '--expect', expectFile, ...serverArgs(world)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^example\.test {2}! WARN/m);
      expect(run.stdout).toMatch(/! tracking +CNAME ktrack\.example\.test \(optional\) {2}missing/);
    } finally {
      world.auth.setRecords('ktrack.example.test', 'CNAME', [
        world.expected.records.find((r) => r.purpose === 'tracking')?.value ?? '',
      ]);
      world.resolver.cache.clear();
    }
  });

  it('exits 3, "could not check" and never a failure, when no server answers', async () => {
    world.auth.setBehaviour('*', 'servfail');
    world.resolver.setBehaviour('*', 'servfail');
    try {
      const run = await cli(['check', '--expect', expectFile, '--json', ...serverArgs(world)]);
      expect(run.code).toBe(3);
      const result = DomainCheckResult.parse(JSON.parse(run.stdout));
      expect(result.status).toBe('unknown');
      expect(result.records.every((r) => r.status === 'unknown')).toBe(true);
      const table = await cli(['check', '--expect', expectFile, ...serverArgs(world)]);
      expect(table.code).toBe(3);
      expect(table.stdout).toMatch(/^example\.test {2}\? COULD NOT CHECK/m);
      expect(table.stdout).not.toMatch(/✗/);
    } finally {
      world.auth.setBehaviour('*', 'normal');
      world.resolver.setBehaviour('*', 'normal');
      world.resolver.cache.clear();
    }
  });

  it('several --expect: an array, checked against --authoritative servers', async () => {
    const map = { ...world.nameserverMap, ...other.nameserverMap };
    const args = [
      'check',
      '--expect',
      expectFile,
      '--expect',
      otherFile,
      '--json',
      '--authoritative',
      world.auth.address,
      '--authoritative',
      other.auth.address,
      '--resolver',
      world.resolver.address,
      ...Object.entries(map).flatMap(([n, a]) => ['--nameserver', `${n}=${a}`]),
      '--timeout',
      '300',
    ];
    const run = await cli(args);
    const parsed: unknown = JSON.parse(run.stdout);
    expect(Array.isArray(parsed)).toBe(true);
    const results = (parsed as unknown[]).map((r) => DomainCheckResult.parse(r));
    expect(results.map((r) => r.domain)).toEqual(['example.test', 'other.test']);
    // Each domain's truth came from the given servers (the other domain's server refuses it).
    expect(
      results[0]?.records[0]?.servers.filter((s) => s.role === 'authoritative').map((s) => s.rcode),
    ).toEqual(['NOERROR', 'REFUSED']);
    expect(run.code).toBe(0);
  });

  it('without --json: a table with ✓ ! ✗ and fixes, and no colours when not on a terminal', async () => {
    world.auth.setRecords('_dmarc.example.test', 'TXT', ['v=DMARC1; p=none']);
    world.auth.setRecords('example.test', 'TXT', ['v=spf1 include:other.test ~all']);
    world.resolver.cache.clear();
    try {
      const run = await cli(['check', '--expect', expectFile, ...serverArgs(world)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^example\.test {2}✗ FAIL/);
      expect(run.stdout).toMatch(/✓ verification +TXT +_kyrios\.example\.test/);
      expect(run.stdout).toMatch(
        /! dmarc +TXT +_dmarc\.example\.test \(optional\) {2}dmarc_policy_none/,
      );
      expect(run.stdout).toMatch(/✗ spf +TXT +example\.test {2}spf_include_missing/);
      expect(run.stdout).toContain('fix: Do not add a second SPF record');
      expect(run.stdout).not.toContain('\u001b[');
    } finally {
      world.auth.setRecords('_dmarc.example.test', 'TXT', [
        'v=DMARC1; p=quarantine; rua=mailto:dmarc@kyrios.test',
      ]);
      world.auth.setRecords('example.test', 'TXT', ['v=spf1 include:spf.kyrios.test ~all']);
      world.resolver.cache.clear();
    }
  });

  it('DOMAIN alone reports the mail basics', async () => {
    const run = await cli(['check', 'example.test', '--json', ...serverArgs(world)]);
    const result = DomainCheckResult.parse(JSON.parse(run.stdout));
    expect(result.records.map((r) => r.purpose)).toEqual(['spf', 'dmarc', 'mx']);
    expect(run.code).toBe(0);
  });

  it('a subdomain whose DMARC policy is its parent’s passes, in any letter case', async () => {
    world.auth.setRecords('news.example.test', 'TXT', ['v=spf1 include:spf.kyrios.test -all']);
    world.auth.setRecords('news.example.test', 'MX', ['10 mx.kyrios.test']);
    try {
      const run = await cli(['check', 'NEWS.Example.TEST', ...serverArgs(world)]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^news\.example\.test {2}✓ PASS/);
      expect(run.stdout).toMatch(
        /✓ dmarc +TXT +_dmarc\.news\.example\.test {2}dmarc_inherited\n +No DMARC record at _dmarc\.news\.example\.test: receivers apply the record at _dmarc\.example\.test/,
      );
    } finally {
      world.auth.removeRecords('news.example.test');
      world.resolver.cache.clear();
    }
  });

  it('exits 2 with a clear message on stderr and nothing on stdout for bad usage and bad input', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      '{"domain":"example.test","records":[{"purpose":"spf","type":"SPF","name":"example.test","value":"v","required":true}]}',
    );
    // Sequential: child processes compete for two cores with the rest of the suite.
    const runs: Run[] = [];
    for (const args of [
      ['check'],
      ['check', '--expect', join(dir, 'absent.json')],
      ['check', '--expect', bad],
    ]) {
      runs.push(await cli(args));
    }
    expect(runs.map((r) => [r.code, r.stdout])).toEqual([
      [2, ''],
      [2, ''],
      [2, ''],
    ]);
    const messages = runs.map((r) => r.stderr.split('\n')[0]);
    expect(messages[0]).toBe('kyrios-desk: give a DOMAIN, or one or more --expect FILE');
    expect(messages[1]).toMatch(/--expect .*absent\.json: cannot read it \(no such file\)/);
    expect(messages[2]).toMatch(/not an expected-records document: records\.0\.type: /);
    expect(runs[0]?.stderr).toContain('Run "kyrios-desk check --help" for usage.');
  });

  it('the package bin runs the same CLI through the tsx loader', async () => {
    const run = await new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        ['bin/kyrios-desk.js', 'check', '--help'],
        { cwd: root },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: kyrios-desk check \[DOMAIN\]/);
  });
});

describe('check CLI verdicts and exit codes', () => {
  const domain = (status: DomainCheckResult['status']): DomainCheckResult => ({
    domain: `${status}.test`,
    checkedAt: '2030-01-01T00:00:00.000Z',
    status,
    provider: null,
    records: [],
  });

  it('every verdict printed matches the exit code, the worst domain deciding', () => {
    const cases: [DomainCheckResult['status'][], string[], number][] = [
      [['pass'], ['✓ PASS'], 0],
      [['warn'], ['! WARN'], 0],
      [['unknown'], ['? COULD NOT CHECK'], 3],
      [['fail'], ['✗ FAIL'], 1],
      [['pass', 'unknown', 'warn'], ['✓ PASS', '? COULD NOT CHECK', '! WARN'], 3],
      [['unknown', 'fail'], ['? COULD NOT CHECK', '✗ FAIL'], 1],
    ];
    for (const [statuses, verdicts, code] of cases) {
      const results = statuses.map(domain);
      const heads = renderTable(results, false)
        .split('\n')
        .filter((line) => line.endsWith('(checked 2030-01-01T00:00:00.000Z)'))
        .map((line) => /^\S+ {2}(.+?) {2}\(checked/.exec(line)?.[1]);
      expect([heads, exitStatus(results)]).toEqual([verdicts, code]);
    }
  });
});

describe('check CLI in process', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), color: true },
    };
  };

  it('colours the table only when asked to (a terminal)', async () => {
    const { out, io: sink } = io();
    const code = await runCli(['check', '--expect', expectFile, ...serverArgs(world)], sink);
    expect(code).toBe(0);
    expect(out.join('')).toContain('\u001b[32m✓\u001b[0m');
  });

  it('exits 2 for a bad DOMAIN, option value or option, saying which', async () => {
    const cases: [string[], RegExp][] = [
      [['check', 'Example_1.TEST'], /DOMAIN "Example_1.TEST": .*underscores is not allowed/],
      [['check', 'example.test', '--timeout', 'soon'], /--timeout soon: expected milliseconds/],
      [
        ['check', 'example.test', '--resolver', '127.0.0.1:99999'],
        /--resolver: .*port must be a number/,
      ],
      [
        ['check', 'example.test', '--nameserver', 'ns1.example.test'],
        /expected NAME=HOST\[:PORT\]/,
      ],
      [['check', 'example.test', '--bogus'], /Unknown option '--bogus'/],
      [['check', 'a.test', 'b.test'], /unexpected argument "b.test"/],
    ];
    for (const [args, message] of cases) {
      const sink = io();
      expect(await runCli(args, sink.io)).toBe(2);
      expect(sink.out).toEqual([]);
      expect(sink.err.join('')).toMatch(message);
    }
  });

  it('exits 2 for an expected record name that cannot be asked (a label over 63 bytes)', async () => {
    const file = join(dir, 'long-label.json');
    const name = `${'x'.repeat(64)}.example.test`;
    await writeFile(
      file,
      JSON.stringify({
        domain: 'example.test',
        records: [{ purpose: 'verification', type: 'TXT', name, value: 'v', required: true }],
      }),
    );
    const sink = io();
    expect(await runCli(['check', '--expect', file, ...serverArgs(world)], sink.io)).toBe(2);
    expect(sink.out).toEqual([]);
    expect(sink.err.join('')).toMatch(/has 64 bytes \(at most 63\)/);
  });

  it('rejects DOMAIN that matches none of the --expect files, and unknown commands', async () => {
    const a = io();
    expect(await runCli(['check', 'nope.test', '--expect', expectFile], a.io)).toBe(2);
    expect(a.err.join('')).toContain(
      'DOMAIN nope.test matches none of the --expect files (example.test)',
    );
    const b = io();
    expect(await runCli(['verify', 'example.test'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('unknown command "verify"');
  });
});
