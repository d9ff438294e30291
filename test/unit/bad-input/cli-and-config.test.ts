import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppArgs } from '../../../src/main/app-args';
import { runCli } from '../../../src/main/cli/check-command';
import { ConfigError, remoteAccountFromEnv } from '../../../src/main/config';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

// Bad command lines, expected-record files, app options and environment: exit 2 (or an error)
// with a message naming the problem, before anything is asked of the network or written.

const cleanup = createCleanup();
let dir: string;
const file = (name: string) => join(dir, name);
const GOOD = {
  domain: 'example.com',
  records: [
    {
      purpose: 'verification',
      type: 'TXT',
      name: '_kyrios.example.com',
      value: 'x',
      required: true,
    },
  ],
};
beforeAll(() => {
  const temp = makeTempDir('kyrios-bad-input-');
  cleanup.add(() => temp.remove());
  dir = temp.dir;
  writeFileSync(file('good.json'), JSON.stringify(GOOD));
  writeFileSync(file('broken.json'), '{"domain": "example.com", "records": [');
  writeFileSync(file('shapeless.json'), JSON.stringify({ domain: 'example.com' }));
  writeFileSync(file('upper.json'), JSON.stringify({ ...GOOD, domain: 'Example.COM' }));
  writeFileSync(
    file('a-record.json'),
    JSON.stringify({ ...GOOD, records: [{ ...GOOD.records[0], type: 'A' }] }),
  );
  writeFileSync(
    file('no-required.json'),
    JSON.stringify({ ...GOOD, records: [{ ...GOOD.records[0], required: 'yes' }] }),
  );
  writeFileSync(file('empty.json'), '');
});
afterAll(() => cleanup.run());

/** The folder's files and their contents: equal before and after means nothing was written. */
function folder(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    ]),
  );
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    color: false,
  });
  return { code, stdout, stderr };
}

const CLI_CASES: [string, () => string[], RegExp][] = [
  ['no command', () => [], /missing command: check/],
  ['an unknown command', () => ['verify', 'example.com'], /unknown command "verify"/],
  ['no domain and no file', () => ['check'], /give a DOMAIN, or one or more --expect FILE/],
  [
    'a domain with two dots in a row (its letter case kept in the message)',
    () => ['check', 'Exa..mple.com'],
    /DOMAIN "Exa\.\.mple\.com": .*empty labels/,
  ],
  [
    'a URL for a domain',
    () => ['check', 'https://example.com'],
    /DOMAIN "https:\/\/example\.com": .*":" is not allowed/,
  ],
  [
    'two domains',
    () => ['check', 'a.example.com', 'b.example.com'],
    /unexpected argument "b\.example\.com"/,
  ],
  ['an unknown option', () => ['check', 'example.com', '--fast'], /Unknown option '--fast'/],
  [
    'a missing expect file',
    () => ['check', '--expect', file('missing.json')],
    /--expect .*missing\.json: cannot read it \(no such file\)/,
  ],
  [
    'an expect file that is not JSON',
    () => ['check', '--expect', file('broken.json')],
    /broken\.json: not valid JSON/,
  ],
  [
    'an empty expect file',
    () => ['check', '--expect', file('empty.json')],
    /empty\.json: not valid JSON/,
  ],
  [
    'an expect file without records',
    () => ['check', '--expect', file('shapeless.json')],
    /not an expected-records document: records: /,
  ],
  [
    'an expect file with an uppercase domain',
    () => ['check', '--expect', file('upper.json')],
    /upper\.json: "domain": Domain names are entered in lowercase only/,
  ],
  [
    'an A record in an expect file',
    () => ['check', '--expect', file('a-record.json')],
    /not an expected-records document: records\.0\.type: /,
  ],
  [
    '"required" as a string',
    () => ['check', '--expect', file('no-required.json')],
    /records\.0\.required: /,
  ],
  [
    'a domain no file is for',
    () => ['check', 'other.com', '--expect', file('good.json')],
    /DOMAIN other\.com matches none of the --expect files \(example\.com\)/,
  ],
  [
    'a zero timeout',
    () => ['check', 'example.com', '--timeout', '0'],
    /--timeout 0: expected milliseconds, from 1 to 60000/,
  ],
  [
    'a timeout in words',
    () => ['check', 'example.com', '--timeout', 'soon'],
    /--timeout soon: expected milliseconds/,
  ],
  [
    'a resolver with a space',
    () => ['check', 'example.com', '--resolver', 'bad host:53'],
    /--resolver: "bad host:53" is not HOST\[:PORT\]/,
  ],
  [
    'a resolver port past 65535',
    () => ['check', 'example.com', '--resolver', '192.0.2.1:70000'],
    /--resolver: .*the port must be a number from 1 to 65535/,
  ],
  [
    'a nameserver without an address',
    () => ['check', 'example.com', '--nameserver', 'ns1.example.com='],
    /--nameserver ns1\.example\.com=: expected NAME=HOST\[:PORT\]/,
  ],
  [
    'a nameserver by name',
    () => ['check', 'example.com', '--nameserver', 'ns1=ns.example.net'],
    /--nameserver ns1=ns\.example\.net: expected an IP address/,
  ],
];

