import { describe, expect, it } from 'vitest';
import type { DomainList, Verified } from '../../../../src/shared/contract';
import type { Domain } from '../../../../src/shared/domain';
import type { Result } from '../../../../src/shared/errors';
import {
  createDomainsStore,
  filterDomains,
  noMatchText,
} from '../../../../src/renderer/domains/domains-store';
import { fail, fakeApi } from '../fake-api';

const domain = (id: string, name: string, status: Domain['status'] = 'pending'): Domain => ({
  id,
  name,
  status,
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [],
});

const live = (domains: Domain[]): Result<DomainList> => ({
  ok: true,
  value: { domains, source: 'live', syncedAt: '2026-11-26T11:00:00.000Z' },
});

describe('domains store', () => {
  it('loads and sorts by name', async () => {
    const { api } = fakeApi({
      listDomains: [live([domain('2', 'b.example'), domain('1', 'a.example')])],
    });
    const store = createDomainsStore(api);
    expect(store.getState().status).toBe('idle');
    const loading = store.getState().load();
    expect(store.getState().status).toBe('loading');
    await loading;
    expect(store.getState().status).toBe('ready');
    expect(store.getState().domains.map((d) => d.name)).toEqual(['a.example', 'b.example']);
  });

  it('shows an error on a failed first load, but keeps the list on a failed refresh', async () => {
    const { api } = fakeApi({
      listDomains: [
        fail('internal', 'boom'),
        live([domain('1', 'a.example')]),
        fail('internal', 'boom'),
      ],
    });
    const store = createDomainsStore(api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'error', error: { message: 'boom' } });
    await store.getState().load();
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', error: { message: 'boom' } });
    expect(store.getState().domains).toHaveLength(1);
  });

  it('keeps the cached state and why the service was unreachable', async () => {
    const { api } = fakeApi({
      listDomains: [
        {
          ok: true,
          value: {
            domains: [domain('1', 'a.example')],
            source: 'cache',
            syncedAt: 't0',
            offlineReason: 'ECONNREFUSED',
          },
        },
      ],
    });
    const store = createDomainsStore(api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      source: 'cache',
      syncedAt: 't0',
      offlineReason: 'ECONNREFUSED',
    });
  });

  it('adds a domain and keeps the list sorted without duplicates', async () => {
    const { api, calls } = fakeApi({
      listDomains: [live([domain('2', 'c.example')])],
      addDomain: [
        { ok: true, value: domain('1', 'b.example') },
        { ok: true, value: domain('1', 'b.example') },
      ],
    });
    const store = createDomainsStore(api);
    await store.getState().load();
    expect((await store.getState().add('b.example')).ok).toBe(true);
    await store.getState().add('b.example');
    expect(calls.map((c) => c.method)).toEqual(['listDomains', 'addDomain', 'addDomain']);
    expect(store.getState().domains.map((d) => d.name)).toEqual(['b.example', 'c.example']);
  });

  it('returns the service error of a failed add and changes nothing', async () => {
    const exists = {
      ok: false,
      error: { code: 'domain_exists', message: 'c.example is already added' },
    } as const;
    const { api } = fakeApi({
      listDomains: [live([domain('2', 'c.example')])],
      addDomain: [exists],
    });
    const store = createDomainsStore(api);
    await store.getState().load();
    expect(await store.getState().add('c.example')).toEqual(exists);
    expect(store.getState().domains).toHaveLength(1);
  });

  it('marks a domain verifying while Verify Now runs, then takes the domain the service returns', async () => {
    const verified: Result<Verified> = {
      ok: true,
      value: { domain: domain('1', 'a.example', 'verified'), check: null },
    };
    const fake = fakeApi({
      listDomains: [live([domain('1', 'a.example')])],
      verifyDomain: [verified],
    });
    const store = createDomainsStore(fake.api);
    await store.getState().load();
    const release = fake.hold('verifyDomain');
    const verifying = store.getState().verify('1');
    expect(store.getState().verifying).toEqual({ 1: true });
    release();
    expect(await verifying).toBe(verified);
    expect(store.getState().verifying).toEqual({});
    expect(store.getState().domains[0]?.status).toBe('verified');
    expect(fake.requests('verifyDomain')).toEqual([{ domainId: '1' }]);
  });

  it('keeps the domain when Verify Now fails', async () => {
    const { api } = fakeApi({
      listDomains: [live([domain('1', 'a.example')])],
      verifyDomain: [fail('offline', 'Kyrios cannot be reached')],
    });
    const store = createDomainsStore(api);
    await store.getState().load();
    expect((await store.getState().verify('1')).ok).toBe(false);
    expect(store.getState()).toMatchObject({ verifying: {}, domains: [{ status: 'pending' }] });
  });

  it('removes a deleted domain, and keeps it when the deletion fails', async () => {
    const { api } = fakeApi({
      listDomains: [live([domain('1', 'a.example'), domain('2', 'b.example')])],
      deleteDomain: [fail('offline', 'no'), { ok: true, value: { domainId: '1' } }],
    });
    const store = createDomainsStore(api);
    await store.getState().load();
    await store.getState().remove('1');
    expect(store.getState().domains).toHaveLength(2);
    const removing = store.getState().remove('1');
    expect(store.getState().removing).toEqual({ 1: true });
    await removing;
    expect(store.getState()).toMatchObject({ removing: {}, domains: [{ id: '2' }] });
  });

  it('holds the filter text and status', () => {
    const store = createDomainsStore(fakeApi({}).api);
    store.getState().setQuery('shop');
    store.getState().setStatusFilter('verified');
    expect(store.getState()).toMatchObject({ query: 'shop', statusFilter: 'verified' });
  });
});

describe('filterDomains', () => {
  const list = [
    domain('1', 'shop.example', 'verified'),
    domain('2', 'mail.shop.test', 'pending'),
    domain('3', 'news.example', 'failed'),
  ];

  it('returns the same list when nothing filters', () => {
    expect(filterDomains(list, '  ', 'all')).toBe(list);
  });

  it('matches part of the name, whatever the case and surrounding spaces', () => {
    expect(filterDomains(list, ' SHOP ', 'all').map((d) => d.id)).toEqual(['1', '2']);
  });

  it('narrows by status, with or without text', () => {
    expect(filterDomains(list, '', 'failed').map((d) => d.id)).toEqual(['3']);
    expect(filterDomains(list, 'shop', 'pending').map((d) => d.id)).toEqual(['2']);
    expect(filterDomains(list, 'news', 'pending')).toEqual([]);
  });
});

describe('noMatchText', () => {
  it('says what the filter asked for, whether the box, the status or both are set', () => {
    expect(noMatchText(' shop ', 'all')).toBe('No domain matches “shop”.');
    expect(noMatchText('', 'failed')).toBe('No failed domains.');
    expect(noMatchText('  ', 'pending')).toBe('No pending domains.');
    expect(noMatchText('shop', 'verified')).toBe('No verified domain matches “shop”.');
  });
});
