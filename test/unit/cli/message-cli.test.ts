import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMessageCli } from '../../../src/main/cli/message-command';
import { MailCheckResult } from '../../../src/shared/mail-check';
import { startDnsFixture, type DnsFixture } from '../../fixtures/dns/index';
import { dkimpySign, keyFile } from '../helpers/dkimpy';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

/** `message` as scripts use it: a real child process, a loopback DNS server, dkimpy-signed files. */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const root = join(import.meta.dirname, '../../..');
const cleanup = createCleanup();
let dns: DnsFixture;
let dir: string;
let files: { good: string; broken: string; unreceived: string; binary: string };
let expectFile: string;

function cli(args: string[], stdin?: Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli/index.ts', ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** Each test starts the CLI once or twice (a Node process with tsx): allow for a busy machine. */
const SPAWNS = 60_000;

const dnsArgs = () => ['--authoritative', dns.address, '--timeout', '2000'];

beforeAll(async () => {
  const temp = makeTempDir('kyrios-message-cli-');
  cleanup.add(() => temp.remove());
  dir = temp.dir;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const key = `v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`;
  dns = await startDnsFixture({
    zones: [
      {
        origin: 'shop.test',
        records: [
          { name: 'shop.test', type: 'TXT', value: 'v=spf1 ip4:203.0.113.5 -all' },
          { name: 'k1._domainkey.shop.test', type: 'TXT', value: key },
          { name: '_dmarc.shop.test', type: 'TXT', value: 'v=DMARC1; p=reject' },
        ],
      },
    ],
  });
  cleanup.add(() => dns.close());
  const message = Buffer.from(
    'From: alice@shop.test\r\nTo: bob@receiver.test\r\nSubject: Hello\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\nMessage-ID: <h@shop.test>\r\n\r\nHi Bob.\r\n',
  );
  const signed = await dkimpySign(message, {
    selector: 'k1',
    domain: 'shop.test',
    keyFile: keyFile(dir, 'k1', privateKey),
  });
  const received = (ip: string) =>
    Buffer.from(
      `Return-Path: <alice@shop.test>\r\nReceived: from mail.shop.test (mail.shop.test [${ip}]) by mx.receiver.test with ESMTPS; Tue, 03 Nov 2026 10:00:02 +0000\r\n`,
    );
  const write = (name: string, data: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, data);
    return file;
  };
  files = {
    good: write('good.eml', Buffer.concat([received('203.0.113.5'), signed])),
    broken: write(
      'broken.eml',
      Buffer.concat([
        received('198.51.100.7'),
        Buffer.from(signed.toString('latin1').replace('Hi Bob', 'Hi Eve'), 'latin1'),
      ]),
    ),
    unreceived: write('unreceived.eml', signed),
    binary: write('binary.eml', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2])),
  };
  expectFile = join(dir, 'shop.json');
  writeFileSync(
    expectFile,
    JSON.stringify({
      domain: 'shop.test',
      records: [
        {
          purpose: 'dkim',
          type: 'TXT',
          name: 'k1._domainkey.shop.test',
          value: key,
          required: true,
        },
      ],
    }),
  );
});
afterAll(() => cleanup.run());

