import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Implementations the project did not write, asked the same questions through the lab's resolver:
 * pyspf (Debian's python3-spf) evaluates SPF as a receiver does, opendkim-testkey reads a DKIM key
 * record and compares it with the private key. Debian's /usr/bin/python3 has the modules (a python3
 * earlier on PATH may not).
 */

interface Run {
  code: number;
  output: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

const PYSPF = `
import json, sys
import dns.resolver, spf
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [sys.argv[1]]
resolver.lifetime = 10
dns.resolver.default_resolver = resolver
out = []
for ip, domain in json.loads(sys.argv[2]):
    result, explanation = spf.check2(i=ip, s='postmaster@' + domain, h='mail.' + domain)
    out.append([result, explanation])
print(json.dumps(out))
`;

/** pyspf's check_host() result (pass, fail, softfail, neutral, none, permerror, temperror) for each. */
export async function pyspf(
  resolver: string,
  questions: { ip: string; domain: string }[],
): Promise<{ result: string; explanation: string }[]> {
  const { code, output } = await run('/usr/bin/python3', [
    '-c',
    PYSPF,
    resolver,
    JSON.stringify(questions.map((q) => [q.ip, q.domain])),
  ]);
  if (code !== 0) throw new Error(`pyspf failed (${code}): ${output}`);
  return (JSON.parse(output) as [string, string][]).map(([result, explanation]) => ({
    result,
    explanation,
  }));
}

/**
 * opendkim-testkey against the lab: its resolver (libunbound) forwards to the lab's resolver, with
 * `test.` allowed (libunbound answers it locally by default) and loopback servers allowed.
 */
export function opendkimTestkey(
  dir: string,
  resolver: string,
  domain: string,
  selector: string,
  privateKeyFile: string,
): Promise<Run> {
  const unbound = join(dir, 'opendkim-unbound.conf');
  const conf = join(dir, 'opendkim.conf');
  writeFileSync(
    unbound,
    `server:\n  do-not-query-localhost: no\n  module-config: "iterator"\n  local-zone: "test." nodefault\nforward-zone:\n  name: "."\n  forward-addr: ${resolver}\n`,
  );
  writeFileSync(conf, `ResolverConfiguration ${unbound}\n`);
  return run('opendkim-testkey', [
    '-x',
    conf,
    '-d',
    domain,
    '-s',
    selector,
    '-k',
    privateKeyFile,
    '-vvv',
  ]);
}
