import { describe, expect, it } from 'vitest';
import type {
  MonitorAlert,
  MonitorRunSummary,
  MonitorStatus,
  RecordChange,
} from '../../../../src/shared/monitor';
import { createMonitorStore } from '../../../../src/renderer/monitoring/monitor-store';
import {
  alertTitle,
  changeShown,
  changeStatusText,
  foundText,
  runSummaryText,
} from '../../../../src/renderer/monitoring/monitor-text';
import { fakeApi, ok } from '../fake-api';

const run = (change: Partial<MonitorRunSummary> = {}): MonitorRunSummary => ({
  startedAt: '2026-11-26T10:00:00.000Z',
  finishedAt: '2026-11-26T10:00:02.000Z',
  trigger: 'manual',
  domains: 3,
  checked: 3,
  errors: 0,
  drift: 0,
  ready: 0,
  ip: 'pass',
  ...change,
});
const status = (change: Partial<MonitorStatus> = {}): MonitorStatus => ({
  intervalMinutes: 60,
  running: false,
  lastRun: null,
  nextRunAt: '2026-11-26T11:00:00.000Z',
  ...change,
});
const drift = (id: number, change: Partial<MonitorAlert> = {}): MonitorAlert => ({
  id,
  kind: 'drift',
  domainId: 'd1',
  domain: 'shop.test',
  record: { purpose: 'spf', type: 'TXT', name: 'shop.test' },
  before: { status: 'pass', found: ['v=spf1 include:spf.sandbox.kyrios.test ~all'], codes: [] },
  after: { status: 'fail', found: ['v=spf1 -all'], codes: ['spf_include_missing'] },
  subject: null,
  since: `2026-11-26T10:0${id}:00.000Z`,
  resolvedAt: null,
  message: 'The SPF record at shop.test stopped passing.',
  ...change,
});
const change = (before: RecordChange['before']): RecordChange => ({
  id: 1,
  domainId: 'd1',
  domain: 'shop.test',
  at: '2026-11-26T10:00:00.000Z',
  runId: 4,
  required: true,
  purpose: 'spf',
  type: 'TXT',
  name: 'shop.test',
  before,
  after: { status: 'fail', found: [], codes: [] },
});

describe('monitor store', () => {
  it('loads status and open alerts, newest first', async () => {
    const fake = fakeApi({
      getMonitorStatus: [ok(status())],
      listMonitorAlerts: [ok({ alerts: [drift(1), drift(2)] })],
    });
    const store = createMonitorStore(fake.api);
    await store.getState().load();
    expect(store.getState().alerts.map((a) => a.id)).toEqual([2, 1]);
    expect(fake.requests('listMonitorAlerts')).toEqual([{ includeResolved: false }]);
    expect(store.getState().loadState).toBe('ready');
  });

  it('opens and resolves alerts from pushes; resolved ones stay only when asked for', async () => {
    const fake = fakeApi({ listMonitorAlerts: [ok({ alerts: [drift(1, { resolvedAt: 'x' })] })] });
    const store = createMonitorStore(fake.api);
    store.getState().alert(drift(1));
    expect(store.getState().alerts).toHaveLength(1);
    store.getState().alert(drift(1, { resolvedAt: '2026-11-26T12:00:00.000Z' }));
    expect(store.getState().alerts).toEqual([]);
    await store.getState().setShowResolved(true);
    expect(fake.requests('listMonitorAlerts')).toEqual([{ includeResolved: true }]);
    store.getState().alert(drift(2));
    store.getState().alert(drift(2, { resolvedAt: '2026-11-26T12:00:00.000Z' }));
    expect(store.getState().alerts.map((a) => [a.id, a.resolvedAt !== null])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('runs now: busy meanwhile, then the new last run, the next planned one and fresh timelines', async () => {
    const fake = fakeApi({
      runMonitor: [ok(run({ drift: 1 }))],
      getMonitorStatus: [ok(status({ lastRun: run({ drift: 1 }), nextRunAt: 'later' }))],
      getDnsTimeline: [ok({ changes: [] }), ok({ changes: [change(null)] })],
    });
    const store = createMonitorStore(fake.api);
    await store.getState().loadTimeline('d1');
    const release = fake.hold('runMonitor');
    const running = store.getState().runNow();
    expect(store.getState().running).toBe(true);
    release();
    expect(await running).toMatchObject({ ok: true });
    expect(store.getState()).toMatchObject({ running: false, status: { lastRun: { drift: 1 } } });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().status?.nextRunAt).toBe('later');
    expect(store.getState().timelines.d1?.changes).toHaveLength(1);
    expect(fake.requests('getDnsTimeline')).toEqual([
      { domainId: 'd1', limit: 100 },
      { domainId: 'd1', limit: 100 },
    ]);
  });
});

describe('monitoring in words', () => {
  it('names what broke, what it was and what it is now', () => {
    const alert = drift(1);
    expect(alertTitle(alert)).toBe('SPF record (TXT shop.test) broke on shop.test');
    expect(foundText(alert.before)).toBe('v=spf1 include:spf.sandbox.kyrios.test ~all');
    expect(foundText({ status: 'fail', found: [], codes: [] })).toBe('nothing published');
    expect(foundText(null)).toBe('not seen before');
    expect(alertTitle({ ...alert, kind: 'ready', record: null })).toBe(
      'shop.test is ready to Verify Now',
    );
    expect(alertTitle({ ...alert, kind: 'ip_listed', subject: 'bl.spamcop.net' })).toBe(
      'The dedicated IP is listed on bl.spamcop.net',
    );
    expect(alertTitle({ ...alert, kind: 'ip_reverse', subject: '192.0.2.10' })).toBe(
      'Reverse DNS of 192.0.2.10 needs attention',
    );
  });

  it('sums a run up', () => {
    expect(runSummaryText(run())).toBe(
      '3 of 3 domains checked (Check all now); dedicated IP: nothing wrong found',
    );
    expect(
      runSummaryText(
        run({
          trigger: 'interval',
          domains: 1,
          checked: 0,
          errors: 1,
          drift: 2,
          ready: 1,
          ip: null,
        }),
      ),
    ).toBe(
      '0 of 1 domain checked (on schedule); 1 could not be checked; 2 records broke; 1 ready to Verify Now; no dedicated IP checked',
    );
  });

  it('never says "Warning" for an IP where nothing was found wrong', () => {
    expect(runSummaryText(run({ ip: 'warn' }))).toBe(
      '3 of 3 domains checked (Check all now); dedicated IP: nothing wrong found, some lists could not be asked',
    );
    expect(runSummaryText(run({ ip: 'fail' }))).toMatch(/dedicated IP: needs attention/);
  });

  it('shows a change only when its status or value changed', () => {
    const same = { status: 'pass' as const, found: ['a'], codes: ['ok'] };
    expect(changeShown(change(null))).toBe(true);
    expect(changeShown({ ...change(same), after: { ...same, codes: ['ok', 'x'] } })).toBe(false);
    expect(changeShown({ ...change(same), after: { ...same, found: ['b'] } })).toBe(true);
    expect(changeShown({ ...change(same), after: { ...same, status: 'warn' } })).toBe(true);
  });

  it('says how a record’s status changed', () => {
    expect(changeStatusText(change(null))).toBe('First check: Fail');
    expect(changeStatusText(change({ status: 'pass', found: [], codes: [] }))).toBe('Pass → Fail');
  });
});
