import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain } from '../../../../src/dns/index';
import { createMailResolver } from '../../../../src/dns/mail-resolver';
import { checkMessage } from '../../../../src/main/mail-check/check-message';
import {
  createKnownRecords,
  type KnownDomain,
} from '../../../../src/main/mail-check/known-records';
import type { ExpectedRecords } from '../../../../src/shared/records';
import { startDnsFixture, type DnsFixture } from '../../../fixtures/dns/index';
import { dkimpySign, keyFile } from '../../helpers/dkimpy';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// For a domain whose records Kyrios generated, a failure names the record at fault in the records
// table's words (the DNS engine's codes, messages and fixes), or says the cause is elsewhere.
const cleanup = createCleanup();
let dns: DnsFixture;
let published: { pem: string; file: string; key: string };
let other: { pem: string; file: string; key: string };
let expected: ExpectedRecords;
const DEDICATED_IP = '192.0.2.10';

function rsa(dir: string, name: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    pem: privateKey,
    file: keyFile(dir, name, privateKey),
    key: publicKey.toString('base64'),
  };
}

beforeAll(async () => {
  const temp = makeTempDir('kyrios-fixes-');
  cleanup.add(() => temp.remove());
  published = rsa(temp.dir, 'published');
  other = rsa(temp.dir, 'other');
  expected = {
    domain: 'shop.test',
    records: [
      {
        purpose: 'spf',
        type: 'TXT',
        name: 'shop.test',
        value: 'v=spf1 include:spf.svc.test ~all',
        required: true,
      },
      {
        purpose: 'dkim',
        type: 'TXT',
        name: 'kyrios1._domainkey.shop.test',
        value: `v=DKIM1; k=rsa; p=${published.key}`,
        required: true,
      },
      {
        purpose: 'return_path',
        type: 'CNAME',
        name: 'kbounce.shop.test',
        value: 'bounces.svc.test',
        required: true,
      },
      {
        purpose: 'dmarc',
        type: 'TXT',
        name: '_dmarc.shop.test',
        value: 'v=DMARC1; p=none; rua=mailto:dmarc@svc.test',
        required: false,
      },
    ],
  };
  dns = await startDnsFixture({
    zones: [
      {
        origin: 'shop.test',
        records: expected.records.map((r) => ({ name: r.name, type: r.type, value: r.value })),
      },
      {
        origin: 'svc.test',
        records: [
          { name: 'bounces.svc.test', type: 'TXT', value: 'v=spf1 include:spf.svc.test -all' },
          { name: 'spf.svc.test', type: 'TXT', value: `v=spf1 ip4:${DEDICATED_IP} -all` },
        ],
      },
      {
        origin: 'other.test',
        records: [{ name: 'other.test', type: 'TXT', value: `v=spf1 ip4:${DEDICATED_IP} -all` }],
      },
    ],
  });
  cleanup.add(() => dns.close());
});
afterAll(() => cleanup.run());

function check(raw: Buffer) {
  const server = { host: dns.host, port: dns.port };
  const known: KnownDomain = { expected, dedicatedIp: DEDICATED_IP };
  return checkMessage(raw, {
    resolver: createMailResolver({ servers: [dns], recursion: false, timeoutMs: 2000, tries: 2 }),
    known: createKnownRecords([known], (e) =>
      checkDomain(e, { authoritative: [server], resolvers: [server], timeoutMs: 2000, tries: 2 }),
    ),
  });
}

const BODY =
  'From: alice@shop.test\r\nTo: bob@receiver.test\r\nSubject: Order shipped\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\nMessage-ID: <o1@shop.test>\r\n\r\nYour order is on its way.\r\n';

function receivedFrom(ip: string, envelope: string, message: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `Return-Path: <${envelope}>\r\nReceived: from out.svc.test (out.svc.test [${ip}]) by mx.receiver.test with ESMTPS; Tue, 03 Nov 2026 10:00:02 +0000\r\n`,
    ),
    message,
  ]);
}

const sign = (keyPath: string) =>
  dkimpySign(Buffer.from(BODY), { selector: 'kyrios1', domain: 'shop.test', keyFile: keyPath });

