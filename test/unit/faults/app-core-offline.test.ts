import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src/main/app-core';
import { APP_DATABASE_FILE } from '../../../src/main/db/app-database';
import { openDatabase } from '../../../src/sqlite/open-database';
import type { Domain } from '../../../src/shared/domain';
import { startFaultyProxy, type Fault, type FaultyProxy } from '../helpers/faulty-proxy';
import {
  call,
  sandboxAccountId,
  startGuardCore,
  verifyInSandbox,
  type recordEvents,
} from '../helpers/guard-core';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

// The app core on a remote account whose service sits behind a misbehaving proxy: creations that
// lose their answers happen once, reads fall back to the cache while the service cannot be
// reached, and the app finds the service again by itself.

const cleanup = createCleanup();
let sb: TestSandbox;
let proxy: FaultyProxy;
let core: AppCore;
let pushed: ReturnType<typeof recordEvents>;
let dataDir: string;
beforeAll(async () => {
  sb = await startTestSandbox(cleanup);
  proxy = await startFaultyProxy(sb.sandbox.api);
  cleanup.add(() => proxy.close());
  ({ core, pushed, dataDir } = await startGuardCore(cleanup, {
    remote: { baseUrl: proxy.url, apiKey: sb.sandbox.apiKey, label: 'Behind a proxy' },
    background: { enabled: false, probe: { minMs: 100, maxMs: 400 } },
  }));
});
afterAll(() => cleanup.run());

/** The first request of each call misbehaves; its retries pass. */
function firstOfEach(fault: Fault, method = 'POST') {
  const faulted = new Set<string>();
  return (request: { method: string; path: string }) => {
    if (request.method !== method || faulted.has(request.path)) return { kind: 'pass' } as const;
    faulted.add(request.path);
    return fault;
  };
}

const sandboxDomains = () => sb.sandbox.store.domains.list(sandboxAccountId(sb.sandbox));
const sandboxEvents = (type: string) =>
  sb.sandbox.store.events
    .list(sandboxAccountId(sb.sandbox), 0, 10_000)
    .filter((e) => e.type === type)
    .map((e) => e.detail as Record<string, unknown>);

