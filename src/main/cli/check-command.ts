import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import {
  checkDomain,
  checkMailBasics,
  DnsClient,
  DnsInputError,
  parseHostPort,
} from '../../dns/index';
import type { CheckOptions, ServerAddress } from '../../dns/index';
import type { DomainCheckResult } from '../../shared/dns-check';
import { validateDomainName } from '../../shared/domain-name';
import { ExpectedRecords } from '../../shared/records';
import { renderTable } from './render';

/**
 * `check`: a CLI contract scripts depend on (docs/cli.md): one JSON document on stdout with --json;
 * the exit status follows the verdict printed: 0 (nothing fails), 1 (something fails), 2 (bad
 * usage or input, said on stderr), 3 (nothing fails, but something could not be checked).
 */

export const USAGE = `Usage: kyrios-desk check [DOMAIN] [--expect FILE]... [--authoritative HOST[:PORT]]...
                        [--resolver HOST[:PORT]]... [--timeout MS] [--json]

Checks a domain's DNS on its own authoritative servers and on resolvers, and says exactly what is
wrong and how to fix it.

  DOMAIN                    without --expect: report the domain's mail basics (SPF, DMARC, MX);
                            any letter case (DNS names are case-insensitive)
  --expect FILE             a domain's expected records as the Kyrios API returns them
                            ({"domain": "...", "records": [{"purpose", "type", "name", "value",
                            "priority"?, "required"}]}); repeat to check several domains at once.
                            With DOMAIN too, only the files for DOMAIN are checked.
  --authoritative HOST[:PORT]
                            ask these servers as the authoritative truth instead of the zone's own
  --resolver HOST[:PORT]    compare with these resolvers instead of the system's and public ones
  --nameserver NAME=HOST[:PORT]
                            reach the NS host NAME at this address (tests, split-horizon DNS)
  --timeout MS              per-query timeout in milliseconds (default 2000, 2 tries)
  --json                    print one JSON document: an object for one domain, an array for several
  -h, --help                show this help

Ports default to 53. Exit status: 0 when nothing fails (warnings, "!", included), 1 when
something fails ("✗"), 2 for bad usage or input, 3 when nothing fails but something could not be
checked ("?": no server answered).
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours only on a terminal (and not with NO_COLOR). */
  color: boolean;
}

class UsageError extends Error {}

async function toServers(
  values: string[] | undefined,
  flag: string,
): Promise<ServerAddress[] | undefined> {
  if (!values || values.length === 0) return undefined;
  const servers: ServerAddress[] = [];
  for (const value of values) {
    let hp;
    try {
      hp = parseHostPort(value);
    } catch (err) {
      throw new UsageError(`${flag}: ${(err as Error).message}`);
    }
    if (isIP(hp.host) !== 0) {
      servers.push(hp);
      continue;
    }
    try {
      const { address } = await lookup(hp.host);
      servers.push({ host: address, port: hp.port, label: hp.host });
    } catch {
      throw new UsageError(`${flag} ${value}: cannot resolve the host name ${hp.host}`);
    }
  }
  return servers;
}

function parseNameservers(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const map: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = value.slice(0, eq).trim().toLowerCase();
    const target = value.slice(eq + 1).trim();
    if (eq <= 0 || target === '')
      throw new UsageError(`--nameserver ${value}: expected NAME=HOST[:PORT]`);
    try {
      const hp = parseHostPort(target);
      if (isIP(hp.host) === 0) throw new Error('expected an IP address');
      map[name] = `${hp.host.includes(':') ? `[${hp.host}]` : hp.host}:${hp.port}`;
    } catch (err) {
      throw new UsageError(`--nameserver ${value}: ${(err as Error).message}`);
    }
  }
  return map;
}

async function readExpect(file: string): Promise<ExpectedRecords> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--expect ${file}: cannot read it (${code === 'ENOENT' ? 'no such file' : (err as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--expect ${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = ExpectedRecords.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new UsageError(
      `--expect ${file}: not an expected-records document: ${issues.join('; ')}`,
    );
  }
  const domain = validateDomainName(parsed.data.domain);
  if (!domain.ok) throw new UsageError(`--expect ${file}: "domain": ${domain.message}`);
  return parsed.data;
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1 || ms > 60_000) {
    throw new UsageError(`--timeout ${text}: expected milliseconds, from 1 to 60000`);
  }
  return ms;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        expect: { type: 'string', multiple: true },
        authoritative: { type: 'string', multiple: true },
        resolver: { type: 'string', multiple: true },
        nameserver: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [command, domainArg, ...extra] = positionals;
  if (command !== 'check') {
    throw new UsageError(
      command === undefined ? 'missing command: check' : `unknown command "${command}"`,
    );
  }
  if (extra.length > 0)
    throw new UsageError(
      `unexpected argument "${extra[0]}": give one DOMAIN, or several --expect FILE`,
    );
  // DNS names are case-insensitive and the check only reads DNS: ACME.test is acme.test (and a
  // final dot, as in a zone file, changes nothing). Only the service's own input is lowercase-only.
  const domain = domainArg?.toLowerCase().replace(/(?<=.)\.$/, '');
  if (domainArg !== undefined && domain !== undefined) {
    const check = validateDomainName(domain);
    if (!check.ok) throw new UsageError(`DOMAIN "${domainArg}": ${check.message}`);
  }
  let expectations = await Promise.all((values.expect ?? []).map(readExpect));
  if (domain === undefined && expectations.length === 0) {
    throw new UsageError('give a DOMAIN, or one or more --expect FILE');
  }
  if (domain !== undefined && expectations.length > 0) {
    const all = expectations.map((e) => e.domain);
    expectations = expectations.filter((e) => e.domain === domain);
    if (expectations.length === 0) {
      throw new UsageError(
        `DOMAIN ${domain} matches none of the --expect files (${all.join(', ')})`,
      );
    }
  }
  const timeoutMs = parseTimeout(values.timeout);
  const authoritative = await toServers(values.authoritative, '--authoritative');
  const resolvers = await toServers(values.resolver, '--resolver');
  const nameserverMap = parseNameservers(values.nameserver);
  const options: CheckOptions = {
    client: new DnsClient(),
    ...(authoritative ? { authoritative } : {}),
    ...(resolvers ? { resolvers } : {}),
    ...(nameserverMap ? { nameserverMap } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  let results: DomainCheckResult[];
  try {
    results =
      expectations.length > 0
        ? await checkAll(expectations, options)
        : [await checkMailBasics(domain ?? '', options)];
  } catch (err) {
    if (err instanceof DnsInputError) throw new UsageError(err.message);
    throw err;
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  } else {
    io.stdout(renderTable(results, io.color));
  }
  return exitStatus(results);
}

/**
 * Domains checked at once. The client's bounds (queries in flight overall and per server) set the
 * pace; starting hundreds of checks together only queues their questions and keeps every check's
 * state alive meanwhile, which the garbage collector pays for.
 */
const DOMAINS_AT_ONCE = 16;

/** Every domain checked, in the files' order, a bounded number at a time. */
async function checkAll(
  list: ExpectedRecords[],
  options: CheckOptions,
): Promise<DomainCheckResult[]> {
  const results: DomainCheckResult[] = new Array<DomainCheckResult>(list.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < list.length) {
      const i = next++;
      const expected = list[i];
      if (!expected) continue;
      try {
        results[i] = await checkDomain(expected, options);
      } catch (err) {
        failed = true; // a name that cannot be asked: no new checks, the error is reported
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DOMAINS_AT_ONCE, list.length) }, worker));
  return results;
}

/** The exit status that matches the verdicts printed: the worst domain status decides. */
export function exitStatus(results: readonly Pick<DomainCheckResult, 'status'>[]): number {
  if (results.some((d) => d.status === 'fail')) return 1;
  if (results.some((d) => d.status === 'unknown')) return 3;
  return 0;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`kyrios-desk: ${err.message}\nRun "kyrios-desk check --help" for usage.\n`);
      return 2;
    }
    io.stderr(`kyrios-desk: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}
