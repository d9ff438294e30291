import { lookup } from 'node:dns/promises';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { checkDomain, defaultResolvers, DnsClient, parseHostPort } from '../../dns/index';
import type { CheckOptions, ServerAddress } from '../../dns/index';
import { createMailResolver } from '../../dns/mail-resolver';
import type { MailCheckResult } from '../../shared/mail-check';
import { ExpectedRecords } from '../../shared/records';
import { validateDomainName } from '../../shared/domain-name';
import { checkMessage, MailInputError } from '../mail-check/check-message';
import { createKnownRecords, type KnownDomain } from '../mail-check/known-records';
import type { CliIo } from './check-command';
import { renderMessage } from './message-render';

/**
 * `message`: checks a received message as its receiver did, from a terminal. A CLI contract like
 * `check`: one JSON document with --json (from, envelopeFrom, spf, dkim[], dmarc, arc,
 * receiverResults, fixes, and more); exit 0 when everything passes (warnings included), 1 when
 * something fails, 2 for bad usage or input that is not a message, 3 when nothing fails but
 * something could not be checked (as `check`).
 */

export const MESSAGE_USAGE = `Usage: kyrios-desk message FILE.eml [--json] [--resolver HOST[:PORT]]...
                          [--authoritative HOST[:PORT]]... [--expect FILE]...
                          [--ip IP] [--helo NAME] [--envelope-from ADDRESS] [--timeout MS]

Checks a received message as its receiver did: SPF for the envelope sender and the connecting IP
(from the Received lines), every DKIM signature, DMARC alignment and the policy in force (RFC 9989's
DNS tree walk), ARC, and the receiver's own Authentication-Results. FILE - reads standard input.

  --resolver HOST[:PORT]     ask these resolvers (default: the system's, then public ones)
  --authoritative HOST[:PORT]
                             ask these servers instead, without recursion (tests, split DNS)
  --expect FILE              a domain's records as the Kyrios API returns them: failures of that
                             domain get the records table's fix (repeatable)
  --ip IP, --helo NAME, --envelope-from ADDRESS
                             the connection as the receiver saw it, when the Received lines
                             do not say (a message from an outbox, or the Sent folder)
  --timeout MS               per-query timeout in milliseconds (default 2000, 2 tries)
  --json                     print one JSON document
  -h, --help                 show this help

Exit status: 0 when everything passes (warnings included), 1 when something fails, 2 for bad
usage or a file that is not a message, 3 when nothing fails but something could not be checked.
`;

class UsageError extends Error {}

async function servers(values: string[] | undefined, flag: string): Promise<ServerAddress[]> {
  const list: ServerAddress[] = [];
  for (const value of values ?? []) {
    let hp;
    try {
      hp = parseHostPort(value);
    } catch (error) {
      throw new UsageError(`${flag}: ${(error as Error).message}`);
    }
    if (isIP(hp.host) !== 0) {
      list.push(hp);
      continue;
    }
    try {
      list.push({ host: (await lookup(hp.host)).address, port: hp.port, label: hp.host });
    } catch {
      throw new UsageError(`${flag} ${value}: cannot resolve the host name ${hp.host}`);
    }
  }
  return list;
}

async function readExpect(file: string): Promise<KnownDomain> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--expect ${file}: cannot read it as JSON (${(error as Error).message})`);
  }
  const parsed = ExpectedRecords.safeParse(json);
  if (!parsed.success || !validateDomainName(parsed.data.domain).ok) {
    throw new UsageError(`--expect ${file}: not an expected-records document`);
  }
  return { expected: parsed.data, dedicatedIp: null };
}

function timeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 60_000) {
    throw new UsageError(`--timeout ${text}: expected milliseconds, from 1 to 60000`);
  }
  return Number(text);
}

/** The exit status that matches the verdict printed. */
export function messageExitStatus(result: Pick<MailCheckResult, 'status'>): number {
  if (result.status === 'fail') return 1;
  if (result.status === 'unknown') return 3;
  return 0;
}

async function run(argv: string[], io: CliIo, stdin: Readable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        resolver: { type: 'string', multiple: true },
        authoritative: { type: 'string', multiple: true },
        expect: { type: 'string', multiple: true },
        ip: { type: 'string' },
        helo: { type: 'string' },
        'envelope-from': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(MESSAGE_USAGE);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if (command !== 'message') throw new UsageError(`unknown command "${command ?? ''}"`);
  if (file === undefined) throw new UsageError('give the message file (FILE.eml, or - for stdin)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}": one FILE only`);
  if (values.ip !== undefined && isIP(values.ip) === 0) {
    throw new UsageError(`--ip ${values.ip}: not an IP address`);
  }

  const timeoutMs = timeout(values.timeout);
  const resolvers = await servers(values.resolver, '--resolver');
  const authoritative = await servers(values.authoritative, '--authoritative');
  const known = await Promise.all((values.expect ?? []).map(readExpect));
  const client = new DnsClient();
  const recursive = resolvers.length > 0 || authoritative.length === 0;
  const resolver = createMailResolver({
    servers: recursive
      ? resolvers.length > 0
        ? resolvers
        : await defaultResolvers()
      : authoritative,
    recursion: recursive,
    client,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  // The records table (--expect): with --authoritative alone, those servers are all there is to ask.
  const checkOptions: CheckOptions = {
    client,
    ...(authoritative.length > 0 ? { authoritative } : {}),
    ...(resolvers.length > 0
      ? { resolvers }
      : authoritative.length > 0
        ? { resolvers: authoritative }
        : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };

  let input: Readable;
  if (file === '-') input = stdin;
  else {
    try {
      if (!(await stat(file)).isFile()) throw new UsageError(`${file}: not a file`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    input = createReadStream(file);
  }
  let result: MailCheckResult;
  // mailauth prints a debugging line (console.log) for a body shorter than a signature's l=:
  // stdout is for the verdict alone (scripts parse --json), so its lines go to stderr.
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  try {
    result = await checkMessage(input, {
      resolver,
      known: createKnownRecords(known, (expected) => checkDomain(expected, checkOptions)),
      given: {
        ...(values.ip ? { ip: values.ip } : {}),
        ...(values.helo ? { helo: values.helo } : {}),
        ...(values['envelope-from'] !== undefined ? { envelopeFrom: values['envelope-from'] } : {}),
      },
    });
  } catch (error) {
    if (error instanceof MailInputError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  } finally {
    console.log = log;
  }
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderMessage(result, io.color));
  return messageExitStatus(result);
}

/** Runs `message` and returns its exit code; never throws. */
export async function runMessageCli(
  argv: string[],
  io: CliIo,
  stdin: Readable = process.stdin,
): Promise<number> {
  try {
    return await run(argv, io, stdin);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kyrios-desk: ${error.message}\nRun "kyrios-desk message --help" for usage.\n`);
      return 2;
    }
    io.stderr(`kyrios-desk: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
