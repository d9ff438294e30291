import { describe, expect, it } from 'vitest';
import type { IpCheckView } from '../../../../src/shared/contract';
import type { BlocklistResult } from '../../../../src/shared/ip-check';
import { createIpStore } from '../../../../src/renderer/monitoring/ip-store';
import { blocklistSummary } from '../../../../src/renderer/monitoring/ip-text';
import { fail, fakeApi, ok } from '../fake-api';

const empty: IpCheckView = { ip: '192.0.2.10', result: null, source: 'cache', reason: 'Not yet.' };
const list = (status: BlocklistResult['status']): BlocklistResult => ({
  name: status,
  zone: `${status}.test`,
  query: null,
  rcode: null,
  status,
  answers: [],
  reason: null,
  message: '',
});

describe('dedicated IP store', () => {
  it('reads the stored check, re-checks on demand, and tells the two failures apart', async () => {
    const fake = fakeApi({
      getLatestIpCheck: [ok(empty), fail('internal', 'locked')],
      checkIp: [ok({ ...empty, source: 'live' }), fail('internal', 'no DNS')],
    });
    const store = createIpStore(fake.api);
    await store.getState().loadLatest();
    expect(store.getState()).toMatchObject({ status: 'ready', view: { source: 'cache' } });
    const release = fake.hold('checkIp');
    const checking = store.getState().check();
    expect(store.getState().checking).toBe(true);
    release();
    await checking;
    expect(store.getState()).toMatchObject({ checking: false, view: { source: 'live' } });
    await store.getState().check();
    expect(store.getState()).toMatchObject({ errorFrom: 'check', view: { source: 'live' } });
    await store.getState().loadLatest();
    expect(store.getState()).toMatchObject({ errorFrom: 'load', status: 'ready' });
  });

  it('sums the blocklists up', () => {
    expect(blocklistSummary([list('listed'), list('unknown'), list('not_listed')])).toBe(
      '3 blocklists: 1 listed, 1 not listed, 1 unknown',
    );
    expect(blocklistSummary([list('skipped')])).toBe(
      '1 blocklist: 0 listed, 0 not listed, 1 skipped',
    );
  });
});
