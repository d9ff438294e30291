import { describe, expect, it } from 'vitest';
import type { KyriosApi } from '../../../src/shared/api';
import type { DomainList } from '../../../src/shared/contract';
import type { Domain } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/errors';
import { createDomainsStore } from '../../../src/renderer/stores/domains-store';

const domain = (id: string, name: string): Domain => ({
  id,
  name,
  status: 'pending',
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [],
});

/** An API whose answers each test scripts, recording what was asked. */
function scriptedApi(list: Result<DomainList>[], add: Result<Domain>[] = []) {
  const calls: string[] = [];
  const api: Pick<KyriosApi, 'listDomains' | 'addDomain'> = {
    listDomains: () => {
      calls.push('list');
      const next = list.shift();
      if (!next) throw new Error('unexpected listDomains');
      return Promise.resolve(next);
    },
    addDomain: (request) => {
      calls.push(`add:${request.name}`);
      const next = add.shift();
      if (!next) throw new Error('unexpected addDomain');
      return Promise.resolve(next);
    },
  };
  return { api, calls };
}

const live = (domains: Domain[]): Result<DomainList> => ({
  ok: true,
  value: { domains, source: 'live', syncedAt: '2026-11-26T11:00:00.000Z' },
});

describe('domains store', () => {
  it('loads and sorts by name', async () => {
    const { api } = scriptedApi([live([domain('2', 'b.example'), domain('1', 'a.example')])]);
    const store = createDomainsStore(api);
    expect(store.getState().status).toBe('idle');
    const loading = store.getState().load();
    expect(store.getState().status).toBe('loading');
    await loading;
    expect(store.getState().status).toBe('ready');
    expect(store.getState().domains.map((d) => d.name)).toEqual(['a.example', 'b.example']);
  });

  it('shows an error on a failed first load, but keeps the list on a failed refresh', async () => {
    const failure: Result<DomainList> = { ok: false, error: { code: 'internal', message: 'boom' } };
    const { api } = scriptedApi([failure, live([domain('1', 'a.example')]), failure]);
    const store = createDomainsStore(api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', error: { message: 'boom' } });
    await store.getState().load();
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', error: { message: 'boom' } });
    expect(store.getState().domains).toHaveLength(1);
  });

  it('keeps the cached state and why the service was unreachable', async () => {
    const { api } = scriptedApi([
      {
        ok: true,
        value: {
          domains: [domain('1', 'a.example')],
          source: 'cache',
          syncedAt: 't0',
          offlineReason: 'ECONNREFUSED',
        },
      },
    ]);
    const store = createDomainsStore(api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      source: 'cache',
      syncedAt: 't0',
      offlineReason: 'ECONNREFUSED',
    });
  });

  it('adds a domain, selects it, and keeps the list sorted without duplicates', async () => {
    const { api, calls } = scriptedApi(
      [live([domain('2', 'c.example')])],
      [{ ok: true, value: domain('1', 'b.example') }],
    );
    const store = createDomainsStore(api);
    await store.getState().load();
    const result = await store.getState().add('b.example');
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['list', 'add:b.example']);
    expect(store.getState().domains.map((d) => d.name)).toEqual(['b.example', 'c.example']);
    expect(store.getState().selectedId).toBe('1');
  });

  it('returns the service error of a failed add and changes nothing', async () => {
    const { api } = scriptedApi(
      [live([domain('2', 'c.example')])],
      [{ ok: false, error: { code: 'domain_exists', message: 'c.example is already added' } }],
    );
    const store = createDomainsStore(api);
    await store.getState().load();
    const result = await store.getState().add('c.example');
    expect(result).toEqual({
      ok: false,
      error: { code: 'domain_exists', message: 'c.example is already added' },
    });
    expect(store.getState().domains).toHaveLength(1);
    expect(store.getState().selectedId).toBeNull();
  });

  it('forgets a selection whose domain disappeared', async () => {
    const { api } = scriptedApi([live([domain('1', 'a.example')]), live([])]);
    const store = createDomainsStore(api);
    await store.getState().load();
    store.getState().select('1');
    await store.getState().load();
    expect(store.getState().selectedId).toBeNull();
  });
});
