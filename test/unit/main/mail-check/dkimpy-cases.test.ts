import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailResolver } from '../../../../src/dns/mail-resolver';
import { checkMessage } from '../../../../src/main/mail-check/check-message';
import type { MailCheckResult } from '../../../../src/shared/mail-check';
import { startDnsFixture, type DnsFixture } from '../../../fixtures/dns/index';
import { dkimpySign, dkimpyVerify, keyFile, pyspfCheck } from '../../helpers/dkimpy';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// Messages signed by dkimpy (Debian's python3-dkim), keys published on a loopback DNS server: the
// app's verdicts must be the expected ones, and its DKIM pass/fail must be dkimpy's own; its SPF
// result is pyspf's (Debian's python3-spf) for the same connection.
const cleanup = createCleanup();
let dns: DnsFixture;
let keys: { shop: string; other: string };
const SENDER_IP = '203.0.113.5';
const STRANGER_IP = '198.51.100.7';

function rsaKey(): { pem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { pem: privateKey, publicKey: publicKey.toString('base64') };
}

beforeAll(async () => {
  const temp = makeTempDir('kyrios-dkimpy-');
  cleanup.add(() => temp.remove());
  const shop = rsaKey();
  const other = rsaKey();
  keys = {
    shop: keyFile(temp.dir, 'shop', shop.pem),
    other: keyFile(temp.dir, 'other', other.pem),
  };
  const spfRecord = `v=spf1 ip4:${SENDER_IP} -all`;
  dns = await startDnsFixture({
    zones: [
      {
        origin: 'shop.test',
        records: [
          { name: 'shop.test', type: 'TXT', value: spfRecord },
          {
            name: 'k1._domainkey.shop.test',
            type: 'TXT',
            value: `v=DKIM1; k=rsa; p=${shop.publicKey}`,
          },
          { name: 'revoked._domainkey.shop.test', type: 'TXT', value: 'v=DKIM1; k=rsa; p=' },
          {
            name: 'broken._domainkey.shop.test',
            type: 'TXT',
            value: 'v=DKIM1; k=rsa; p=MIIB!!notbase64',
          },
          {
            name: '_dmarc.shop.test',
            type: 'TXT',
            value: 'v=DMARC1; p=none; rua=mailto:d@shop.test',
          },
        ],
      },
      {
        origin: 'other.test',
        records: [
          { name: 'other.test', type: 'TXT', value: spfRecord },
          {
            name: 'k1._domainkey.other.test',
            type: 'TXT',
            value: `v=DKIM1; k=rsa; p=${other.publicKey}`,
          },
        ],
      },
      {
        origin: 'strict.test',
        records: [
          { name: 'strict.test', type: 'TXT', value: spfRecord },
          { name: '_dmarc.strict.test', type: 'TXT', value: 'v=DMARC1; p=reject' },
        ],
      },
      {
        origin: 'aligned.test',
        records: [
          { name: 'mail.aligned.test', type: 'TXT', value: spfRecord },
          {
            name: 'k1._domainkey.mail.aligned.test',
            type: 'TXT',
            value: `v=DKIM1; k=rsa; p=${shop.publicKey}`,
          },
          // Relaxed for the domain, strict asked by its subdomain's own record; sp= for the rest.
          { name: '_dmarc.aligned.test', type: 'TXT', value: 'v=DMARC1; p=none; sp=reject' },
          {
            name: '_dmarc.strict.aligned.test',
            type: 'TXT',
            value: 'v=DMARC1; p=quarantine; adkim=s; aspf=s',
          },
          { name: 'strict.aligned.test', type: 'TXT', value: spfRecord },
        ],
      },
      { origin: 'receiver.test' },
    ],
  });
  cleanup.add(() => dns.close());
});
afterAll(() => cleanup.run());

