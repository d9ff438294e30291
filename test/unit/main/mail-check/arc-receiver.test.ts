import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailResolver } from '../../../../src/dns/mail-resolver';
import { checkMessage } from '../../../../src/main/mail-check/check-message';
import { startDnsFixture, type DnsFixture } from '../../../fixtures/dns/index';
import { dkimpyArcSign, dkimpyArcVerify, dkimpySign, keyFile } from '../../helpers/dkimpy';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// ARC sealed by dkimpy (a mailing list forwarding the message), and the receiver's own
// Authentication-Results compared with the app's verdicts.
const cleanup = createCleanup();
let dns: DnsFixture;
let keys: { shop: string; list: string };

beforeAll(async () => {
  const temp = makeTempDir('kyrios-arc-');
  cleanup.add(() => temp.remove());
  const pair = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
  const shop = pair();
  const list = pair();
  keys = {
    shop: keyFile(temp.dir, 'shop', shop.privateKey),
    list: keyFile(temp.dir, 'list', list.privateKey),
  };
  dns = await startDnsFixture({
    zones: [
      {
        origin: 'shop.test',
        records: [
          { name: 'shop.test', type: 'TXT', value: 'v=spf1 ip4:203.0.113.5 -all' },
          {
            name: 'k1._domainkey.shop.test',
            type: 'TXT',
            value: `v=DKIM1; k=rsa; p=${shop.publicKey.toString('base64')}`,
          },
          { name: '_dmarc.shop.test', type: 'TXT', value: 'v=DMARC1; p=quarantine' },
        ],
      },
      {
        origin: 'lists.test',
        records: [
          { name: 'lists.test', type: 'TXT', value: 'v=spf1 ip4:198.51.100.20 -all' },
          {
            name: 'arc._domainkey.lists.test',
            type: 'TXT',
            value: `v=DKIM1; k=rsa; p=${list.publicKey.toString('base64')}`,
          },
        ],
      },
    ],
  });
  cleanup.add(() => dns.close());
});
afterAll(() => cleanup.run());

const check = (raw: Buffer) =>
  checkMessage(raw, {
    resolver: createMailResolver({ servers: [dns], recursion: false, timeoutMs: 2000, tries: 2 }),
  });

const MESSAGE =
  'From: alice@shop.test\r\nTo: members@lists.test\r\nSubject: Meeting\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m@shop.test>\r\n\r\nSee you at ten.\r\n';

/** The list received it from shop.test, checked it, sealed it, and sends it on from its own IP. */
async function forwardedByList(): Promise<Buffer> {
  const signed = await dkimpySign(Buffer.from(MESSAGE), {
    selector: 'k1',
    domain: 'shop.test',
    keyFile: keys.shop,
  });
  const atList = Buffer.concat([
    Buffer.from(
      'Authentication-Results: lists.test; spf=pass smtp.mailfrom=alice@shop.test; dkim=pass header.d=shop.test; dmarc=pass header.from=shop.test\r\n',
    ),
    signed,
  ]);
  const sealed = await dkimpyArcSign(atList, {
    selector: 'arc',
    domain: 'lists.test',
    keyFile: keys.list,
    srvId: 'lists.test',
  });
  return Buffer.concat([
    Buffer.from(
      'Return-Path: <members-bounces@lists.test>\r\nReceived: from lists.test (lists.test [198.51.100.20]) by mx.receiver.test with ESMTPS; Tue, 03 Nov 2026 10:01:00 +0000\r\n',
    ),
    sealed,
  ]);
}

describe('ARC', () => {
  it('a chain sealed by dkimpy verifies, as dkimpy itself finds', async () => {
    const raw = await forwardedByList();
    expect(await dkimpyArcVerify(raw, dns)).toBe('pass');
    const result = await check(raw);
    expect(result.arc).toMatchObject({
      status: 'pass',
      result: 'pass',
      instances: 1,
      sealedBy: 'lists.test',
    });
    expect(result.arc?.message).toMatch(/lists\.test, recorded spf=pass, dkim=pass, dmarc=pass/);
    // The list sends from its own IP and envelope: SPF is the list's, DKIM still shop.test's.
    expect([result.spf.result, result.spf.domain]).toEqual(['pass', 'lists.test']);
    expect(result.dmarc.result).toBe('pass');
    expect(result.arc).not.toBeNull();
  });

  it('a chain broken after sealing fails', async () => {
    const raw = Buffer.from(
      (await forwardedByList()).toString('latin1').replace('ten', 'eleven'),
      'latin1',
    );
    expect(await dkimpyArcVerify(raw, dns)).toBe('fail');
    const result = await check(raw);
    expect(result.arc).toMatchObject({ status: 'fail', result: 'fail', codes: ['arc_fail'] });
    expect(result.dkim.map((d) => d.codes)).toEqual([['dkim_body_changed']]);
  });

  it('no ARC set: null, and not counted', async () => {
    const result = await check(Buffer.from(MESSAGE));
    expect(result.arc).toBeNull();
  });
});

describe("the receiver's Authentication-Results", () => {
  const withResults = async (results: string, body = MESSAGE) => {
    const signed = await dkimpySign(Buffer.from(body), {
      selector: 'k1',
      domain: 'shop.test',
      keyFile: keys.shop,
    });
    return Buffer.concat([
      Buffer.from(
        `Authentication-Results: mx.receiver.test; ${results}\r\nReturn-Path: <alice@shop.test>\r\nReceived: from mail.shop.test (mail.shop.test [203.0.113.5]) by mx.receiver.test with ESMTPS; Tue, 03 Nov 2026 10:00:02 +0000\r\nAuthentication-Results: forged.test; dkim=fail header.d=shop.test\r\n`,
      ),
      signed,
    ]);
  };

  it('agreeing: the same verdicts, method by method (a forged field further down ignored)', async () => {
    const result = await check(
      await withResults(
        'spf=pass smtp.mailfrom=alice@shop.test; dkim=pass header.d=shop.test header.s=k1; dmarc=pass header.from=shop.test',
      ),
    );
    expect(result.receiverResults).toMatchObject({
      authservId: 'mx.receiver.test',
      status: 'pass',
      codes: ['ok'],
    });
    expect(
      result.receiverResults?.results.map((r) => [r.method, r.result, r.app, r.agrees]),
    ).toEqual([
      ['spf', 'pass', 'pass', true],
      ['dkim', 'pass', 'pass', true],
      ['dmarc', 'pass', 'pass', true],
    ]);
    expect(result.status).toBe('pass');
  });

  it('disagreeing: says where, and what may have happened since', async () => {
    const raw = await withResults(
      'spf=pass smtp.mailfrom=alice@shop.test; dkim=pass header.d=shop.test header.s=k1; dmarc=pass header.from=shop.test',
    );
    const altered = Buffer.from(
      raw.toString('latin1').replace('See you at ten', 'See you at two'),
      'latin1',
    );
    const result = await check(altered);
    expect(result.receiverResults?.status).toBe('warn');
    expect(result.receiverResults?.codes).toEqual(['receiver_disagrees']);
    expect(
      result.receiverResults?.results.filter((r) => r.agrees === false).map((r) => r.method),
    ).toEqual(['dkim']);
    expect(result.receiverResults?.message).toMatch(
      /mx\.receiver\.test found otherwise when it received the message: dkim=pass \(header\.d=shop\.test header\.s=k1\) where the app finds fail/,
    );
  });
});
