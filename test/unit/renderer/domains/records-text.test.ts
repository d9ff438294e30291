import { describe, expect, it } from 'vitest';
import type { DomainCheckResult, RecordCheckResult } from '../../../../src/shared/dns-check';
import type { Domain } from '../../../../src/shared/domain';
import {
  publishableSpf,
  recordsAsText,
  valueToPublish,
  zoneFileFor,
  zoneFileName,
} from '../../../../src/renderer/domains/records-text';

const MERGED = 'v=spf1 include:_spf.google.com include:spf.kyrios.test ~all';

const spfCheck = (fix: string | null): RecordCheckResult => ({
  purpose: 'spf',
  type: 'TXT',
  name: 'shop.test',
  required: true,
  expected: 'v=spf1 include:spf.kyrios.test ~all',
  status: 'fail',
  codes: ['spf_include_missing'],
  message: 'The SPF record at shop.test fails.',
  fix,
  found: ['v=spf1 include:_spf.google.com ~all'],
  servers: [],
  agreeBy: null,
});

describe('publishableSpf: the merged record the SPF fix carries', () => {
  it('reads a plain record out of the fix, dots in names and all', () => {
    const fix = `Do not add a second SPF record: edit the existing one. Publish this single SPF record at shop.test (3 DNS lookups of 10, 62 characters): ${MERGED}. In the Host field type @.`;
    expect(publishableSpf(spfCheck(fix))).toBe(MERGED);
  });

  it('reads the merge of several records, with an exp= modifier', () => {
    const merged = 'v=spf1 ip4:192.0.2.1 include:spf.kyrios.test -all exp=explain.shop.test';
    const fix = `Publish this single SPF record at shop.test (1 DNS lookups of 10, 70 characters): ${merged}. Delete the other v=spf1 records. Type @.`;
    expect(publishableSpf(spfCheck(fix))).toBe(merged);
  });

  it('joins the quoted strings a quoting provider is given', () => {
    const long = `v=spf1 ${'ip4:192.0.2.1 '.repeat(20)}include:spf.kyrios.test ~all`;
    const quoted = `"${long.slice(0, 255)}" "${long.slice(255)}"`;
    const fix = `Publish this single SPF record at shop.test (1 DNS lookups of 10, ${long.length} characters): ${quoted}. In "Record name" leave it empty.`;
    expect(publishableSpf(spfCheck(fix))).toBe(long);
  });

  it('reads a long plain record followed by its paste advice', () => {
    const long = `v=spf1 ${'ip4:192.0.2.1 '.repeat(20)}include:spf.kyrios.test ~all`;
    const fix = `Publish this single SPF record at shop.test (1 DNS lookups of 10, ${long.length} characters): ${long} (${long.length} characters: paste it whole; …). Type @.`;
    expect(publishableSpf(spfCheck(fix))).toBe(long);
  });

  it('offers nothing when there is no record to publish as is', () => {
    expect(publishableSpf(spfCheck(null))).toBeNull();
    expect(
      publishableSpf(
        spfCheck(
          'A merge cannot stay within 10 DNS lookups: the merged record v=spf1 … -all would need 12.',
        ),
      ),
    ).toBeNull();
    expect(
      publishableSpf({
        purpose: 'dmarc',
        fix: `Publish this single SPF record at x (y): ${MERGED}.`,
      }),
    ).toBeNull();
  });
});

const domain: Domain = {
  id: 'd1',
  name: 'shop.test',
  status: 'pending',
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [
    {
      id: 'r1',
      purpose: 'verification',
      type: 'TXT',
      name: '_kyrios.shop.test',
      value: 'kyrios-verification=abc',
      required: true,
      status: 'pending',
    },
    {
      id: 'r2',
      purpose: 'spf',
      type: 'TXT',
      name: 'shop.test',
      value: 'v=spf1 include:spf.kyrios.test ~all',
      required: true,
      status: 'fail',
    },
    {
      id: 'r3',
      purpose: 'mx',
      type: 'MX',
      name: 'shop.test',
      value: 'mx.kyrios.test',
      priority: 10,
      required: true,
      status: 'pending',
    },
    {
      id: 'r4',
      purpose: 'tracking',
      type: 'CNAME',
      name: 'ktrack.shop.test',
      value: 'track.kyrios.test',
      required: false,
      status: 'pending',
    },
  ],
};
const check: DomainCheckResult = {
  domain: 'shop.test',
  checkedAt: '2026-11-26T11:00:00.000Z',
  status: 'fail',
  provider: null,
  records: [
    spfCheck(
      `Publish this single SPF record at shop.test (3 DNS lookups of 10, 62 characters): ${MERGED}. Type @.`,
    ),
  ],
};

describe('what to publish, as text and as a zone file', () => {
  it('publishes the merged SPF in place of the generated one, other records as generated', () => {
    const [verification, spf] = domain.records;
    if (!verification || !spf) throw new Error('records');
    expect(valueToPublish(spf, check)).toBe(MERGED);
    expect(valueToPublish(spf, null)).toBe(spf.value);
    expect(valueToPublish(verification, check)).toBe('kyrios-verification=abc');
  });

  it('copies all records as tab-separated lines with a header', () => {
    expect(recordsAsText(domain, check)).toBe(
      [
        'Purpose\tType\tHost\tFull name\tValue\tPriority\tRequired',
        'Verification\tTXT\t_kyrios\t_kyrios.shop.test\tkyrios-verification=abc\t\tYes',
        `SPF\tTXT\t@\tshop.test\t${MERGED}\t\tYes`,
        'Inbound (MX)\tMX\t@\tshop.test\tmx.kyrios.test\t10\tYes',
        'Tracking\tCNAME\tktrack\tktrack.shop.test\ttrack.kyrios.test\t\tOptional',
        '',
      ].join('\n'),
    );
  });

  it('writes each host as the recognised DNS provider wants it: no "@" at Route 53', () => {
    const route53: DomainCheckResult = {
      ...check,
      provider: {
        id: 'route53',
        name: 'Amazon Route 53',
        nameservers: ['ns-1.awsdns-01.com'],
        hostField: 'relative',
        hostAdvice: 'leave it empty for the domain itself.',
        warnings: [],
      },
    };
    const lines = recordsAsText(domain, route53).split('\n');
    expect(lines[1]).toBe(
      'Verification\tTXT\t_kyrios\t_kyrios.shop.test\tkyrios-verification=abc\t\tYes',
    );
    expect(lines[2]).toBe(`SPF\tTXT\t\tshop.test\t${MERGED}\t\tYes`);
    expect(lines[3]).toBe('Inbound (MX)\tMX\t\tshop.test\tmx.kyrios.test\t10\tYes');
  });

  it('exports the zone file named after the domain', () => {
    const text = zoneFileFor(domain, check, new Date('2026-11-26T12:00:00Z'));
    expect(zoneFileName(domain)).toBe('shop.test.zone');
    expect(text).toContain('generated by Kyrios Desk on 2026-11-26T12:00:00.000Z');
    expect(text).toContain(`; SPF\n@       IN TXT   "${MERGED}"\n`);
    expect(text).toContain('; Tracking (optional)\nktrack  IN CNAME track.kyrios.test.\n');
  });
});
