import { describe, expect, it } from 'vitest';
import type { UsageView } from '../../../../src/shared/contract';
import type { Result } from '../../../../src/shared/errors';
import type { Usage } from '../../../../src/shared/kyrios';
import { createUsageStore } from '../../../../src/renderer/usage/usage-store';
import { fail, fakeApi } from '../fake-api';

const usage = (sent: number, days: number): Usage => ({
  dailyLimit: 1500,
  today: { day: '2026-11-26', sent, remaining: 1500 - sent },
  days: Array.from({ length: days }, (_, i) => ({
    day: `2026-11-${String(27 - days + i).padStart(2, '0')}`,
    sent: 0,
  })),
  byUser: [],
  byDomain: [],
});
const view = (u: Usage | null, source: 'live' | 'cache' = 'live'): Result<UsageView> => ({
  ok: true,
  value: {
    usage: u,
    source,
    syncedAt: 't',
    ...(source === 'cache' ? { offlineReason: 'down' } : {}),
  },
});

describe('usage store', () => {
  it('asks for the 30-day window and for today alone', async () => {
    const fake = fakeApi({ getUsage: [view(usage(5, 30)), view(usage(5, 1))] });
    const store = createUsageStore(fake.api);
    await store.getState().load();
    expect(fake.requests('getUsage')).toEqual([{ days: 30 }, { days: 1 }]);
    expect(store.getState()).toMatchObject({ status: 'ready', refreshing: false });
    expect(store.getState().usage?.days).toHaveLength(30);
    expect(store.getState().today?.days).toHaveLength(1);
  });

  it('runs one refresh at a time, showing the previous figures meanwhile', async () => {
    const fake = fakeApi({
      getUsage: [view(usage(5, 30)), view(usage(5, 1)), view(usage(7, 30)), view(usage(7, 1))],
    });
    const store = createUsageStore(fake.api);
    await store.getState().load();
    const release = fake.hold('getUsage');
    const first = store.getState().load();
    const second = store.getState().load();
    expect(second).toBe(first);
    expect(store.getState()).toMatchObject({ refreshing: true, usage: { today: { sent: 5 } } });
    release();
    await first;
    expect(store.getState()).toMatchObject({ refreshing: false, usage: { today: { sent: 7 } } });
    expect(fake.requests('getUsage')).toHaveLength(4);
  });

  it('keeps the last figures on a failed refresh; a failed first load is an error', async () => {
    const fake = fakeApi({
      getUsage: [
        fail('internal', 'boom'),
        fail('internal', 'boom'),
        view(usage(5, 30)),
        view(usage(5, 1)),
        fail('internal', 'again'),
        fail('internal', 'again'),
      ],
    });
    const store = createUsageStore(fake.api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', error: { message: 'boom' } });
    await store.getState().load();
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      error: { message: 'again' },
      usage: { today: { sent: 5 } },
    });
  });

  it('keeps the figures it has when the service is unreachable and has none cached', async () => {
    const fake = fakeApi({
      getUsage: [view(usage(5, 30)), view(usage(5, 1)), view(null, 'cache'), view(null, 'cache')],
    });
    const store = createUsageStore(fake.api);
    await store.getState().load();
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      source: 'cache',
      offlineReason: 'down',
      usage: { today: { sent: 5 } },
      today: { today: { sent: 5 } },
    });
  });
});