describe('kyrios-desk message', () => {
  it(
    '--json: the documented fields, exit 0 when everything passes',
    async () => {
      const run = await cli(['message', files.good, '--json', ...dnsArgs()]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout) as Record<string, unknown>;
      for (const field of [
        'from',
        'envelopeFrom',
        'spf',
        'dkim',
        'dmarc',
        'arc',
        'receiverResults',
        'fixes',
      ]) {
        expect(json).toHaveProperty(field);
      }
      const result = MailCheckResult.parse(json);
      expect(result).toMatchObject({
        from: 'alice@shop.test',
        envelopeFrom: 'alice@shop.test',
        status: 'pass',
        arc: null,
        receiverResults: null,
        fixes: [],
      });
      expect(result.dkim.map((d) => d.result)).toEqual(['pass']);
    },
    SPAWNS,
  );

  it(
    'exit 1 when something fails; the table says why and the fix',
    async () => {
      const run = await cli(['message', files.broken, ...dnsArgs()]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^"Hello" from alice@shop\.test {2}✗ FAIL/);
      expect(run.stdout).toMatch(
        /✗ SPF shop\.test\s+fail\n\s+SPF fails: [\s\S]*?does not allow\s+198\.51\.100\.7/,
      );
      expect(run.stdout).toMatch(/✗ DKIM d=shop\.test s=k1\s+fail\n\s+The body was changed/);
      expect(run.stdout).toMatch(
        /✗ DMARC shop\.test\s+fail\n[\s\S]*p=reject at _dmarc\.shop\.test[\s\S]*refuse it/,
      );
      expect(run.stdout).toMatch(/fix: Find what changes the body/);
    },
    SPAWNS,
  );

  it(
    'exit 3 when nothing fails but something could not be checked; --ip supplies the connection',
    async () => {
      const run = await cli(['message', files.unreceived, '--json', ...dnsArgs()]);
      expect(run.code).toBe(3);
      const result = MailCheckResult.parse(JSON.parse(run.stdout));
      expect(result.spf.codes).toEqual(['spf_no_connection']);
      const given = await cli([
        'message',
        files.unreceived,
        '--json',
        '--ip',
        '203.0.113.5',
        '--envelope-from',
        'alice@shop.test',
        ...dnsArgs(),
      ]);
      expect(given.code).toBe(0);
      expect(MailCheckResult.parse(JSON.parse(given.stdout)).connection.source).toBe('given');
    },
    SPAWNS,
  );

  it(
    'reads standard input with -, and --expect brings the records table in',
    async () => {
      const altered = Buffer.from(
        readFileSync(files.good).toString('latin1').replace('Subject: Hello', 'Subject: Hullo'),
        'latin1',
      );
      const plain = await cli(['message', '-', '--json', ...dnsArgs()], altered);
      expect(plain.code).toBe(1);
      expect(MailCheckResult.parse(JSON.parse(plain.stdout)).dkim.map((d) => d.codes)).toEqual([
        ['dkim_bad_signature'],
      ]);
      // Knowing the key Kyrios generated, it is published: so a signed header was changed.
      const known = await cli(
        ['message', '-', '--json', '--expect', expectFile, ...dnsArgs()],
        altered,
      );
      expect(known.code).toBe(1);
      expect(MailCheckResult.parse(JSON.parse(known.stdout)).dkim.map((d) => d.codes)).toEqual([
        ['dkim_header_changed'],
      ]);
    },
    SPAWNS,
  );

  it(
    '--json stays one document when mailauth prints (a body shorter than its l=)',
    async () => {
      const signed = await dkimpySign(readFileSync(files.good), {
        selector: 'k1',
        domain: 'shop.test',
        keyFile: join(dir, 'k1.pem'),
        length: true,
      });
      const cut = join(dir, 'cut.eml');
      writeFileSync(cut, signed.subarray(0, signed.length - 4));
      const run = await cli(['message', cut, '--json', ...dnsArgs()]);
      expect(run.stderr).toMatch(/TOTAL/);
      const result = MailCheckResult.parse(JSON.parse(run.stdout));
      expect(result.dkim[0]?.codes).toEqual(['dkim_body_changed']);
      expect(result.dkim[0]?.message).toMatch(/shorter than the \d+ bytes shop\.test signed/);
    },
    SPAWNS,
  );

  it(
    'exit 2 for input that is not a message',
    async () => {
      const binary = await cli(['message', files.binary, ...dnsArgs()]);
      expect(binary.code).toBe(2);
      expect(binary.stdout).toBe('');
      expect(binary.stderr).toMatch(/binary\.eml: This is a binary file, not an email message/);
    },
    SPAWNS,
  );

  it('exit 2 for a missing file and bad usage; --help (in process)', async () => {
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runMessageCli(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        color: false,
      });
      return { code, stdout, stderr };
    };
    const missing = await run(['message', join(dir, 'nope.eml')]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/nope\.eml: cannot read it \(ENOENT\)/),
    ]);
    const usage = await run(['message']);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringMatching(/give the message file/)]);
    expect((await run(['message', files.good, '--ip', 'not-an-ip'])).code).toBe(2);
    expect((await run(['message', files.good, '--timeout', '0'])).code).toBe(2);
    expect((await run(['message', files.good, '--nope'])).code).toBe(2);
    const help = await run(['message', '--help']);
    expect([help.code, help.stdout]).toEqual([
      0,
      expect.stringMatching(/^Usage: kyrios-desk message FILE\.eml/),
    ]);
  });
});
