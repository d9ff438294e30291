import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createDomainsRepo, type DomainsRepo } from '../../../../src/main/db/domains-repo';
import { createKyriosClient, type KyriosClient } from '../../../../src/main/kyrios/client';
import { KyriosError } from '../../../../src/main/kyrios/kyrios-error';
import {
  createDomainsService,
  toServiceError,
} from '../../../../src/main/services/domains-service';
import { createEventBus } from '../../../../src/main/services/event-bus';
import { ServiceError } from '../../../../src/main/services/service-error';
import type { EventName, EventPayload } from '../../../../src/shared/contract';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox';
import { closedPortUrl } from '../../helpers/net';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const ACCOUNT = 'sandbox';
const T1 = new Date('2025-03-01T10:00:00.000Z');
const T2 = new Date('2025-03-02T10:00:00.000Z');

/** The service over a real app database in a temp folder, talking to `baseUrl` with a real client. */
function makeService(baseUrl: string, apiKey: string, dataDir?: string) {
  let dir = dataDir;
  if (!dir) {
    const temp = makeTempDir('kyrios-app-');
    cleanup.add(() => temp.remove());
    dir = temp.dir;
  }
  const db = openAppDatabase(dir);
  cleanup.add(() => db.close());
  createAccountsRepo(db).ensure({
    id: ACCOUNT,
    kind: 'sandbox',
    label: 'Embedded sandbox',
    baseUrl,
  });
  const repo: DomainsRepo = createDomainsRepo(db);
  const real = createKyriosClient({ baseUrl, apiKey, timeoutMs: 2_000 });
  const kyrios = {
    listDomains: vi.fn<KyriosClient['listDomains']>(() => real.listDomains()),
    createDomain: vi.fn<KyriosClient['createDomain']>((name) => real.createDomain(name)),
    verifyDomain: vi.fn<KyriosClient['verifyDomain']>((id) => real.verifyDomain(id)),
    deleteDomain: vi.fn<KyriosClient['deleteDomain']>((id) => real.deleteDomain(id)),
  };
  const events = createEventBus();
  const pushed: { name: EventName; payload: EventPayload<EventName> }[] = [];
  events.subscribe((name, payload) => pushed.push({ name, payload }));
  let now = T1;
  const service = createDomainsService({
    accountId: ACCOUNT,
    kyrios,
    repo,
    events,
    now: () => now,
  });
  return { service, repo, kyrios, pushed, dir, setNow: (d: Date) => (now = d) };
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

async function sandboxService(): Promise<{ sb: TestSandbox } & ReturnType<typeof makeService>> {
  const sb = await startTestSandbox(cleanup);
  return { sb, ...makeService(sb.sandbox.api, sb.sandbox.apiKey) };
}

describe('domains service: add', () => {
  it('adds through Kyrios, caches the result and pushes domains:changed', async () => {
    const { service, repo, pushed, sb } = await sandboxService();
    const domain = await service.add('example.com');

    expect(domain).toMatchObject({ name: 'example.com', status: 'pending' });
    expect(domain.records).toHaveLength(7);
    expect(await (await sb.request('/v1/domains')).json()).toEqual({ domains: [domain] });
    expect(repo.list(ACCOUNT)).toEqual([domain]);
    expect(repo.lastSyncedAt(ACCOUNT)).toBe(T1.toISOString());
    expect(pushed).toEqual([
      { name: 'domains:changed', payload: { reason: 'added', domainId: domain.id } },
    ]);
  });

  it.each([
    ['uppercase', 'Example.com', /lowercase/],
    ['a single label', 'example', /single label/],
    ['an empty name', '', /Enter a domain name/],
    ['an underscore', 'a_b.example.com', /underscores/],
  ])('refuses %s as invalid_domain without calling Kyrios', async (_what, name, message) => {
    const { service, kyrios, repo, pushed } = await sandboxService();
    const error = await rejection(service.add(name));
    expect(error.code).toBe('invalid_domain');
    expect(error.message).toMatch(message);
    expect(kyrios.createDomain).not.toHaveBeenCalled();
    expect(repo.list(ACCOUNT)).toEqual([]);
    expect(pushed).toEqual([]);
  });

  it('reports a duplicate as domain_exists and pushes nothing', async () => {
    const { service, pushed } = await sandboxService();
    await service.add('example.com');
    const error = await rejection(service.add('example.com'));
    expect(error.code).toBe('domain_exists');
    expect(pushed).toHaveLength(1);
  });

  it('reports offline when Kyrios cannot be reached, and caches nothing', async () => {
    const { service, repo } = makeService(await closedPortUrl(), 'kys_whatever');
    const error = await rejection(service.add('example.com'));
    expect(error.code).toBe('offline');
    expect(repo.list(ACCOUNT)).toEqual([]);
  });
});

describe('domains service: list', () => {
  it('lists live from Kyrios and replaces the cache with what it listed', async () => {
    const { service, repo, sb, setNow } = await sandboxService();
    const a = await service.add('a.example.com');
    // A domain added elsewhere (e.g. the dashboard) shows up on the next list.
    const otherClient = createKyriosClient({ baseUrl: sb.sandbox.api, apiKey: sb.sandbox.apiKey });
    const b = await otherClient.createDomain('b.example.com');
    setNow(T2);

    const listed = await service.list();
    expect(listed).toEqual({ domains: [a, b], source: 'live', syncedAt: T2.toISOString() });
    expect(repo.list(ACCOUNT)).toEqual([a, b]);
    expect(repo.lastSyncedAt(ACCOUNT)).toBe(T2.toISOString());
  });

  it('drops cached domains the service no longer lists', async () => {
    const { service, repo } = await sandboxService();
    const gone = {
      ...(await service.add('kept.example.com')),
      id: 'dom_gone',
      name: 'gone.example.com',
    };
    repo.upsert(ACCOUNT, gone, T1.toISOString());
    expect(repo.list(ACCOUNT).map((d) => d.name)).toEqual(['gone.example.com', 'kept.example.com']);

    const live = await service.list();
    expect(live.domains.map((d) => d.name)).toEqual(['kept.example.com']);
    expect(repo.list(ACCOUNT)).toEqual(live.domains);
  });

  it('falls back to the cache with offlineReason when Kyrios goes away', async () => {
    const { service, sb, setNow } = await sandboxService();
    const domain = await service.add('cached.example.com');
    const live = await service.list();
    expect(live.source).toBe('live');

    await sb.sandbox.close();
    setNow(T2);
    const cached = await service.list();
    expect(cached.source).toBe('cache');
    expect(cached.domains).toEqual([domain]);
    expect(cached.syncedAt).toBe(T1.toISOString());
    expect(cached.offlineReason).toMatch(/could not be reached/);
  });

  it('returns an empty cache with no sync time when it never reached Kyrios', async () => {
    const { service } = makeService(await closedPortUrl(), 'k');
    const result = await service.list();
    expect(result).toMatchObject({ domains: [], source: 'cache', syncedAt: null });
    expect(result.offlineReason).toContain('ECONNREFUSED');
  });

  it('keeps the cache across a reopen of the app database', async () => {
    const { service, dir } = await sandboxService();
    const domain = await service.add('reopen.example.com');
    const reopened = makeService(await closedPortUrl(), 'k', dir);
    expect(await reopened.service.list()).toMatchObject({ source: 'cache', domains: [domain] });
  });

  it('does not hide a wrong API key behind the cache', async () => {
    const sb = await startTestSandbox(cleanup);
    const { service } = makeService(sb.sandbox.api, 'kys_notthekeynotthekey');
    const error = await rejection(service.list());
    expect(error.code).toBe('unauthorized');
  });
});

describe('toServiceError', () => {
  it('keeps the codes the renderer knows and folds the rest into service_error', () => {
    for (const code of [
      'invalid_domain',
      'domain_exists',
      'not_found',
      'offline',
      'unauthorized',
      'bad_response',
    ]) {
      expect(toServiceError(new KyriosError(code, 'words'))).toMatchObject({
        code,
        message: 'words',
      });
    }
    const folded = toServiceError(new KyriosError('maintenance', 'Back soon.', 503));
    expect(folded).toBeInstanceOf(ServiceError);
    expect(folded).toMatchObject({ code: 'service_error', message: 'Back soon.' });
  });

  it('passes anything that is not a KyriosError through unchanged', () => {
    const error = new Error('disk full');
    expect(toServiceError(error)).toBe(error);
  });
});
