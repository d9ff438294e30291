import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailResolver } from '../../../../src/dns/mail-resolver';
import { checkMessage, MailInputError } from '../../../../src/main/mail-check/check-message';
import { dkimSignatureFor } from '../../../../src/sandbox/smtp/dkim-sign';
import type { MailCheckResult, MailInputProblem } from '../../../../src/shared/mail-check';
import { startDnsFixture, type DnsFixture } from '../../../fixtures/dns/index';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// The bad input catalogue of the message check: each gets a clear message, nothing crashes, and a
// 50 MB message streams through (its memory is measured in a process of its own).
const cleanup = createCleanup();
let dns: DnsFixture;
let key: string;
let dir: string;

beforeAll(async () => {
  const temp = makeTempDir('kyrios-bad-mail-');
  cleanup.add(() => temp.remove());
  dir = temp.dir;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  key = privateKey;
  dns = await startDnsFixture({
    zones: [
      {
        origin: 'shop.test',
        records: [
          { name: 'shop.test', type: 'TXT', value: 'v=spf1 ip4:203.0.113.5 -all' },
          {
            name: 'k1._domainkey.shop.test',
            type: 'TXT',
            value: `v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`,
          },
          { name: '_dmarc.shop.test', type: 'TXT', value: 'v=DMARC1; p=quarantine' },
        ],
      },
    ],
  });
  cleanup.add(() => dns.close());
});
afterAll(() => cleanup.run());

const resolver = () =>
  createMailResolver({ servers: [dns], recursion: false, timeoutMs: 2000, tries: 2 });

const HEAD =
  'From: alice@shop.test\r\nTo: bob@receiver.test\r\nSubject: Hello\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m1@shop.test>\r\n';
const RECEIVED =
  'Return-Path: <alice@shop.test>\r\nReceived: from mail.shop.test (mail.shop.test [203.0.113.5]) by mx.receiver.test with ESMTPS; Tue, 03 Nov 2026 10:00:02 +0000\r\n';

async function signed(message: Buffer, selector = 'k1'): Promise<Buffer> {
  const signature = await dkimSignatureFor(message, {
    domain: 'shop.test',
    selector,
    privateKeyPem: key,
  });
  return Buffer.concat([Buffer.from(signature), message]);
}

async function refused(input: Buffer | string | Readable): Promise<MailInputError> {
  const error = await checkMessage(input, { resolver: resolver() }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailInputError);
  return error as MailInputError;
}

async function problem(input: Buffer | string | Readable): Promise<[MailInputProblem, string]> {
  const error = await refused(input);
  return [error.problem, error.message];
}