describe('the check CLI: exit 2, the problem named on stderr, nothing written', () => {
  it.each(CLI_CASES)('%s', async (_what, args, message) => {
    const before = folder();
    const run = await cli(args());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Run "kyrios-desk check --help" for usage/);
    expect(folder()).toEqual(before);
  });

  it('says the same through the real command (npm run --silent cli -- check exa..mple.com)', async () => {
    const root = join(import.meta.dirname, '../../..');
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/main/cli/index.ts', 'check', 'exa..mple.com'],
        { cwd: root, timeout: 30_000 },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stderr }),
      );
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot have empty labels/);
  });
});

describe('app options (npm start, npm run web): an error naming the option', () => {
  it.each([
    [
      ['--resolver', '8.8.8.8:0'],
      /--resolver "8\.8\.8\.8:0": the port must be a number from 1 to 65535/,
    ],
    [
      ['--authoritative', 'ns1.example.com'],
      /--authoritative "ns1\.example\.com": expected an IP address/,
    ],
    [
      ['--resolver', '[192.0.2.1]'],
      /--resolver "\[192\.0\.2\.1\]": brackets are for IPv6 addresses/,
    ],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535, not "70000"/],
    [['--smtp-port=-1'], /--smtp-port must be a whole number from 0 to 65535, not "-1"/],
    [['--mx-port', 'abc'], /--mx-port must be a whole number from 0 to 65535, not "abc"/],
    [
      ['--dedicated-ip', '999.1.1.1'],
      /--dedicated-ip must be an IPv4 or IPv6 address, not "999\.1\.1\.1"/,
    ],
    [['--colour'], /Unknown option '--colour'/],
  ])('%j', (argv, message) => {
    const parsed = parseAppArgs(argv);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toMatch(message);
  });
});

describe('a remote account from the environment: an error naming the variable', () => {
  it.each([
    [
      { KYRIOS_API_URL: 'https://api.example.com' },
      /KYRIOS_API_URL is set but KYRIOS_API_KEY is not/,
    ],
    [{ KYRIOS_API_KEY: 'kys_x' }, /KYRIOS_API_KEY is set but KYRIOS_API_URL is not/],
    [
      { KYRIOS_API_URL: 'ftp://api.example.com', KYRIOS_API_KEY: 'k' },
      /KYRIOS_API_URL must be an http\(s\) URL/,
    ],
    [
      { KYRIOS_API_URL: 'https://me:secret@api.example.com', KYRIOS_API_KEY: 'k' },
      /KYRIOS_API_URL must be an http\(s\) URL without credentials/,
    ],
    [
      { KYRIOS_API_URL: 'api.example.com', KYRIOS_API_KEY: 'k' },
      /KYRIOS_API_URL must be an http\(s\) URL/,
    ],
  ])('%j', (env, message) => {
    expect(() => remoteAccountFromEnv(env)).toThrow(ConfigError);
    expect(() => remoteAccountFromEnv(env)).toThrow(message);
  });
});