describe("failures in the records table's words", () => {
  it('a DKIM record changed after verification: dkim_key_mismatch and its fix', async () => {
    dns.setRecords('kyrios1._domainkey.shop.test', 'TXT', [`v=DKIM1; k=rsa; p=${other.key}`]);
    try {
      const result = await check(
        receivedFrom(DEDICATED_IP, 'bounce-1@kbounce.shop.test', await sign(published.file)),
      );
      expect(result.dkim.map((d) => [d.status, d.codes])).toEqual([
        ['fail', ['dkim_bad_signature', 'dkim_key_mismatch']],
      ]);
      expect(result.dkim[0]?.message).toMatch(
        /does not verify with the key published at kyrios1\._domainkey\.shop\.test\. A DKIM record is published at kyrios1\._domainkey\.shop\.test, but the published key .* is not the expected one/,
      );
      expect(result.dkim[0]?.fix).toMatch(
        /^Replace the TXT record at kyrios1\._domainkey\.shop\.test with the expected value, pasted whole: v=DKIM1; k=rsa; p=/,
      );
      expect(result.fixes.map((f) => f.code)).toEqual(['dkim_key_mismatch']);
      // SPF through the return path still aligns: DMARC passes.
      expect([result.spf.result, result.dmarc.result]).toEqual(['pass', 'pass']);
    } finally {
      dns.setRecords('kyrios1._domainkey.shop.test', 'TXT', [`v=DKIM1; k=rsa; p=${published.key}`]);
    }
  });

  it('the right key, a signature that fails: a signed header was changed', async () => {
    const signed = (await sign(published.file)).toString('latin1').replace('shipped', 'delayed');
    const result = await check(
      receivedFrom(DEDICATED_IP, 'bounce-1@kbounce.shop.test', Buffer.from(signed, 'latin1')),
    );
    expect(result.dkim.map((d) => d.codes)).toEqual([['dkim_header_changed']]);
    expect(result.dkim[0]?.message).toMatch(
      /is the one Kyrios generated: so a signed header field/,
    );
  });

  it('the dedicated IP not covered by the service SPF: on the service side', async () => {
    dns.setRecords('spf.svc.test', 'TXT', ['v=spf1 ip4:192.0.2.99 -all']);
    try {
      const result = await check(
        receivedFrom(DEDICATED_IP, 'bounce-1@kbounce.shop.test', await sign(published.file)),
      );
      expect([result.spf.status, result.spf.codes]).toEqual([
        'fail',
        ['spf_fail', 'spf_ip_not_covered'],
      ]);
      expect(result.spf.message).toMatch(
        /Your records are right: the SPF published at bounces\.svc\.test, where kbounce\.shop\.test points does not cover the dedicated IP 192\.0\.2\.10/,
      );
      expect(result.spf.fix).toMatch(/^Nothing to change in your DNS/);
    } finally {
      dns.setRecords('spf.svc.test', 'TXT', [`v=spf1 ip4:${DEDICATED_IP} -all`]);
    }
  });

  it('sent from another address than the dedicated IP: not through Kyrios', async () => {
    const result = await check(
      receivedFrom('198.51.100.7', 'bounce-1@kbounce.shop.test', await sign(published.file)),
    );
    expect(result.spf.codes).toEqual(['spf_fail', 'spf_not_dedicated_ip']);
    expect(result.spf.message).toMatch(/not from the account's dedicated IP 192\.0\.2\.10/);
  });

  it('the return-path CNAME missing: the records table says what to publish', async () => {
    dns.removeRecords('kbounce.shop.test');
    try {
      const result = await check(
        receivedFrom(DEDICATED_IP, 'bounce-1@kbounce.shop.test', await sign(published.file)),
      );
      expect(result.spf.codes).toEqual(['spf_none', 'missing']);
      expect(result.spf.fix).toMatch(
        /^Add a CNAME record at kbounce\.shop\.test, value: bounces\.svc\.test\./,
      );
    } finally {
      dns.setRecords('kbounce.shop.test', 'CNAME', ['bounces.svc.test']);
    }
  });

  it('DMARC fails because the return path is not aligned (and DKIM fails)', async () => {
    const signed = (await sign(published.file)).toString('latin1').replace('on its way', 'lost');
    const result = await check(
      receivedFrom(DEDICATED_IP, 'bounce-1@other.test', Buffer.from(signed, 'latin1')),
    );
    expect([result.spf.result, result.spf.domain]).toEqual(['pass', 'other.test']);
    expect(result.dmarc.codes).toEqual(['dmarc_fail', 'dmarc_return_path_unaligned']);
    expect(result.dmarc.message).toMatch(
      /SPF passes for other\.test, but that return path is not aligned with shop\.test; no DKIM signature passes/,
    );
    expect(result.dmarc.fix).toMatch(
      /^Send shop\.test's mail through Kyrios SMTP: it signs with d=shop\.test .* and sends from kbounce\.shop\.test/,
    );
  });
});