describe('bad input: a clear message, nothing crashes', () => {
  it('an empty input', async () => {
    expect(await problem('')).toEqual([
      'empty',
      'There is nothing to check: the message is empty.',
    ]);
  });

  it('a binary file: an image, random bytes, NUL bytes behind a plausible header', async () => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(4000)]);
    const [code, message] = await problem(png);
    expect(code).toBe('binary');
    expect(message).toMatch(
      /binary file, not an email message: it starts like a PDF, ZIP or image/,
    );
    expect((await problem(Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(2000)])))[0]).toBe(
      'binary',
    );
    const [inBody, why] = await problem(Buffer.from(`${HEAD}\r\nhello\x00\x00world\r\n`, 'latin1'));
    expect([inBody, why]).toEqual(['binary', expect.stringMatching(/its body holds NUL bytes/)]);
  });

  it('not an RFC 5322 message: says which line is not a header field', async () => {
    const [code, message] = await problem('Hello Bob,\nhere is the text I copied.\n');
    expect(code).toBe('not_a_message');
    expect(message).toMatch(/its first line \("Hello Bob,"\) is not a header field/);
    const [midway, text] = await problem(`${HEAD}This line is no field\r\n\r\nbody\r\n`);
    expect(midway).toBe('not_a_message');
    expect(text).toMatch(/header line 6 \("This line is no field"\) is not a header field/);
  });

  it('a truncated file: a multipart body without its closing boundary', async () => {
    const whole = `${HEAD}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nPart one\r\n--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${'QUJD'.repeat(500)}\r\n--b1--\r\n`;
    const ok = await checkMessage(whole, { resolver: resolver() });
    expect(ok.size).toBe(Buffer.byteLength(whole));
    const [code, message] = await problem(whole.slice(0, whole.length - 900));
    expect(code).toBe('truncated');
    expect(message).toMatch(/cut short: .*closing boundary \(--b1--\) never comes/);
    // The closing boundary split across two chunks still counts.
    const split = Readable.from([Buffer.from(whole.slice(0, -7)), Buffer.from(whole.slice(-7))]);
    expect((await checkMessage(split, { resolver: resolver() })).size).toBe(
      Buffer.byteLength(whole),
    );
  });

  it('a header section that never ends stops at 1 MiB, without reading the rest', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 65_536;
        this.push(
          produced > 64 * 1024 * 1024 ? null : Buffer.from(`X-Pad: ${'a'.repeat(65_526)}\r\n`),
        );
      },
    });
    const [code, message] = await problem(endless);
    expect(code).toBe('header_too_large');
    expect(message).toMatch(/No end of the header section in the first 1\.0 MB/);
    expect(produced).toBeLessThan(4 * 1024 * 1024);
  });

  it('no From field', async () => {
    expect(await problem('To: bob@receiver.test\r\nSubject: x\r\n\r\nbody\r\n')).toEqual([
      'no_from',
      expect.stringMatching(/has no From header field: every message must have one/),
    ]);
  });

  it('headers with no Received line: SPF cannot be judged, and says why', async () => {
    const result = await checkMessage(await signed(Buffer.from(`${HEAD}\r\nbody\r\n`)), {
      resolver: resolver(),
    });
    expect([result.spf.status, result.spf.codes]).toEqual(['unknown', ['spf_no_connection']]);
    expect(result.spf.message).toMatch(/no Received field, so nothing says which server sent it/);
    expect(result.dkim.map((d) => d.result)).toEqual(['pass']);
    expect(result.dmarc.result).toBe('pass');
    expect(result.status).toBe('unknown');
  });

  it('pasted headers only: the key is checked, the signature needs the body', async () => {
    const whole = await signed(Buffer.from(`${RECEIVED}${HEAD}\r\nbody\r\n`));
    const headers = whole.subarray(0, whole.indexOf('\r\n\r\n') + 2);
    const result = await checkMessage(headers, { resolver: resolver() });
    expect(result.notes.map((n) => n.code)).toEqual(['headers_only']);
    expect(result.dkim.map((d) => [d.status, d.codes])).toEqual([['unknown', ['dkim_needs_body']]]);
    expect(result.spf.result).toBe('pass');
  });

  it('8-bit headers: named, and checked all the same', async () => {
    const latin1 = Buffer.from(`${HEAD.replace('Hello', 'Caf\xe9')}\r\nbody\r\n`, 'latin1');
    const result = await checkMessage(Buffer.concat([Buffer.from(RECEIVED), latin1]), {
      resolver: resolver(),
    });
    expect(result.notes.map((n) => n.code)).toEqual(['eight_bit_headers']);
    expect(result.notes[0]?.message).toMatch(
      /^Header fields \(subject\) hold 8-bit bytes that are not UTF-8/,
    );
    expect(result.spf.result).toBe('pass');
    const utf8 = Buffer.from(`${RECEIVED}${HEAD.replace('Hello', 'Café ✓')}\r\nbody\r\n`, 'utf8');
    const again = await checkMessage(await signed(utf8), { resolver: resolver() });
    expect(again.notes.map((n) => n.code)).toEqual(['utf8_headers']);
    expect(again.subject).toBe('Café ✓');
    expect(again.dkim.map((d) => d.result)).toEqual(['pass']);
  });

  it('20 signatures: each judged, and a word about so many', async () => {
    let message: Buffer = Buffer.from(`${RECEIVED}${HEAD}\r\nbody\r\n`);
    message = await signed(message);
    for (let i = 1; i < 20; i++) message = await signed(message, `s${i}`);
    const result: MailCheckResult = await checkMessage(message, { resolver: resolver() });
    expect(result.dkim).toHaveLength(20);
    expect(result.dkim.filter((d) => d.codes.includes('dkim_no_key'))).toHaveLength(19);
    expect(result.dkim.at(-1)?.result).toBe('pass');
    expect(result.dmarc.result).toBe('pass');
    expect(result.notes.map((n) => n.code)).toEqual(['many_signatures']);
    expect(result.notes[0]?.message).toMatch(/carries 20 DKIM signatures/);
  });

  it('a 50 MB message streams through: DKIM verified over all of it, nothing of it held', async () => {
    const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwQUJDREVGR0hJSktMTU5P\r\n';
    const head = `${RECEIVED}${HEAD}MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
    const body = Buffer.from(line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const big = await signed(Buffer.concat([Buffer.from(head), body]));
    const file = join(dir, 'big.eml');
    const out = createWriteStream(file);
    out.end(big);
    await once(out, 'finish');
    type MemoryRun = { size: number; dkim: string[]; notes: string[]; retainedMb: number };
    const run = (mode: string[] = []) =>
      new Promise<MemoryRun>((done, fail) => {
        execFile(
          process.execPath,
          [
            '--expose-gc',
            '--import',
            'tsx',
            resolve(import.meta.dirname, '../../../fixtures/mail-check-memory.ts'),
            file,
            dns.address,
            ...mode,
          ],
          { cwd: resolve(import.meta.dirname, '../../../..') },
          (error, stdout, stderr) =>
            error
              ? fail(new Error(`${error.message}\n${stderr}`))
              : done(JSON.parse(stdout) as MemoryRun),
        );
      });
    const streamed = await run();
    expect(streamed.size).toBe(big.length);
    expect(streamed.size).toBeGreaterThan(50 * 1024 * 1024);
    expect(streamed.dkim).toEqual(['pass']);
    expect(streamed.notes).toEqual(['large_message']);
    // Sampled after full collections while it runs, the check holds next to nothing of it...
    expect(streamed.retainedMb).toBeLessThan(16);
    // ...where holding it whole (the control) shows up as its size.
    const whole = await run(['--whole']);
    expect(whole.dkim).toEqual(['pass']);
    expect(whole.retainedMb).toBeGreaterThan(50);
  }, 120_000);
});
