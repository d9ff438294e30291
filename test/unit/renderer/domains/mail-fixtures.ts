import type { MailCheckResult, MailHistoryEntry } from '../../../../src/shared/mail-check';

/** A check of a message from shop.test that passes, as the service returns it. */
export function passingResult(): MailCheckResult {
  return {
    checkedAt: '2026-12-04T10:00:00.000Z',
    status: 'pass',
    from: 'alice@shop.test',
    fromDomain: 'shop.test',
    envelopeFrom: 'bounce-1-alice=shop.test@kbounce.shop.test',
    subject: 'Hello',
    messageId: '<m1@shop.test>',
    size: 1234,
    connection: { ip: '192.0.2.10', helo: null, source: 'given', receivedBy: null },
    spf: {
      status: 'pass',
      result: 'pass',
      codes: ['ok'],
      message: 'SPF passes for kbounce.shop.test from 192.0.2.10.',
      fix: null,
      domain: 'kbounce.shop.test',
      ip: '192.0.2.10',
      helo: null,
      record: 'v=spf1 include:spf.sandbox.kyrios.test -all',
    },
    dkim: [
      {
        status: 'pass',
        result: 'pass',
        codes: ['ok'],
        message: 'The signature by shop.test verifies.',
        fix: null,
        domain: 'shop.test',
        selector: 'kyrios1',
        algorithm: 'rsa-sha256',
        headers: ['from', 'to'],
        bodyLength: null,
        aligned: true,
        keyRecord: 'v=DKIM1; k=rsa; p=MIIB',
      },
    ],
    dmarc: {
      status: 'pass',
      result: 'pass',
      codes: ['ok'],
      message: 'DMARC passes.',
      fix: null,
      domain: 'shop.test',
      organizationalDomain: 'shop.test',
      recordDomain: 'shop.test',
      record: 'v=DMARC1; p=none',
      policy: 'none',
      policyTag: 'p',
      disposition: 'deliver',
      spfAligned: true,
      dkimAligned: true,
      alignment: { spf: 'r', dkim: 'r' },
    },
    arc: null,
    receiverResults: null,
    fixes: [],
    notes: [],
  };
}

/** The same message after the DKIM record was changed at the DNS host. */
export function keyMismatchResult(): MailCheckResult {
  const result = passingResult();
  const fix =
    'Replace the TXT record at kyrios1._domainkey.shop.test with the expected value, pasted whole: v=DKIM1; k=rsa; p=MIIB';
  result.status = 'fail';
  result.dkim = [
    {
      ...result.dkim[0]!,
      status: 'fail',
      result: 'fail',
      codes: ['dkim_bad_signature', 'dkim_key_mismatch'],
      message:
        'The signature by shop.test does not verify with the key published at kyrios1._domainkey.shop.test.',
      fix,
    },
  ];
  result.fixes = [
    { subject: 'dkim', code: 'dkim_key_mismatch', message: result.dkim[0]!.message, fix },
  ];
  return result;
}

export function entry(
  id: number,
  result: MailCheckResult | null = passingResult(),
): MailHistoryEntry {
  return {
    id,
    kind: 'check',
    domainId: 'd1',
    domain: 'shop.test',
    at: `2026-12-04T10:00:0${id % 10}.000Z`,
    status: result?.status ?? 'unknown',
    subject: result?.subject ?? null,
    from: result?.from ?? null,
    recipient: null,
    result,
    transcript: null,
    note: null,
  };
}
