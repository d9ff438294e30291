import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerAddress } from '../../../src/dns';
import { createAppCore } from '../../../src/main/app-core';
import { APP_DATABASE_FILE } from '../../../src/main/db/app-database';
import type { EventName, EventPayload } from '../../../src/shared/contract';
import type { Domain } from '../../../src/shared/domain';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';
import { startTestSandbox } from '../helpers/sandbox';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function dataDir(): string {
  const temp = makeTempDir('kyrios-core-');
  cleanup.add(() => temp.remove());
  return temp.dir;
}

async function core(dir: string, remote?: Parameters<typeof createAppCore>[0]['remote']) {
  const c = await createAppCore({
    dataDir: dir,
    mode: 'desktop',
    version: '9.9.9',
    ...(remote ? { remote } : {}),
  });
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await c.close();
    }
  };
  cleanup.add(close);
  return { ...c, close };
}

describe('createAppCore with the embedded sandbox', () => {
  it('starts the sandbox under <dataDir>/sandbox and describes itself', async () => {
    const dir = dataDir();
    const c = await core(dir);
    expect(c.sandbox).toBeDefined();
    expect(c.info).toEqual({
      version: '9.9.9',
      mode: 'desktop',
      account: { kind: 'sandbox', label: 'Embedded sandbox', baseUrl: c.sandbox?.api },
      dataDir: dir,
    });
    expect(c.sandbox?.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dir, APP_DATABASE_FILE))).toBe(true);
    expect(existsSync(join(dir, 'sandbox', 'sandbox.db'))).toBe(true);
    expect(readFileSync(join(dir, 'sandbox', 'api-key'), 'utf8').trim()).toBe(c.sandbox?.apiKey);
    expect(await c.dispatch('app:info', {})).toEqual({ ok: true, value: c.info });
  });

  it('says which DNS servers the command line put in place of the settings', async () => {
    const dir = dataDir();
    const c = await createAppCore({
      dataDir: dir,
      mode: 'browser',
      version: '9.9.9',
      dns: {
        resolvers: [parseServerAddress('127.0.0.1:5353')],
        authoritative: [parseServerAddress('[::1]:53')],
      },
    });
    cleanup.add(() => c.close());
    expect(c.info.dnsOverride).toEqual({
      resolvers: ['127.0.0.1:5353'],
      authoritative: ['[::1]:53'],
    });
  });

  it('runs the slice: add through the contract, pushed event, live list', async () => {
    const c = await core(dataDir());
    const pushed: { name: EventName; payload: EventPayload<EventName> }[] = [];
    c.events.subscribe((name, payload) => pushed.push({ name, payload }));

    const added = await c.dispatch('domains:add', { name: 'slice.example.com' });
    expect(added).toMatchObject({
      ok: true,
      value: { name: 'slice.example.com', status: 'pending' },
    });
    const domain = (added as { value: Domain }).value;
    expect(domain.records).toHaveLength(7);
    expect(pushed.filter((p) => p.name === 'domains:changed')).toEqual([
      { name: 'domains:changed', payload: { reason: 'added', domainId: domain.id } },
    ]);
    expect(pushed.filter((p) => p.name === 'connection:changed')).toMatchObject([
      { payload: { online: true, reason: null } },
    ]);

    const listed = await c.dispatch('domains:list', {});
    expect(listed).toMatchObject({ ok: true, value: { source: 'live', domains: [domain] } });
    expect(await c.dispatch('domains:add', { name: 'slice.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'domain_exists' },
    });
    expect(await c.dispatch('domains:add', { name: 'Slice.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_domain' },
    });
  });

  it('keeps domains and the sandbox key across a restart on the same folder', async () => {
    const dir = dataDir();
    const first = await core(dir);
    const added = await first.dispatch('domains:add', { name: 'restart.example.com' });
    const key = first.sandbox?.apiKey;
    await first.close();

    const second = await core(dir);
    expect(second.sandbox?.apiKey).toBe(key);
    const listed = await second.dispatch('domains:list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: { source: 'live', domains: [(added as { value: Domain }).value] },
    });
  });
});

describe('createAppCore with a remote account', () => {
  it('talks to the remote service, starts no sandbox, and falls back to the cache when it goes', async () => {
    const remote = await startTestSandbox(cleanup);
    const dir = dataDir();
    const c = await core(dir, {
      baseUrl: remote.sandbox.api,
      apiKey: remote.sandbox.apiKey,
      label: 'Staging',
    });

    expect(c.sandbox).toBeUndefined();
    expect(existsSync(join(dir, 'sandbox'))).toBe(false);
    expect(c.info.account).toEqual({
      kind: 'remote',
      label: 'Staging',
      baseUrl: remote.sandbox.api,
    });

    const added = await c.dispatch('domains:add', { name: 'remote.example.com' });
    expect(added).toMatchObject({ ok: true });
    expect(await (await remote.request('/v1/domains')).json()).toEqual({
      domains: [(added as { value: Domain }).value],
    });

    await remote.sandbox.close();
    const cached = await c.dispatch('domains:list', {});
    expect(cached).toMatchObject({
      ok: true,
      value: { source: 'cache', domains: [(added as { value: Domain }).value] },
    });
    expect((cached as { value: { offlineReason?: string } }).value.offlineReason).toMatch(
      /could not be reached/,
    );
  });

  it('reports a wrong remote key as unauthorized', async () => {
    const remote = await startTestSandbox(cleanup);
    const c = await core(dataDir(), {
      baseUrl: remote.sandbox.api,
      apiKey: 'kys_notthekeynotthekey',
      label: 'Bad key',
    });
    expect(await c.dispatch('domains:list', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });
});
