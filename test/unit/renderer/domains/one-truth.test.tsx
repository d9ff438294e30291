// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LatestRun } from '../../../../src/shared/contract';
import type { DomainCheckResult, RecordCheckResult } from '../../../../src/shared/dns-check';
import type { Domain } from '../../../../src/shared/domain';
import { checksActions } from '../../../../src/renderer/domains/checks-store';
import { DomainStateBadge } from '../../../../src/renderer/domains/DomainStateBadge';
import { RecordsTable } from '../../../../src/renderer/domains/RecordsTable';
import { resetAccountStores } from '../../../../src/renderer/shell/store-kit';

afterEach(() => {
  cleanup();
  resetAccountStores();
});

const domain: Domain = {
  id: 'd1',
  name: 'shop.test',
  status: 'verified',
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: '2026-11-26T10:05:00.000Z',
  lastCheckedAt: '2026-11-26T10:05:00.000Z',
  records: [
    {
      id: 'r1',
      purpose: 'spf',
      type: 'TXT',
      name: 'shop.test',
      value: 'v=spf1 include:spf.sandbox.kyrios.test ~all',
      required: true,
      // The service's status at its last Verify Now.
      status: 'warn',
    },
    {
      id: 'r2',
      purpose: 'dmarc',
      type: 'TXT',
      name: '_dmarc.shop.test',
      value: 'v=DMARC1; p=none',
      required: false,
      status: 'pass',
    },
  ],
};

const run = (status: LatestRun['status'], id: number): LatestRun => ({
  domainId: 'd1',
  id,
  checkedAt: `2026-11-26T11:0${id}:00.000Z`,
  status,
  trigger: 'monitor',
  passed: 1,
  warned: 0,
  unchecked: 0,
  failed: status === 'fail' ? 1 : 0,
  unpublished: 0,
});

const result = (change: Partial<RecordCheckResult>): RecordCheckResult => ({
  purpose: 'spf',
  type: 'TXT',
  name: 'shop.test',
  required: true,
  expected: null,
  status: 'pass',
  codes: ['ok'],
  message: '',
  fix: null,
  found: ['x'],
  servers: [],
  agreeBy: null,
  ...change,
});

describe('the domain’s state, from the one store', () => {
  it('follows the newest check pushed, whichever action made it', () => {
    render(<DomainStateBadge domain={domain} />);
    expect(screen.getByText('Verified').className).toMatch(/badge-record-pass/);
    // Monitoring saw a required record fail.
    act(() => checksActions.checked(run('fail', 1)));
    expect(screen.getByText('Record broke').className).toMatch(/badge-record-fail/);
    // An older run arriving late does not win over the newer one.
    act(() => checksActions.checked({ ...run('pass', 0), checkedAt: '2026-11-26T10:59:00.000Z' }));
    expect(screen.getByText('Record broke')).toBeTruthy();
    act(() => checksActions.checked(run('pass', 2)));
    expect(screen.getByText('Verified')).toBeTruthy();
  });
});

describe('the records table', () => {
  it('shows the check’s verdict per record, never the service’s older one', () => {
    const check: DomainCheckResult = {
      domain: 'shop.test',
      checkedAt: '2026-11-26T11:00:00.000Z',
      status: 'warn',
      provider: null,
      records: [
        result({}),
        result({
          purpose: 'dmarc',
          name: '_dmarc.shop.test',
          required: false,
          status: 'unknown',
          codes: ['lookup_failed'],
          found: [],
        }),
      ],
    };
    const { rerender } = render(<RecordsTable domain={domain} check={null} />);
    const status = (purpose: string) =>
      within(
        screen.getByRole('rowheader', { name: purpose }).closest('tr') as HTMLElement,
      ).getByText(/^(Pass|Warning|Fail|Could not check|Not checked)$/).textContent;
    expect(status('SPF')).toBe('Warning');
    rerender(<RecordsTable domain={domain} check={check} />);
    expect(status('SPF')).toBe('Pass');
    expect(status('DMARC')).toBe('Could not check');
    // Optional records say so beside their status.
    expect(
      within(
        screen.getByRole('rowheader', { name: 'DMARC' }).closest('tr') as HTMLElement,
      ).getByText('Optional'),
    ).toBeTruthy();
  });
});
