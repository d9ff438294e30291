import { describe, expect, it } from 'vitest';
import type { AccountEntry, AccountsView, AppInfo } from '../../../../src/shared/contract';
import type { AuditEntry } from '../../../../src/shared/audit';
import { AUDIT_ACTIONS } from '../../../../src/shared/audit';
import {
  createAccountRegistryStore,
  keyStorageText,
} from '../../../../src/renderer/accounts/account-registry-store';
import { AUDIT_PAGE, createAuditStore } from '../../../../src/renderer/accounts/audit-store';
import {
  AUDIT_ACTION_LABELS,
  detailText,
  targetText,
} from '../../../../src/renderer/accounts/audit-text';
import { fail, fakeApi, ok } from '../fake-api';

const sandbox: AccountEntry = {
  id: 'sandbox',
  kind: 'sandbox',
  label: 'Embedded sandbox',
  baseUrl: 'http://127.0.0.1:4100',
  active: true,
  key: { storage: 'sandbox', note: null },
};
const remote: AccountEntry = {
  id: 'remote-1',
  kind: 'remote',
  label: 'Production',
  baseUrl: 'https://kyrios.example',
  active: false,
  key: { storage: 'memory', note: 'Browser mode never writes API keys.' },
};
const view = (accounts: AccountEntry[]): AccountsView => ({
  accounts,
  secretStore: { persistent: false, reason: 'Browser mode never writes API keys.' },
});
const info: AppInfo = {
  version: '0',
  mode: 'browser',
  account: { kind: 'remote', label: 'Production', baseUrl: 'https://kyrios.example' },
  dataDir: '/tmp',
};
const entry = (id: number): AuditEntry => ({
  id,
  at: '2026-11-26T10:00:00.000Z',
  accountId: 'sandbox',
  accountLabel: 'Embedded sandbox',
  action: 'domain_added',
  target: `d${id}.test`,
  detail: {},
});

describe('accounts store', () => {
  it('reloads the list after every change that went through', async () => {
    const fake = fakeApi({
      listAccounts: [ok(view([sandbox])), ok(view([sandbox, remote]))],
      addAccount: [fail('unauthorized', 'The key was refused.'), ok({ account: remote, info })],
    });
    const store = createAccountRegistryStore(fake.api);
    await store.getState().load();
    const input = { label: 'Production', baseUrl: remote.baseUrl, apiKey: 'k', activate: true };
    expect(await store.getState().add(input)).toMatchObject({ ok: false });
    expect(fake.requests('listAccounts')).toHaveLength(1);
    expect(await store.getState().add(input)).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().view?.accounts).toHaveLength(2);
    expect(fake.requests('addAccount')[1]).toEqual(input);
  });

  it('says where each kind of key is kept', () => {
    const storages = ['sandbox', 'environment', 'os', 'memory', 'none'] as const;
    const texts = storages.map((storage) =>
      keyStorageText({ ...remote, key: { storage, note: null } }),
    );
    expect(new Set(texts).size).toBe(storages.length);
    expect(texts[4]).toMatch(/enter the key again/);
  });
});

describe('audit store', () => {
  it('pages back through older entries, and filters by account', async () => {
    const first = Array.from({ length: AUDIT_PAGE }, (_, i) => entry(200 - i));
    const fake = fakeApi({
      listAudit: [
        ok({ entries: first, nextBeforeId: 101 }),
        ok({ entries: [entry(100)], nextBeforeId: null }),
        ok({ entries: [entry(5)], nextBeforeId: null }),
      ],
    });
    const store = createAuditStore(fake.api);
    await store.getState().load();
    await store.getState().loadMore();
    expect(store.getState().entries).toHaveLength(AUDIT_PAGE + 1);
    expect(store.getState().nextBeforeId).toBeNull();
    await store.getState().loadMore();
    await store.getState().setAccount('sandbox');
    expect(store.getState().entries.map((e) => e.id)).toEqual([5]);
    expect(fake.requests('listAudit')).toEqual([
      { limit: AUDIT_PAGE },
      { limit: AUDIT_PAGE, beforeId: 101 },
      { limit: AUDIT_PAGE, accountId: 'sandbox' },
    ]);
  });

  it('has words for every action and detail, never a field name', () => {
    for (const action of AUDIT_ACTIONS) expect(AUDIT_ACTION_LABELS[action]).toBeTruthy();
    expect(detailText({ baseUrl: 'https://k', keyStorage: 'memory', n: 2, none: null })).toBe(
      'Base URL: https://k · Key kept: in memory only · n: 2 · none: —',
    );
    expect(detailText({ domain: 'shop.test', whereUsed: 'Billing app', note: null })).toBe(
      "Domain: shop.test · Where it's used: Billing app · Owner or purpose: —",
    );
    // Settings as the app stores them (JSON), in the Settings screen's words.
    expect(
      detailText({
        monitorIntervalMinutes: '30',
        notifications: 'false',
        dnsResolvers: '[]',
        blocklists: '[{"name":"ZEN","zone":"zen.spamhaus.org","ipv6":false}]',
      }),
    ).toBe(
      'Monitoring interval (minutes): 30 · Notifications: Off · DNS resolvers: none · Blocklists: zen.spamhaus.org',
    );
    expect(
      targetText({ action: 'settings_changed', target: 'monitorIntervalMinutes, dnsResolvers' }),
    ).toBe('Monitoring interval (minutes), DNS resolvers');
    expect(targetText({ action: 'domain_added', target: 'shop.test' })).toBe('shop.test');
  });
});
