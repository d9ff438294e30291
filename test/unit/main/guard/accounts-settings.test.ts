import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { createCleanup } from '../../helpers/temp-dir';
import { startTestSandbox } from '../../helpers/sandbox';
import { call, startGuardCore } from '../../helpers/guard-core';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

describe('accounts through the contract', () => {
  it('adds a remote account after checking its key, switches to it and back, and keeps each one’s data apart', async () => {
    const remote = await startTestSandbox(cleanup);
    const { core, pushed } = await startGuardCore(cleanup);

    const initial = await call(core, 'accounts:list', {});
    expect(initial.accounts).toMatchObject([
      { id: 'sandbox', kind: 'sandbox', active: true, key: { storage: 'sandbox' } },
    ]);
    expect(initial.secretStore.persistent).toBe(false);
    const local = await call(core, 'domains:add', { name: 'local.example.test' });

    expect(
      await core.dispatch('accounts:add', {
        label: 'Staging',
        baseUrl: remote.sandbox.api,
        apiKey: 'kys_wrongwrongwrongwrong',
      }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(
      await core.dispatch('accounts:add', {
        label: 'Staging',
        baseUrl: 'ftp://example.test',
        apiKey: 'k',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    const added = await call(core, 'accounts:add', {
      label: 'Staging',
      baseUrl: `${remote.sandbox.api}/`,
      apiKey: remote.sandbox.apiKey,
    });
    expect(added.account).toMatchObject({
      kind: 'remote',
      label: 'Staging',
      baseUrl: remote.sandbox.api,
      active: false,
      key: { storage: 'memory' },
    });
    expect(added.account.key.note).toMatch(/never writes API keys/);
    expect(added.info.account.kind).toBe('sandbox');
    expect(
      await core.dispatch('accounts:add', {
        label: 'Again',
        baseUrl: remote.sandbox.api,
        apiKey: remote.sandbox.apiKey,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    const info = await call(core, 'accounts:switch', { accountId: added.account.id });
    expect(info.account).toEqual({ kind: 'remote', label: 'Staging', baseUrl: remote.sandbox.api });
    expect(await call(core, 'app:info', {})).toEqual(info);
    expect(core.info).toEqual(info);
    expect(pushed.of('accounts:changed').map((e) => e.reason)).toEqual(['added', 'switched']);
    expect((await call(core, 'domains:list', {})).domains).toEqual([]);
    const there = await call(core, 'domains:add', { name: 'remote.example.test' });
    const served = (await (await remote.request('/v1/domains')).json()) as { domains: unknown[] };
    expect(served.domains).toHaveLength(1);

    await call(core, 'accounts:switch', { accountId: 'sandbox' });
    expect((await call(core, 'domains:list', {})).domains.map((d) => d.id)).toEqual([local.id]);
    expect(await core.dispatch('dns:latest', { domainId: there.id })).toEqual({
      ok: true,
      value: null,
    });

    const audit = await call(core, 'audit:list', {});
    expect(audit.entries.map((e) => [e.action, e.accountLabel, e.target])).toEqual([
      ['account_switched', 'Embedded sandbox', 'Embedded sandbox'],
      ['domain_added', 'Staging', 'remote.example.test'],
      ['account_switched', 'Staging', 'Staging'],
      ['account_added', 'Staging', 'Staging'],
      ['domain_added', 'Embedded sandbox', 'local.example.test'],
    ]);
  });

  it('keeps a memory-only key out of the next launch, asks for it again, and removes the account', async () => {
    const remote = await startTestSandbox(cleanup);
    const first = await startGuardCore(cleanup);
    const { account } = await call(first.core, 'accounts:add', {
      label: 'Prod',
      baseUrl: remote.sandbox.api,
      apiKey: remote.sandbox.apiKey,
      activate: true,
    });
    expect(first.core.info.account.label).toBe('Prod');
    await first.core.close();

    // The last account used was Prod, but its key lived in memory: the app starts on the sandbox.
    const second = await startGuardCore(cleanup, { dataDir: first.dataDir });
    expect(second.core.info.account.kind).toBe('sandbox');
    const listed = await call(second.core, 'accounts:list', {});
    expect(listed.accounts.find((a) => a.id === account.id)?.key).toEqual({
      storage: 'none',
      note: null,
    });
    expect(await second.core.dispatch('accounts:switch', { accountId: account.id })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(
      await call(second.core, 'accounts:set-key', {
        accountId: account.id,
        apiKey: remote.sandbox.apiKey,
      }),
    ).toMatchObject({ key: { storage: 'memory' } });
    await call(second.core, 'accounts:switch', { accountId: account.id });
    expect(second.core.info.account.label).toBe('Prod');

    expect(await second.core.dispatch('accounts:remove', { accountId: 'sandbox' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    const removed = await call(second.core, 'accounts:remove', { accountId: account.id });
    expect(removed.info.account.kind).toBe('sandbox');
    expect((await call(second.core, 'accounts:list', {})).accounts.map((a) => a.id)).toEqual([
      'sandbox',
    ]);
    const actions = (await call(second.core, 'audit:list', {})).entries.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual([
      'account_removed',
      'account_switched',
      'account_switched',
      'account_key_set',
    ]);
  });

  it('uses the environment’s account with its key in memory, as before', async () => {
    const remote = await startTestSandbox(cleanup);
    const { core } = await startGuardCore(cleanup, {
      remote: { baseUrl: remote.sandbox.api, apiKey: remote.sandbox.apiKey, label: 'From env' },
    });
    expect(core.sandbox).toBeUndefined();
    const list = await call(core, 'accounts:list', {});
    expect(list.accounts.map((a) => [a.kind, a.label, a.active, a.key.storage])).toEqual([
      ['sandbox', 'Embedded sandbox', false, 'sandbox'],
      ['remote', 'From env', true, 'environment'],
    ]);
    // Switching to the sandbox starts it then.
    await call(core, 'accounts:switch', { accountId: 'sandbox' });
    expect(core.sandbox).toBeDefined();
    expect(core.info.account.baseUrl).toBe(core.sandbox?.api);
  });
});

describe('settings through the contract', () => {
  it('validates, stores, pushes and audits changes', async () => {
    const { core, pushed, dataDir } = await startGuardCore(cleanup);
    expect(await call(core, 'settings:get', {})).toEqual(DEFAULT_SETTINGS);
    for (const bad of [
      { monitorIntervalMinutes: 1 },
      { clipboardClearSeconds: -5 },
      { dnsResolvers: ['999.1.1.1'] },
      { dnsResolvers: ['dns.google'] },
      { surprise: true },
    ]) {
      expect(await core.dispatch('settings:update', bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    }
    const next = await call(core, 'settings:update', {
      monitorIntervalMinutes: 15,
      notifications: false,
      dnsResolvers: ['127.0.0.1:5353', '[::1]:53'],
    });
    expect(next).toMatchObject({
      monitorIntervalMinutes: 15,
      notifications: false,
      clipboardClearSeconds: 60,
      dnsResolvers: ['127.0.0.1:5353', '[::1]:53'],
    });
    expect(pushed.of('settings:changed')).toEqual([next]);
    expect(await call(core, 'monitor:status', {})).toMatchObject({ intervalMinutes: 15 });
    // The same values again change nothing and log nothing.
    await call(core, 'settings:update', { monitorIntervalMinutes: 15 });
    const audit = await call(core, 'audit:list', {});
    expect(audit.entries).toMatchObject([
      {
        action: 'settings_changed',
        target: 'dnsResolvers, monitorIntervalMinutes, notifications',
        detail: { monitorIntervalMinutes: '15', notifications: 'false' },
      },
    ]);
    await core.close();
    const again = await startGuardCore(cleanup, { dataDir });
    expect(await call(again.core, 'settings:get', {})).toEqual(next);
  });

  it('keeps the desktop settings (background monitoring, start at login) across a restart', async () => {
    const { core, pushed, dataDir } = await startGuardCore(cleanup);
    const next = await call(core, 'settings:update', {
      keepMonitoringWhenClosed: false,
      startAtLogin: true,
    });
    expect(next).toMatchObject({ keepMonitoringWhenClosed: false, startAtLogin: true });
    expect(pushed.of('settings:changed')).toEqual([next]);
    expect(await core.dispatch('settings:update', { startAtLogin: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    await core.close();
    const again = await startGuardCore(cleanup, { dataDir });
    expect(await call(again.core, 'settings:get', {})).toMatchObject({
      keepMonitoringWhenClosed: false,
      startAtLogin: true,
    });
  });
});
