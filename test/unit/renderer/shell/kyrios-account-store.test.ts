import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../../../src/shared/contract';
import type { Result } from '../../../../src/shared/errors';
import type { Account } from '../../../../src/shared/kyrios';
import {
  connectionSummary,
  createKyriosAccountStore,
} from '../../../../src/renderer/shell/kyrios-account-store';
import { fail, fakeApi } from '../fake-api';

const account: Account = {
  id: 'acc',
  name: 'Sandbox account',
  dailyLimit: 1500,
  sentToday: 12,
  day: '2026-11-26',
  resetsAt: '2026-11-27T00:00:00.000Z',
  dedicatedIp: '192.0.2.10',
  smtp: { host: '127.0.0.1', port: 2525 },
};
const view = (a: Account | null, source: 'live' | 'cache' = 'live'): Result<AccountView> => ({
  ok: true,
  value: {
    account: a,
    source,
    syncedAt: 't',
    ...(source === 'cache' ? { offlineReason: 'ECONNREFUSED' } : {}),
  },
});

describe('account store', () => {
  it('loads the account, and keeps it through an offline answer without one', async () => {
    const store = createKyriosAccountStore(
      fakeApi({ getAccount: [view(account), view(null, 'cache')] }).api,
    );
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      source: 'live',
      account: { sentToday: 12 },
    });
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      source: 'cache',
      offlineReason: 'ECONNREFUSED',
      account: { sentToday: 12 },
    });
  });

  it('is an error only when it never had the account', async () => {
    const store = createKyriosAccountStore(
      fakeApi({ getAccount: [fail('internal', 'boom'), view(account), fail('internal', 'x')] }).api,
    );
    await store.getState().load();
    expect(store.getState().status).toBe('error');
    await store.getState().load();
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      error: { message: 'x' },
      account: { id: 'acc' },
    });
  });

  it('holds the last connection event', () => {
    const store = createKyriosAccountStore(fakeApi({}).api);
    store.getState().setConnection({ online: false, since: 't0', reason: 'timeout' });
    expect(store.getState().connection).toEqual({ online: false, since: 't0', reason: 'timeout' });
  });
});

describe('connectionSummary', () => {
  it('believes a connection event first', () => {
    expect(connectionSummary({ online: true, since: null, reason: null }, ['cache'], 'x')).toEqual({
      state: 'online',
    });
    expect(
      connectionSummary({ online: false, since: 't0', reason: 'timeout' }, ['live'], null),
    ).toEqual({
      state: 'offline',
      reason: 'timeout',
      since: 't0',
    });
  });

  it('else goes by the answers: any cached one means offline, none yet means unknown', () => {
    expect(connectionSummary(null, [null, null], null)).toEqual({ state: 'unknown' });
    expect(connectionSummary(null, ['live', null], null)).toEqual({ state: 'online' });
    expect(connectionSummary(null, ['live', 'cache'], 'ECONNREFUSED')).toEqual({
      state: 'offline',
      reason: 'ECONNREFUSED',
      since: null,
    });
  });
});
