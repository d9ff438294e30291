import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../../../src/renderer/shell/http-api';
import { API_CALLS, API_SUBSCRIPTIONS } from '../../../../src/shared/api';
import type { EventPayload } from '../../../../src/shared/contract';
import { createCleanup } from '../../helpers/temp-dir';
import { closedPortUrl, reply, startHttpServer } from '../../helpers/net';
import { countedEvents, startTestCore, startTestWebServer } from '../../helpers/web';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/**
 * The renderer asks for relative URLs (`/api/…`), as a page served by browser mode does. In Node
 * we prefix the server's origin, and on cleanup we abort open requests and park any reconnect, so
 * the adapter's event loop stops with the test.
 */
function originFetch(origin: string): typeof fetch {
  const controllers = new Set<AbortController>();
  let stopped = false;
  cleanup.add(() => {
    stopped = true;
    for (const c of controllers) c.abort();
  });
  return (input, init) => {
    if (stopped) return new Promise<Response>(() => undefined);
    const path = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    expect(path.startsWith('/')).toBe(true);
    const controller = new AbortController();
    controllers.add(controller);
    return fetch(`${origin}${path}`, { ...init, signal: controller.signal });
  };
}

type Changed = EventPayload<'domains:changed'>;

/** A listener that records what it got and lets a test wait for the n-th delivery. */
function recorder() {
  const got: Changed[] = [];
  const waiters: { n: number; resolve(): void }[] = [];
  return {
    got,
    listener: (payload: Changed): void => {
      got.push(payload);
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve();
    },
    until(n: number): Promise<void> {
      return got.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

async function setup() {
  const core = await startTestCore(cleanup);
  const counted = countedEvents(core);
  const server = await startTestWebServer(cleanup, {
    dispatch: core.dispatch,
    events: counted.events,
  });
  return { core, counted, server, api: createHttpApi(server.token, originFetch(server.origin)) };
}

describe('createHttpApi', () => {
  it('has one method per call and per subscription, nothing generic', () => {
    const api = createHttpApi('t', originFetch('http://127.0.0.1:1'));
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(API_CALLS), ...Object.keys(API_SUBSCRIPTIONS)].sort(),
    );
  });

  it('makes the contract calls over HTTP and returns their results', async () => {
    const { api, core } = await setup();
    expect(await api.getAppInfo()).toEqual({ ok: true, value: core.info });

    const added = await api.addDomain({ name: 'http-api.example.com' });
    expect(added).toMatchObject({
      ok: true,
      value: { name: 'http-api.example.com', status: 'pending' },
    });
    const listed = await api.listDomains();
    expect(listed).toMatchObject({ ok: true, value: { source: 'live' } });
    expect(listed.ok && listed.value.domains.map((d) => d.name)).toEqual(['http-api.example.com']);

    expect(await api.addDomain({ name: 'HTTP-API.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_domain' },
    });
  });

  it('returns unauthorized with a wrong token', async () => {
    const { server } = await setup();
    const api = createHttpApi('wrong-token', originFetch(server.origin));
    expect(await api.listDomains()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('returns disconnected when the app is not there', async () => {
    const api = createHttpApi('t', originFetch(await closedPortUrl()));
    expect(await api.getAppInfo()).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('returns internal when the answer is not a result', async () => {
    const s = await startHttpServer((_req, res) =>
      reply(res, 502, '<html>Bad gateway</html>', 'text/html'),
    );
    cleanup.add(() => s.close());
    const result = await createHttpApi('t', originFetch(s.url)).listDomains();
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(result.ok ? '' : result.error.message).toContain('502');
    expect(s.requests[0]).toMatchObject({ method: 'POST', url: '/api/domains/list', body: '{}' });
    expect(s.requests[0]?.headers.authorization).toBe('Bearer t');
  });
});

describe('onDomainsChanged over server-sent events', () => {
  it('delivers pushed events, and an unsubscribed listener gets no more', async () => {
    const { api, core, counted } = await setup();
    const a = recorder();
    const b = recorder();
    const offA = api.onDomainsChanged(a.listener);
    api.onDomainsChanged(b.listener);
    // One stream serves every listener; wait until the server has attached it.
    await counted.until(1);

    core.events.emit('domains:changed', { reason: 'synced' });
    await Promise.all([a.until(1), b.until(1)]);
    expect(a.got).toEqual([{ reason: 'synced' }]);

    offA();
    const added = await api.addDomain({ name: 'pushed.example.com' });
    const id = added.ok ? added.value.id : 'missing';
    await b.until(2);
    expect(b.got).toEqual([{ reason: 'synced' }, { reason: 'added', domainId: id }]);
    // Both listeners are called from the same delivery, so A would have had it by now.
    expect(a.got).toEqual([{ reason: 'synced' }]);
    expect(counted.active()).toBe(1);
  });
});
