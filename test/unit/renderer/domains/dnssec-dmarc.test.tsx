// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  DmarcApplied,
  DnssecStatus,
  DomainCheckResult,
  RecordCheckResult,
} from '../../../../src/shared/dns-check';
import type { Domain } from '../../../../src/shared/domain';
import { DnssecLine } from '../../../../src/renderer/domains/DnssecLine';
import { DiagnosisList } from '../../../../src/renderer/domains/DnsDiagnostics';
import { RecordsTable } from '../../../../src/renderer/domains/RecordsTable';
import { cellMark, wrongAtSource } from '../../../../src/renderer/domains/propagation';
import { dnssecView, inheritedDmarcPolicy } from '../../../../src/renderer/domains/selectors';
import { resetAccountStores } from '../../../../src/renderer/shell/store-kit';

// The domain page's DNSSEC line and the DMARC policy a subdomain inherits, derived by
// domains/selectors.ts from a check's `dnssec` and `dmarc` (docs/diagnostics.md). The texts are
// the engine's own (src/dns/dnssec.ts, src/dns/checks/dmarc.ts); the e2e test
// test/e2e/dnssec-dmarc.test.ts shows them from real checks.

afterEach(() => {
  cleanup();
  resetAccountStores();
});

const DS_A =
  'shop.test. IN DS 40001 13 2 6C2C3B0E8B1D0E5A7A9C2F4E1B3D5C7A9E0F2B4D6C8A0E2F4B6D8C0A2E4F6B8D';
const DS_B =
  'shop.test. IN DS 40002 13 2 0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9';

const bogus: DnssecStatus = {
  state: 'bogus',
  zone: 'shop.test',
  message:
    "The DS record for shop.test at its parent (key tag 11111) matches none of the zone's DNSKEYs (key tag 40001, 40002): the keys were changed without updating the registrar, so validating resolvers reject every answer from the zone.",
  fix: `At your registrar, replace the DS record of shop.test with the one for the zone's current key: ${DS_A} ; ${DS_B}`,
};
const unsigned: DnssecStatus = {
  state: 'unsigned',
  zone: 'shop.test',
  message:
    'shop.test is not signed with DNSSEC (no DS record at its parent): resolvers accept its answers without validation.',
  fix: null,
};

const inheritedDmarc: DmarcApplied = {
  recordName: '_dmarc.shop.test',
  record: 'v=DMARC1; p=reject; sp=quarantine',
  policy: 'quarantine',
  policyTag: 'sp',
  inherited: true,
  organizationalDomain: 'shop.test',
};

const dmarcResult = (change: Partial<RecordCheckResult> = {}): RecordCheckResult => ({
  purpose: 'dmarc',
  type: 'TXT',
  name: '_dmarc.news.shop.test',
  required: false,
  expected: 'v=DMARC1; p=none',
  status: 'pass',
  codes: ['dmarc_inherited'],
  message:
    'No DMARC record at _dmarc.news.shop.test: receivers apply the record at _dmarc.shop.test (v=DMARC1; p=reject; sp=quarantine) through its sp=quarantine (the policy for subdomains).',
  fix: null,
  found: [],
  servers: [],
  agreeBy: null,
  dmarc: inheritedDmarc,
  ...change,
});

describe('selectors', () => {
  it('say the zone’s DNSSEC state in words, with the DS records of a mismatch apart', () => {
    expect(dnssecView(null)).toBeNull();
    // A check stored before DNSSEC was looked at.
    expect(dnssecView({})).toBeNull();
    expect(dnssecView({ dnssec: unsigned })).toMatchObject({
      tone: 'pending',
      label: 'Not signed',
      fix: null,
      dsRecords: [],
    });
    expect(dnssecView({ dnssec: { ...unsigned, state: 'signed' } })).toMatchObject({
      tone: 'pass',
      label: 'Signed',
    });
    expect(dnssecView({ dnssec: { ...unsigned, state: 'unknown' } })).toMatchObject({
      tone: 'unknown',
      label: 'Could not check',
    });
    expect(dnssecView({ dnssec: bogus })).toMatchObject({
      tone: 'fail',
      label: 'Broken: validating resolvers reject the zone',
      fix: bogus.fix,
      dsRecords: [DS_A, DS_B],
    });
    // Expired signatures: a fix without a record in it.
    expect(
      dnssecView({ dnssec: { ...bogus, fix: 'Re-sign the zone: your DNS host has stopped.' } })
        ?.dsRecords,
    ).toEqual([]);
  });

  it('name the record a DMARC policy is inherited from, and its tag', () => {
    expect(inheritedDmarcPolicy(dmarcResult())).toBe(
      'Policy from _dmarc.shop.test: quarantine (sp=)',
    );
    expect(
      inheritedDmarcPolicy(
        dmarcResult({ dmarc: { ...inheritedDmarc, policy: 'reject', policyTag: 'p' } }),
      ),
    ).toBe('Policy from _dmarc.shop.test: reject (p=)');
    // The domain's own record, or none: nothing to add.
    expect(
      inheritedDmarcPolicy(
        dmarcResult({
          dmarc: { ...inheritedDmarc, recordName: '_dmarc.news.shop.test', inherited: false },
        }),
      ),
    ).toBeNull();
    // A result with no DMARC record applying at all.
    expect(inheritedDmarcPolicy({})).toBeNull();
    expect(inheritedDmarcPolicy(null)).toBeNull();
  });
});

