// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KyriosApi } from '../../../../src/shared/api';
import type { LatestRun, StoredCheck } from '../../../../src/shared/contract';
import type { RecordCheckResult } from '../../../../src/shared/dns-check';
import type { Domain } from '../../../../src/shared/domain';
import { checksActions } from '../../../../src/renderer/domains/checks-store';
import { DomainDetail } from '../../../../src/renderer/domains/DomainDetail';
import { LOADING_NEWEST } from '../../../../src/renderer/domains/RecordsTable';
import { resetAccountStores } from '../../../../src/renderer/shell/store-kit';
import { fail, fakeApi, ok, type Script } from '../fake-api';

// The domain's page right after monitoring's run: its header reads the run's summary at once,
// while the run's full check (the records' verdicts) is still being read. The page must never
// show the previous check's verdicts beside the new header.

const domain: Domain = {
  id: 'd1',
  name: 'shop.test',
  status: 'verified',
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: '2026-11-26T10:05:00.000Z',
  lastCheckedAt: '2026-11-26T10:05:00.000Z',
  records: [
    {
      id: 'r0',
      purpose: 'spf',
      type: 'TXT',
      name: 'shop.test',
      value: 'v=spf1 include:spf.sandbox.kyrios.test ~all',
      required: true,
      status: 'pass',
    },
    {
      id: 'r1',
      purpose: 'dkim',
      type: 'TXT',
      name: 'kyrios._domainkey.shop.test',
      value: 'v=DKIM1; k=rsa; p=MIIB',
      required: true,
      status: 'pass',
    },
  ],
};

const dkim = (change: Partial<RecordCheckResult>): RecordCheckResult => ({
  purpose: 'dkim',
  type: 'TXT',
  name: 'kyrios._domainkey.shop.test',
  required: true,
  expected: 'v=DKIM1; k=rsa; p=MIIB',
  status: 'pass',
  codes: ['ok'],
  message: 'The DKIM key matches.',
  fix: null,
  found: ['v=DKIM1; k=rsa; p=MIIB'],
  servers: [],
  agreeBy: null,
  ...change,
});

const spf: RecordCheckResult = {
  ...dkim({}),
  purpose: 'spf',
  name: 'shop.test',
  expected: 'v=spf1 include:spf.sandbox.kyrios.test ~all',
  message: 'SPF includes Kyrios.',
  found: ['v=spf1 include:spf.sandbox.kyrios.test ~all'],
};

/** The zone is at Route 53, whose host field wants the domain itself left empty. */
const route53 = {
  id: 'route53',
  name: 'Amazon Route 53',
  nameservers: ['ns-1.awsdns-01.org'],
  hostField: 'relative' as const,
  hostAdvice: '',
  warnings: [],
};

const check = (runId: number, minute: number, record: RecordCheckResult): StoredCheck => ({
  runId,
  domain: 'shop.test',
  checkedAt: `2026-11-26T11:${String(minute).padStart(2, '0')}:00.000Z`,
  status: record.status,
  provider: route53,
  records: [spf, record],
});

const summary = (full: StoredCheck): LatestRun => ({
  domainId: 'd1',
  id: full.runId,
  checkedAt: full.checkedAt,
  status: full.status,
  trigger: 'monitor',
  passed: full.status === 'pass' ? 1 : 0,
  warned: 0,
  unchecked: 0,
  failed: full.status === 'fail' ? 1 : 0,
  unpublished: 0,
});

const passing = check(1, 0, dkim({}));
const broken = check(
  2,
  30,
  dkim({
    status: 'fail',
    codes: ['missing'],
    message: 'No TXT record at kyrios._domainkey.shop.test.',
    fix: 'Publish the DKIM record.',
    found: [],
  }),
);

let current: { api: KyriosApi; methods: string[] } = { api: {} as KyriosApi, methods: [] };
beforeEach(() => {
  // What the test scripts answers from its script; everything else the page asks for (its mail
  // history, its timeline…) answers "not in this test", and subscriptions do nothing.
  (window as { kyrios?: unknown }).kyrios = new Proxy(
    {},
    {
      get: (_target, method: string) =>
        method.startsWith('on')
          ? () => () => undefined
          : current.methods.includes(method)
            ? (current.api as unknown as Record<string, unknown>)[method]
            : () => Promise.resolve(fail('internal', 'not in this test')),
    },
  );
});
/** Scripts the window's answers; returns the fake, to hold answers back. */
function serve(script: Script) {
  const fake = fakeApi(script);
  current = { api: fake.api, methods: Object.keys(script) };
  return fake;
}
afterEach(() => {
  cleanup();
  resetAccountStores();
});

const cells = (purpose: string) =>
  within(screen.getByRole('rowheader', { name: purpose }).closest('tr') as HTMLElement)
    .getAllByRole('cell')
    .map((cell) => cell.textContent);
const statusCell = () => cells('DKIM').at(-1);
/** The SPF row's host field: "Leave empty" is what Route 53 wants for the domain itself. */
const spfHost = () => cells('SPF')[1];

describe('the domain’s page after a newer run is known', () => {
  it('shows "Loading…" beside the new header until the newest check is read, never the older verdict', async () => {
    const fake = serve({
      getLatestRuns: [ok({ runs: [summary(passing)] })],
      getLatestCheck: [ok(passing), ok(broken)],
    });
    await act(() => checksActions.loadLatestRuns());
    render(<DomainDetail domain={domain} />);
    const header = screen.getByRole('banner');
    await screen.findByText(/Checked from this computer/);
    expect(within(header).getByText('Verified')).toBeTruthy();
    expect(statusCell()).toBe('Pass');
    expect(spfHost()).toMatch(/^Leave empty/);

    // Monitoring stores run 2; its summary is pushed before its full check is read.
    const release = fake.hold('getLatestCheck');
    act(() => checksActions.checked(summary(broken)));
    expect(within(header).getByText('Record broke')).toBeTruthy();
    expect(statusCell()).toBe(LOADING_NEWEST);
    // What to publish does not change under the reader's eyes meanwhile: still the DNS host's way.
    expect(spfHost()).toMatch(/^Leave empty/);
    expect(
      screen.getByRole('table', { name: 'DNS records for shop.test' }).getAttribute('aria-busy'),
    ).toBe('true');
    expect(screen.getByText(/^Loading the newest check: monitoring’s check of /)).toBeTruthy();
    // No card of the older check either.
    expect(screen.queryByText('The DKIM key matches.')).toBeNull();

    act(() => release());
    await screen.findByText('No TXT record at kyrios._domainkey.shop.test.');
    expect(statusCell()).toBe('Fail');
    expect(within(header).getByText('Record broke')).toBeTruthy();
  });

  it('says so when the newest check cannot be read, and shows the older one as older', async () => {
    serve({
      getLatestRuns: [ok({ runs: [summary(passing)] })],
      getLatestCheck: [ok(passing), fail('internal', 'database is locked')],
    });
    await act(() => checksActions.loadLatestRuns());
    render(<DomainDetail domain={domain} />);
    await screen.findByText(/Checked from this computer/);
    act(() => checksActions.checked(summary(broken)));
    await screen.findByText(
      /^The newest check, monitoring’s check of .+, could not be read: database is locked\. Shown: the check of /,
    );
    expect(statusCell()).toBe('Pass');
  });
});
