import { describe, expect, it } from 'vitest';
import type { CheckRunSummary, LatestRun, StoredCheck } from '../../../../src/shared/contract';
import type { DomainCheckResult } from '../../../../src/shared/dns-check';
import { createChecksStore, NO_CHECKS } from '../../../../src/renderer/domains/checks-store';
import { checkOnScreen, shownCheck } from '../../../../src/renderer/domains/selectors';
import { fail, fakeApi, ok } from '../fake-api';

const check = (runId: number, status: StoredCheck['status'] = 'pass'): StoredCheck => ({
  runId,
  domain: 'a.example',
  checkedAt: `2026-11-26T10:0${runId}:00.000Z`,
  status,
  provider: null,
  records: [],
});
const run = (id: number): CheckRunSummary => ({
  id,
  checkedAt: '2026-11-26T10:00:00.000Z',
  status: 'fail',
  trigger: 'manual',
  passed: 5,
  warned: 1,
  unchecked: 0,
  failed: 1,
  unpublished: 0,
});

describe('checks store', () => {
  it('loads the stored check once, and again only when forced', async () => {
    const fake = fakeApi({
      getLatestCheck: [
        { ok: true, value: check(1) },
        { ok: true, value: check(2) },
      ],
      // Each run loaded with no summary known re-reads the summaries, once.
      getLatestRuns: [ok({ runs: [] }), ok({ runs: [] })],
    });
    const store = createChecksStore(fake.api);
    const loading = store.getState().loadLatest('d1');
    expect(store.getState().byDomain.d1?.status).toBe('loading');
    await loading;
    await store.getState().loadLatest('d1');
    expect(store.getState().byDomain.d1).toMatchObject({ status: 'ready', latest: { runId: 1 } });
    await store.getState().loadLatest('d1', true);
    expect(store.getState().byDomain.d1?.latest?.runId).toBe(2);
    expect(fake.requests('getLatestCheck')).toEqual([{ domainId: 'd1' }, { domainId: 'd1' }]);
  });

  it('lets a caller that needs the result wait for a load already on its way (an export from the ⋯ menu)', async () => {
    const fake = fakeApi({
      getLatestCheck: [{ ok: true, value: check(1) }],
      getLatestRuns: [ok({ runs: [] })],
    });
    const store = createChecksStore(fake.api);
    const release = fake.hold('getLatestCheck');
    const first = store.getState().loadLatest('d1');
    let second = false;
    const waiting = store
      .getState()
      .loadLatest('d1')
      .then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    release();
    await Promise.all([first, waiting]);
    expect(store.getState().byDomain.d1?.latest?.runId).toBe(1);
    expect(fake.requests('getLatestCheck')).toHaveLength(1);
  });

  it('keeps the previous result on screen while checking and when a check fails', async () => {
    const fake = fakeApi({
      getLatestCheck: [{ ok: true, value: check(1) }],
      getLatestRuns: [ok({ runs: [] })],
      checkDns: [fail('internal', 'no DNS')],
    });
    const store = createChecksStore(fake.api);
    await store.getState().loadLatest('d1');
    const release = fake.hold('checkDns');
    const checking = store.getState().check('d1');
    expect(store.getState().byDomain.d1).toMatchObject({
      status: 'checking',
      latest: { runId: 1 },
    });
    release();
    await checking;
    expect(store.getState().byDomain.d1).toMatchObject({
      status: 'ready',
      latest: { runId: 1 },
      error: { message: 'no DNS' },
    });
  });

  it('does not let a late stored result overwrite a check in flight', async () => {
    const fake = fakeApi({ getLatestCheck: [{ ok: true, value: check(1) }] });
    const store = createChecksStore(fake.api);
    const release = fake.hold('getLatestCheck');
    const loading = store.getState().loadLatest('d1');
    store.getState().begin('d1');
    release();
    await loading;
    expect(store.getState().byDomain.d1?.status).toBe('checking');
    store.getState().settle('d1', check(3));
    expect(store.getState().byDomain.d1).toMatchObject({ status: 'ready', latest: { runId: 3 } });
  });

  it('refreshes the history on screen when a new check settles', async () => {
    const fake = fakeApi({
      getCheckHistory: [
        { ok: true, value: { runs: [run(1)] } },
        { ok: true, value: { runs: [run(2), run(1)] } },
      ],
    });
    const store = createChecksStore(fake.api);
    await store.getState().loadHistory('d1');
    expect(store.getState().history.d1?.runs.map((r) => r.id)).toEqual([1]);
    store.getState().settle('d1', check(2));
    await expect.poll(() => store.getState().history.d1?.runs.length).toBe(2);
    expect(fake.requests('getCheckHistory')).toEqual([
      { domainId: 'd1', limit: 50 },
      { domainId: 'd1', limit: 50 },
    ]);
    // No history on screen for another domain: nothing is fetched for it.
    store.getState().settle('d2', check(4));
    expect(fake.requests('getCheckHistory')).toHaveLength(2);
  });

  it('reads an old run once and keeps it', async () => {
    const result: DomainCheckResult = { ...check(7), records: [] };
    const fake = fakeApi({ getCheckRun: [{ ok: true, value: result }, fail('not_found', 'gone')] });
    const store = createChecksStore(fake.api);
    await store.getState().loadRun(7);
    await store.getState().loadRun(7);
    expect(store.getState().runs[7]).toEqual({ result, status: 'ready', error: null });
    await store.getState().loadRun(8);
    expect(store.getState().runs[8]).toMatchObject({ result: null, error: { message: 'gone' } });
    expect(fake.requests('getCheckRun')).toEqual([{ runId: 7 }, { runId: 8 }]);
  });

  describe('the page’s full check follows the newest run known', () => {
    const summary = (id: number, trigger: LatestRun['trigger'] = 'monitor'): LatestRun => ({
      ...run(id),
      domainId: 'd1',
      checkedAt: check(id).checkedAt,
      trigger,
    });
    const shown = (store: ReturnType<typeof createChecksStore>) =>
      shownCheck(store.getState().byDomain.d1 ?? NO_CHECKS, store.getState().latestRuns.d1 ?? null);

    it('a pushed run newer than the check on screen: loading (no verdict) until its check is in', async () => {
      const fake = fakeApi({
        getLatestCheck: [ok(check(1)), ok(check(2, 'fail'))],
        getLatestRuns: [ok({ runs: [summary(1, 'manual')] })],
      });
      const store = createChecksStore(fake.api);
      await store.getState().loadLatestRuns();
      await store.getState().loadLatest('d1');
      expect(shown(store)).toMatchObject({ state: 'current', check: { runId: 1 } });
      const release = fake.hold('getLatestCheck');
      store.getState().checked(summary(2));
      // The header already reads run 2; the page shows no verdict of run 1 beside it.
      expect(store.getState().byDomain.d1?.status).toBe('loading');
      expect(shown(store)).toMatchObject({ state: 'loading', newest: { id: 2 } });
      expect(checkOnScreen(shown(store))).toBeNull();
      release();
      await expect
        .poll(() => shown(store))
        .toMatchObject({ state: 'current', check: { runId: 2 } });
      expect(fake.requests('getLatestCheck')).toHaveLength(2);
    });

    it('summaries read again with a newer run load its check', async () => {
      const fake = fakeApi({
        getLatestCheck: [ok(check(1)), ok(check(3))],
        getLatestRuns: [ok({ runs: [summary(1)] }), ok({ runs: [summary(3)] })],
      });
      const store = createChecksStore(fake.api);
      await store.getState().loadLatestRuns();
      await store.getState().loadLatest('d1');
      await store.getState().loadLatestRuns();
      await expect
        .poll(() => shown(store))
        .toMatchObject({ state: 'current', check: { runId: 3 } });
    });

    it('a push during a first load that answers with the older check: loads again after it', async () => {
      const fake = fakeApi({
        getLatestCheck: [ok(check(1)), ok(check(2))],
        getLatestRuns: [ok({ runs: [summary(1)] })],
      });
      const store = createChecksStore(fake.api);
      await store.getState().loadLatestRuns();
      const release = fake.hold('getLatestCheck');
      const first = store.getState().loadLatest('d1');
      store.getState().checked(summary(2));
      release();
      await first;
      await expect
        .poll(() => shown(store))
        .toMatchObject({ state: 'current', check: { runId: 2 } });
    });

    it('a Check DNS that settles after monitoring’s newer run: monitoring’s is shown', async () => {
      const fake = fakeApi({
        getLatestCheck: [ok(check(1)), ok(check(5, 'fail'))],
        getLatestRuns: [ok({ runs: [summary(1)] })],
      });
      const store = createChecksStore(fake.api);
      await store.getState().loadLatestRuns();
      await store.getState().loadLatest('d1');
      store.getState().begin('d1');
      // Monitoring stores run 5 while this window's check (run 4, made earlier) is on its way.
      store.getState().checked(summary(5));
      expect(fake.requests('getLatestCheck')).toHaveLength(1);
      store.getState().settle('d1', check(4));
      await expect
        .poll(() => shown(store))
        .toMatchObject({ state: 'current', check: { runId: 5 } });
    });

    it('a check that cannot be read is said, with the older one shown as older, and not retried', async () => {
      const fake = fakeApi({
        getLatestCheck: [ok(check(1)), fail('internal', 'disk I/O error')],
        getLatestRuns: [ok({ runs: [summary(1)] })],
      });
      const store = createChecksStore(fake.api);
      await store.getState().loadLatestRuns();
      await store.getState().loadLatest('d1');
      store.getState().checked(summary(2));
      await expect.poll(() => shown(store).state).toBe('unloaded');
      expect(shown(store)).toMatchObject({
        check: { runId: 1 },
        newest: { id: 2 },
        error: { message: 'disk I/O error' },
      });
      // The summaries read again name the same run: it is not loaded again and again.
      store.getState().checked(summary(2));
      expect(fake.requests('getLatestCheck')).toHaveLength(2);
    });

    it('a check newer than every summary known re-reads the summaries once', async () => {
      const fake = fakeApi({
        getLatestCheck: [ok(check(3)), ok(check(3))],
        getLatestRuns: [ok({ runs: [summary(1)] }), ok({ runs: [summary(3)] })],
      });
      const store = createChecksStore(fake.api);
      await store.getState().loadLatestRuns();
      await store.getState().loadLatest('d1');
      await expect.poll(() => store.getState().latestRuns.d1?.id).toBe(3);
      await store.getState().loadLatest('d1', true);
      expect(fake.requests('getLatestRuns')).toHaveLength(2);
    });
  });
});