function message(from = 'Alice <alice@shop.test>', subject = 'Invoice 42'): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: Bob <bob@receiver.test>',
      `Subject: ${subject}`,
      'Date: Tue, 03 Nov 2026 10:00:00 +0000',
      'Message-ID: <invoice-42@shop.test>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello Bob,',
      '',
      'the invoice is attached.',
      '',
    ].join('\r\n'),
  );
}

/** What the receiving MX puts on top: the envelope sender and where the connection came from. */
function received(signed: Buffer, ip = SENDER_IP, envelope = 'alice@shop.test'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `Return-Path: <${envelope}>\r\nReceived: from mail.sender.test (mail.sender.test [${ip}])\r\n\tby mx.receiver.test with ESMTPS id r1 for <bob@receiver.test>;\r\n\tTue, 03 Nov 2026 10:00:02 +0000\r\n`,
    ),
    signed,
  ]);
}

function check(raw: Buffer): Promise<MailCheckResult> {
  const resolver = createMailResolver({
    servers: [dns],
    recursion: false,
    timeoutMs: 2000,
    tries: 1,
  });
  return checkMessage(raw, { resolver });
}

function sign(
  raw: Buffer,
  selector: string,
  domain = 'shop.test',
  extra: { length?: boolean } = {},
) {
  return dkimpySign(raw, {
    selector,
    domain,
    keyFile: domain === 'other.test' ? keys.other : keys.shop,
    ...extra,
  });
}

function verdicts(result: MailCheckResult) {
  return {
    status: result.status,
    spf: [result.spf.result, result.spf.codes],
    dkim: result.dkim.map((d) => [d.status, d.result, d.codes]),
    dmarc: [result.dmarc.status, result.dmarc.result, result.dmarc.codes],
  };
}

