import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerAddress } from '../../../src/dns/server-address';

/**
 * Debian's dkimpy (python3-dkim) and pyspf (python3-spf), the DKIM, ARC and SPF implementations
 * the tests trust because the project did not write them. Always /usr/bin/python3: the python3 on PATH may be another one
 * without the module.
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, '../../fixtures/dkimpy.py');

function run(args: string[], input: Buffer): Promise<Buffer> {
  return new Promise((done, fail) => {
    const child = execFile(
      PYTHON,
      [SCRIPT, ...args],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`dkimpy ${args[0]}: ${error.message}\n${stderr.toString()}`));
        else done(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

const address = (server: ServerAddress) => `${server.host}:${server.port}`;

/** Writes a PEM key where dkimpy can read it. */
export function keyFile(dir: string, name: string, pem: string): string {
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, pem, { mode: 0o600 });
  return file;
}

export interface DkimpySignOptions {
  selector: string;
  domain: string;
  keyFile: string;
  /** Adds l= with the body length. */
  length?: boolean;
  /** The header fields to sign (dkimpy's default set otherwise). */
  headers?: string[];
}

/** The message with dkimpy's DKIM-Signature (relaxed/relaxed, rsa-sha256) on top. */
export function dkimpySign(message: Buffer, options: DkimpySignOptions): Promise<Buffer> {
  return run(
    [
      'sign',
      options.selector,
      options.domain,
      options.keyFile,
      ...(options.length ? ['--length'] : []),
      ...(options.headers ? ['--headers', options.headers.join(':')] : []),
    ],
    message,
  );
}

/** dkimpy's verdict for each DKIM-Signature, top first, keys asked of `dns`. */
export async function dkimpyVerify(message: Buffer, dns: ServerAddress): Promise<boolean[]> {
  const out = await run(['verify', address(dns)], message);
  return (JSON.parse(out.toString('utf8')) as { signatures: boolean[] }).signatures;
}

/** The message with one more ARC set (ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results). */
export function dkimpyArcSign(
  message: Buffer,
  options: { selector: string; domain: string; keyFile: string; srvId: string },
): Promise<Buffer> {
  return run(
    ['arc-sign', options.selector, options.domain, options.keyFile, options.srvId],
    message,
  );
}

export async function dkimpyArcVerify(message: Buffer, dns: ServerAddress): Promise<string> {
  const out = await run(['arc-verify', address(dns)], message);
  return (JSON.parse(out.toString('utf8')) as { cv: string }).cv;
}

/** pyspf's SPF result (check2) for a connection, asking `dns` (a recursive fixture for CNAMEs). */
export async function pyspfCheck(
  ip: string,
  sender: string,
  helo: string,
  dns: ServerAddress,
): Promise<string> {
  const out = await run(['spf', ip, sender, helo, address(dns)], Buffer.alloc(0));
  return (JSON.parse(out.toString('utf8')) as { result: string }).result;
}