/** A row of the app's own database, read on a connection of its own. */
function appRow(sql: string, ...params: string[]): Record<string, unknown> | undefined {
  const db = openDatabase(join(dataDir, APP_DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

const auditActions = async (action: string) =>
  (await call(core, 'audit:list', {})).entries.filter((e) => e.action === action);

describe('the app core behind a faulty proxy', () => {
  let domain: Domain;

  it('adds a domain once when the first answer is lost (reset after the service did it)', async () => {
    proxy.setPlan(firstOfEach({ kind: 'reset-after' }));
    domain = await call(core, 'domains:add', { name: 'proxied.example.com' });
    expect(sandboxDomains().map((d) => d.id)).toEqual([domain.id]);
    expect(
      (await call(core, 'audit:list', {})).entries.filter((e) => e.action === 'domain_added'),
    ).toHaveLength(1);
  });

  it('creates an SMTP user once when the gateway answers 502 after the service did it', async () => {
    await verifyInSandbox(core, sb.sandbox, domain);
    proxy.setPlan(firstOfEach({ kind: 'status-after', status: 502 }));
    const created = await call(core, 'smtp:create', {
      domainId: domain.id,
      login: 'ops',
      note: 'Ops',
    });
    const users = sb.sandbox.store.smtpUsers.list(sandboxAccountId(sb.sandbox), domain.id) ?? [];
    expect(users.map((u) => u.id)).toEqual([created.user.id]);
    expect((await call(core, 'smtp:list', { domainId: domain.id })).users).toHaveLength(1);
  });

  it('says service_error, not offline, while the service answers 500 (nothing created)', async () => {
    proxy.setPlan(() => ({ kind: 'status', status: 500 }));
    expect(await core.dispatch('domains:add', { name: 'broken.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'service_error' },
    });
    expect(await call(core, 'connection:get', {})).toMatchObject({ online: true });
    expect(sandboxDomains().map((d) => d.name)).not.toContain('broken.example.com');
  });

  it('serves the cache while connections are reset, and refuses changes as offline', async () => {
    proxy.setPlan(() => ({ kind: 'reset' }));
    const offline = pushed.next('connection:changed', (s) => !s.online);
    const list = await call(core, 'domains:list', {});
    expect(list).toMatchObject({ source: 'cache', domains: [{ id: domain.id }] });
    expect(list.offlineReason).toMatch(/could not be reached/);
    await offline;
    expect(await call(core, 'smtp:list', { domainId: domain.id })).toMatchObject({
      source: 'cache',
      users: [{ login: 'ops@proxied.example.com', note: 'Ops' }],
    });
    expect(await core.dispatch('smtp:create', { domainId: domain.id, login: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
    expect(await core.dispatch('domains:add', { name: 'late.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
    expect(sandboxDomains()).toHaveLength(1);
  });

  it('finds the service again by itself, with the same single domain and user', async () => {
    const online = pushed.next('connection:changed', (s) => s.online);
    proxy.setPlan(() => ({ kind: 'pass' }));
    expect(await online).toMatchObject({ online: true, reason: null });
    expect(await call(core, 'domains:list', {})).toMatchObject({
      source: 'live',
      domains: [{ id: domain.id }],
    });
    expect((await call(core, 'smtp:list', { domainId: domain.id })).users).toHaveLength(1);
    expect(sandboxDomains()).toHaveLength(1);
  });

  it('deletes an SMTP user once when the answer to its DELETE is lost: the retry finds it gone and that is success', async () => {
    const [ops] = (await call(core, 'smtp:list', { domainId: domain.id })).users;
    if (!ops) throw new Error('no user');
    proxy.setPlan(firstOfEach({ kind: 'reset-after' }, 'DELETE'));
    const start = proxy.requests.length;
    expect(await core.dispatch('smtp:delete', { domainId: domain.id, userId: ops.id })).toEqual({
      ok: true,
      value: { userId: ops.id },
    });
    // The first DELETE did the work and lost its answer; the retry was answered 404.
    expect(
      proxy.requests
        .slice(start)
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.fault),
    ).toEqual(['reset-after', 'pass']);
    expect(sb.sandbox.store.smtpUsers.list(sandboxAccountId(sb.sandbox), domain.id)).toEqual([]);
    expect(sandboxEvents('smtp_user_deleted').filter((d) => d.userId === ops.id)).toHaveLength(1);
    // The inventory was updated by the delete itself (not by a later sync finding it missing).
    expect(appRow('SELECT deleted_reason FROM smtp_users WHERE id = ?', ops.id)).toEqual({
      deleted_reason: 'deleted',
    });
    expect(await auditActions('smtp_user_deleted')).toHaveLength(1);
    expect((await call(core, 'smtp:list', { domainId: domain.id })).users).toEqual([]);
  });

  it('deletes a domain once when the gateway answers 502 after the service deleted it', async () => {
    proxy.setPlan(firstOfEach({ kind: 'status-after', status: 502 }, 'DELETE'));
    expect(await core.dispatch('domains:delete', { domainId: domain.id })).toEqual({
      ok: true,
      value: { domainId: domain.id },
    });
    expect(sandboxDomains()).toEqual([]);
    expect(sandboxEvents('domain_deleted').filter((d) => d.domainId === domain.id)).toHaveLength(1);
    expect(appRow('SELECT id FROM domains WHERE id = ?', domain.id)).toBeUndefined();
    expect(await auditActions('domain_deleted')).toHaveLength(1);
    proxy.setPlan(() => ({ kind: 'pass' }));
    expect((await call(core, 'domains:list', {})).domains).toEqual([]);
  });
});