describe('messages signed by dkimpy', () => {
  it('valid: DKIM, SPF and DMARC pass', async () => {
    const raw = received(await sign(message(), 'k1'));
    const result = await check(raw);
    expect(verdicts(result)).toEqual({
      status: 'pass',
      spf: ['pass', ['ok']],
      dkim: [['pass', 'pass', ['ok']]],
      dmarc: ['pass', 'pass', ['ok']],
    });
    expect(await dkimpyVerify(raw, dns)).toEqual([true]);
    expect(result.dkim[0]).toMatchObject({ domain: 'shop.test', selector: 'k1', aligned: true });
    expect(result.dmarc).toMatchObject({
      policy: 'none',
      recordDomain: 'shop.test',
      disposition: null,
    });
    expect(result.fixes).toEqual([]);
  });

  it('body altered: the body hash fails (DMARC still passes through aligned SPF)', async () => {
    const signed = await sign(message(), 'k1');
    const raw = received(
      Buffer.from(signed.toString('latin1').replace('attached', 'ATTACHED'), 'latin1'),
    );
    const result = await check(raw);
    expect(verdicts(result)).toEqual({
      status: 'fail',
      spf: ['pass', ['ok']],
      dkim: [['fail', 'fail', ['dkim_body_changed']]],
      dmarc: ['pass', 'pass', ['ok']],
    });
    expect(await dkimpyVerify(raw, dns)).toEqual([false]);
    expect(result.fixes.map((f) => f.code)).toEqual(['dkim_body_changed']);
    expect(result.fixes[0]?.fix).toMatch(/footer or disclaimer/);
  });

  it('a signed header altered: the signature does not verify', async () => {
    const signed = await sign(message(), 'k1');
    const raw = received(
      Buffer.from(signed.toString('latin1').replace('Invoice 42', 'Invoice 43'), 'latin1'),
    );
    const result = await check(raw);
    expect(result.dkim.map((d) => [d.status, d.result, d.codes])).toEqual([
      ['fail', 'fail', ['dkim_bad_signature']],
    ]);
    expect(await dkimpyVerify(raw, dns)).toEqual([false]);
    expect(result.dkim[0]?.message).toMatch(/signed header field \(.*subject.*\) was changed/i);
  });

  it('wrong selector: no key is published for it', async () => {
    const raw = received(await sign(message(), 'missing'));
    const result = await check(raw);
    expect(result.dkim.map((d) => [d.status, d.result, d.codes])).toEqual([
      ['fail', 'permerror', ['dkim_no_key']],
    ]);
    expect(await dkimpyVerify(raw, dns)).toEqual([false]);
    expect(result.dkim[0]?.message).toMatch(
      /No DKIM key at missing\._domainkey\.shop\.test: the name does not exist/,
    );
  });

  it('revoked key (empty p=)', async () => {
    const raw = received(await sign(message(), 'revoked'));
    const result = await check(raw);
    expect(result.dkim.map((d) => [d.status, d.result, d.codes])).toEqual([
      ['fail', 'permerror', ['dkim_key_revoked']],
    ]);
    expect(await dkimpyVerify(raw, dns)).toEqual([false]);
    expect(result.dkim[0]?.keyRecord).toBe('v=DKIM1;k=rsa;p=');
  });

  it('malformed key record: says what is wrong with it', async () => {
    const raw = received(await sign(message(), 'broken'));
    const result = await check(raw);
    expect(result.dkim.map((d) => [d.status, d.result, d.codes])).toEqual([
      ['fail', 'permerror', ['dkim_invalid']],
    ]);
    expect(await dkimpyVerify(raw, dns)).toEqual([false]);
    expect(result.dkim[0]?.message).toMatch(
      /broken\._domainkey\.shop\.test is not a usable DKIM key/,
    );
  });

  it('l= tag: passes; content added after the signed length is pointed out', async () => {
    const signed = await sign(message(), 'k1', 'shop.test', { length: true });
    const whole = await check(received(signed));
    expect(whole.dkim.map((d) => [d.status, d.codes, d.bodyLength])).toEqual([
      ['pass', ['ok'], expect.any(Number)],
    ]);
    expect(whole.dkim[0]?.message).toMatch(/l= tag, which here covers the whole body/);

    const appended = received(
      Buffer.concat([signed, Buffer.from('Click here to win: https://evil.test\r\n')]),
    );
    const result = await check(appended);
    expect(result.dkim.map((d) => [d.status, d.result, d.codes])).toEqual([
      ['warn', 'pass', ['dkim_body_length']],
    ]);
    expect(await dkimpyVerify(appended, dns)).toEqual([true]);
    expect(result.dkim[0]?.message).toMatch(
      /covers only the first 40 bytes of the body \(l=40\): the 38 bytes after them are not signed/,
    );
    expect(result.status).toBe('warn');
  });

  it('unaligned d=: DKIM passes for other.test, DMARC fails for shop.test', async () => {
    const raw = received(await sign(message(), 'k1', 'other.test'), SENDER_IP, 'bounce@other.test');
    const result = await check(raw);
    expect(verdicts(result)).toEqual({
      status: 'fail',
      spf: ['pass', ['ok']],
      dkim: [['warn', 'pass', ['dkim_not_aligned']]],
      dmarc: [
        'fail',
        'fail',
        ['dmarc_fail', 'dmarc_return_path_unaligned', 'dmarc_dkim_unaligned'],
      ],
    });
    expect(await dkimpyVerify(raw, dns)).toEqual([true]);
    expect(result.dkim[0]).toMatchObject({ domain: 'other.test', aligned: false });
    expect(result.dmarc).toMatchObject({
      spfAligned: false,
      dkimAligned: false,
      policy: 'none',
      disposition: 'deliver',
    });
    expect(result.dmarc.message).toMatch(
      /SPF passes for other\.test, but that return path is not aligned with shop\.test/,
    );
  });

  it('SPF pass and fail from the connecting IP, as pyspf finds', async () => {
    const signed = await sign(message(), 'k1');
    const pass = await check(received(signed, SENDER_IP));
    expect([pass.spf.result, pass.spf.codes, pass.connection]).toEqual([
      'pass',
      ['ok'],
      {
        ip: SENDER_IP,
        helo: 'mail.sender.test',
        source: 'received',
        receivedBy: 'mx.receiver.test',
      },
    ]);
    expect(await pyspfCheck(SENDER_IP, 'alice@shop.test', 'mail.sender.test', dns)).toBe('pass');

    const fail = await check(received(signed, STRANGER_IP));
    expect([fail.spf.status, fail.spf.result, fail.spf.codes]).toEqual([
      'fail',
      'fail',
      ['spf_fail'],
    ]);
    expect(await pyspfCheck(STRANGER_IP, 'alice@shop.test', 'mail.sender.test', dns)).toBe('fail');
    expect(fail.spf.message).toMatch(/does not allow 198\.51\.100\.7/);
    // DKIM still aligns: DMARC passes.
    expect(fail.dmarc.result).toBe('pass');
  });

  it('alignment relaxed and strict, and the policy a subdomain inherits (RFC 9989 walk)', async () => {
    const body = (from: string) =>
      dkimpySign(message(`Alice <${from}>`), {
        selector: 'k1',
        domain: 'mail.aligned.test',
        keyFile: keys.shop,
      });
    // Relaxed (the walk's organisational domain is aligned.test): mail.aligned.test aligns.
    const relaxed = await check(
      received(await body('alice@aligned.test'), SENDER_IP, 'bounce@mail.aligned.test'),
    );
    expect(relaxed.dmarc).toMatchObject({
      result: 'pass',
      organizationalDomain: 'aligned.test',
      spfAligned: true,
      dkimAligned: true,
      alignment: { spf: 'r', dkim: 'r' },
    });
    // Strict for strict.aligned.test: neither the same domain, so DMARC fails.
    const strict = await check(
      received(await body('alice@strict.aligned.test'), SENDER_IP, 'bounce@mail.aligned.test'),
    );
    expect(strict.dmarc).toMatchObject({
      result: 'fail',
      codes: ['dmarc_fail', 'dmarc_return_path_unaligned', 'dmarc_dkim_unaligned'],
      alignment: { spf: 's', dkim: 's' },
      policy: 'quarantine',
      recordDomain: 'strict.aligned.test',
    });
    expect(strict.dmarc.message).toMatch(/\(aspf=s asks for the same domain\)/);
    expect(strict.dkim[0]?.codes).toEqual(['dkim_not_aligned']);
    // news.aligned.test has no record of its own: aligned.test's sp=reject is the policy in force.
    const inherited = await check(
      received(await body('alice@news.aligned.test'), STRANGER_IP, 'bounce@elsewhere.test'),
    );
    expect(inherited.dmarc).toMatchObject({
      domain: 'news.aligned.test',
      recordDomain: 'aligned.test',
      policy: 'reject',
      policyTag: 'sp',
      dkimAligned: true,
      result: 'pass',
    });
  });

  it('DMARC p=reject failing: the policy in force and what receivers do', async () => {
    const raw = received(
      await sign(message('Alice <alice@strict.test>'), 'k1', 'other.test'),
      STRANGER_IP,
      'alice@strict.test',
    );
    const result = await check(raw);
    expect(verdicts(result)).toEqual({
      status: 'fail',
      spf: ['fail', ['spf_fail']],
      dkim: [['warn', 'pass', ['dkim_not_aligned']]],
      dmarc: ['fail', 'fail', ['dmarc_fail', 'dmarc_dkim_unaligned']],
    });
    expect(result.dmarc).toMatchObject({
      domain: 'strict.test',
      policy: 'reject',
      policyTag: 'p',
      recordDomain: 'strict.test',
      disposition: 'reject',
    });
    expect(result.dmarc.message).toMatch(/receivers that follow it refuse it/);
    expect(result.fixes.map((f) => f.subject)).toEqual(['spf', 'dkim', 'dmarc']);
  });
});
