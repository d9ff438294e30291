import { describe, expect, it } from 'vitest';
import type { CheckRunSummary, StoredCheck } from '../../../../src/shared/contract';
import type { DomainCheckResult } from '../../../../src/shared/dns-check';
import { createChecksStore } from '../../../../src/renderer/domains/checks-store';
import { fail, fakeApi } from '../fake-api';

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
    const fake = fakeApi({ getLatestCheck: [{ ok: true, value: check(1) }] });
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
});