describe('the propagation grid', () => {
  it('marks an inherited DMARC’s empty name as right at the source', () => {
    const answer = {
      server: '127.0.0.1:53',
      host: 'ns1.shop.test',
      role: 'authoritative' as const,
      rcode: 'NXDOMAIN',
      answers: [],
      ttl: 60,
      ms: 1,
      agrees: true,
    };
    expect(wrongAtSource(dmarcResult())).toBe(false);
    expect(cellMark(dmarcResult(), answer)).toEqual({
      mark: 'ok',
      text: 'None here: the one above applies',
    });
    // A DMARC record that is simply missing is still nothing published.
    expect(cellMark(dmarcResult({ codes: ['missing'], status: 'fail' }), answer)).toEqual({
      mark: 'bad',
      text: 'Nothing published',
    });
  });
});

describe('the DNSSEC line', () => {
  it('says a broken zone in words, with its fix and each DS record to copy', async () => {
    const user = userEvent.setup();
    render(<DnssecLine check={{ dnssec: bogus }} />);
    const line = screen.getByRole('group', { name: 'DNSSEC' });
    expect(line.className).toMatch(/diagnosis-fail/);
    expect(within(line).getByText('Broken: validating resolvers reject the zone')).toBeTruthy();
    expect(within(line).getByText(bogus.message)).toBeTruthy();
    await user.click(within(line).getByRole('button', { name: 'Copy fix' }));
    expect(await navigator.clipboard.readText()).toBe(bogus.fix);
    const copyDs = within(line).getAllByRole('button', { name: /^Copy the DS record / });
    expect(copyDs).toHaveLength(2);
    await user.click(copyDs[1] as HTMLElement);
    expect(await navigator.clipboard.readText()).toBe(DS_B);
  });

  it('says an unsigned zone plainly, grey and with nothing to do', () => {
    render(<DnssecLine check={{ dnssec: unsigned }} />);
    const line = screen.getByRole('group', { name: 'DNSSEC' });
    expect(line.className).toMatch(/diagnosis-pending/);
    expect(within(line).getByText('Not signed')).toBeTruthy();
    expect(within(line).queryByRole('button')).toBeNull();
  });

  it('is absent for a check stored before DNSSEC was looked at', () => {
    const { container } = render(<DnssecLine check={{}} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('the inherited DMARC policy', () => {
  const news: Domain = {
    id: 'd2',
    name: 'news.shop.test',
    status: 'verified',
    createdAt: '2026-12-01T10:00:00.000Z',
    verifiedAt: '2026-12-01T10:05:00.000Z',
    lastCheckedAt: '2026-12-01T10:05:00.000Z',
    records: [
      {
        id: 'r1',
        purpose: 'dmarc',
        type: 'TXT',
        name: '_dmarc.news.shop.test',
        value: 'v=DMARC1; p=none',
        required: false,
        status: 'pass',
      },
    ],
  };
  const check: DomainCheckResult = {
    domain: 'news.shop.test',
    checkedAt: '2026-12-01T11:00:00.000Z',
    status: 'pass',
    provider: null,
    records: [dmarcResult()],
    dnssec: { ...unsigned, zone: 'shop.test' },
  };

  it('is said on the DMARC row of the records table and on its diagnosis card', () => {
    render(
      <>
        <RecordsTable domain={news} check={check} />
        <DiagnosisList domain={news} records={check.records} label="Diagnostics" />
      </>,
    );
    const row = screen.getByRole('rowheader', { name: 'DMARC' }).closest('tr') as HTMLElement;
    expect(within(row).getByText('Policy from _dmarc.shop.test: quarantine (sp=)')).toBeTruthy();
    const card = within(screen.getByRole('list', { name: 'Diagnostics' })).getByRole('listitem');
    expect(within(card).getByText('Policy from _dmarc.shop.test: quarantine (sp=)')).toBeTruthy();
  });

  it('is not said when the domain’s own record applies', () => {
    const own = dmarcResult({
      codes: ['ok'],
      dmarc: { ...inheritedDmarc, recordName: '_dmarc.news.shop.test', inherited: false },
    });
    render(<RecordsTable domain={news} check={{ ...check, records: [own] }} />);
    expect(screen.queryByText(/^Policy from/)).toBeNull();
  });
});
