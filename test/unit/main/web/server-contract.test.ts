import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelPath, startWebServer } from '../../../../src/main/web/server';
import { CHANNELS } from '../../../../src/shared/contract';
import { RENDERER_CSP } from '../../../../src/shared/csp';
import type { Domain } from '../../../../src/shared/domain';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';
import { rawRequest } from '../../helpers/net';
import { countedEvents, startTestCore, startTestWebServer } from '../../helpers/web';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function call(origin: string, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The text of a response body, read as it arrives. */
function textOf(response: Response) {
  if (!response.body) throw new Error('no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    /** Reads until `done(text)` holds, and returns everything read so far. */
    async until(done: (text: string) => boolean): Promise<string> {
      while (!done(text)) {
        const { value, done: ended } = await reader.read();
        if (ended)
          throw new Error(`stream ended before the expected data; got ${JSON.stringify(text)}`);
        text += decoder.decode(value, { stream: true });
      }
      return text;
    },
  };
}

describe('channelPath', () => {
  it('gives every channel its own /api/<topic>/<verb> route', () => {
    expect(channelPath('domains:add')).toBe('/api/domains/add');
    const paths = CHANNELS.map(channelPath);
    expect(new Set(paths).size).toBe(CHANNELS.length);
    for (const path of paths) expect(path).toMatch(/^\/api\/[a-z-]+\/[a-z-]+$/);
  });
});

describe('the contract over HTTP', () => {
  it('answers each channel on its route with the dispatch result', async () => {
    const core = await startTestCore(cleanup);
    const { origin, token, url } = await startTestWebServer(cleanup, core, {
      token: 'fixed-test-token-123',
    });
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).toBe(`${origin}/?token=fixed-test-token-123`);

    const info = await call(origin, token, channelPath('app:info'), {});
    expect(info.status).toBe(200);
    expect(info.headers.get('cache-control')).toBe('no-store');
    expect(await info.json()).toEqual({ ok: true, value: core.info });

    const added = (await (
      await call(origin, token, channelPath('domains:add'), { name: 'web.example.com' })
    ).json()) as {
      ok: true;
      value: Domain;
    };
    expect(added).toMatchObject({
      ok: true,
      value: { name: 'web.example.com', status: 'pending' },
    });
    expect(added.value.records).toHaveLength(7);

    const listed = (await (
      await call(origin, token, channelPath('domains:list'), {})
    ).json()) as unknown;
    expect(listed).toMatchObject({ ok: true, value: { source: 'live', domains: [added.value] } });

    const duplicate = (await (
      await call(origin, token, channelPath('domains:add'), { name: 'web.example.com' })
    ).json()) as unknown;
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'domain_exists' } });
    const upper = (await (
      await call(origin, token, channelPath('domains:add'), { name: 'Web.example.com' })
    ).json()) as unknown;
    expect(upper).toMatchObject({ ok: false, error: { code: 'invalid_domain' } });
  });

  it('has no route besides the channels: no generic call, no GET on a channel', async () => {
    const core = await startTestCore(cleanup);
    const { origin, token } = await startTestWebServer(cleanup, core);
    for (const path of [
      '/api/domains/rename',
      '/api/call',
      '/api/domains:add',
      '/api/invoke/domains/add',
    ]) {
      expect((await call(origin, token, path, { name: 'x.example.com' })).status).toBe(404);
    }
    const get = await fetch(`${origin}${channelPath('app:info')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.status).toBe(404);
  });

  it('makes a fresh random token per launch when none is given', async () => {
    const core = await startTestCore(cleanup);
    const a = await startTestWebServer(cleanup, core);
    const b = await startTestWebServer(cleanup, core);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(a.token).not.toBe(b.token);
    expect((await call(a.origin, b.token, channelPath('app:info'), {})).status).toBe(401);
  });
});

describe('server-sent events', () => {
  it('pushes core events to the stream and detaches when the client goes', async () => {
    const core = await startTestCore(cleanup);
    const counted = countedEvents(core);
    const { origin, token } = await startTestWebServer(cleanup, {
      dispatch: core.dispatch,
      events: counted.events,
    });
    const abort = new AbortController();
    cleanup.add(() => abort.abort());

    const res = await fetch(`${origin}/api/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const stream = textOf(res);
    await stream.until((t) => t.includes(': connected\n\n'));
    await counted.until(1);

    counted.events.emit('domains:changed', { reason: 'synced' });
    const added = (await (
      await call(origin, token, channelPath('domains:add'), { name: 'sse.example.com' })
    ).json()) as {
      value: Domain;
    };
    const text = await stream.until((t) => t.includes(added.value.id));
    expect(text).toContain('event: domains:changed\ndata: {"reason":"synced"}\n\n');
    expect(text).toContain(
      `event: domains:changed\ndata: {"reason":"added","domainId":"${added.value.id}"}\n\n`,
    );

    abort.abort();
    await counted.until(0);
    expect(counted.active()).toBe(0);
  });

  it('serves each client its own stream', async () => {
    const core = await startTestCore(cleanup);
    const counted = countedEvents(core);
    const { origin, token } = await startTestWebServer(cleanup, {
      dispatch: core.dispatch,
      events: counted.events,
    });
    const readers = await Promise.all(
      [1, 2].map(async () => {
        const abort = new AbortController();
        cleanup.add(() => abort.abort());
        const res = await fetch(`${origin}/api/events`, {
          headers: { authorization: `Bearer ${token}` },
          signal: abort.signal,
        });
        return textOf(res);
      }),
    );
    await counted.until(2);
    counted.events.emit('domains:changed', { reason: 'added', domainId: 'dom_x' });
    for (const reader of readers) {
      expect(await reader.until((t) => t.includes('dom_x'))).toContain('event: domains:changed');
    }
  });
});

describe('static files', () => {
  it('serves the renderer with the CSP and the other security headers', async () => {
    const core = await startTestCore(cleanup);
    const { origin } = await startTestWebServer(cleanup, core);
    for (const path of ['/', '/index.html']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('content-security-policy')).toBe(
        `${RENDERER_CSP}; frame-ancestors 'none'`,
      );
      expect(res.headers.get('content-security-policy')?.startsWith("default-src 'none'")).toBe(
        true,
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await fetch(`${origin}/missing.js`)).status).toBe(404);
  });

  it('serves nothing from outside the renderer folder', async () => {
    const core = await startTestCore(cleanup);
    const parent = makeTempDir('kyrios-web-');
    cleanup.add(() => parent.remove());
    writeFileSync(join(parent.dir, 'secret.txt'), 'TOP-SECRET');
    const rendererDir = join(parent.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const server = await startWebServer({ core, rendererDir, port: 0 });
    cleanup.add(() => server.close());
    const port = Number(new URL(server.origin).port);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
    ]) {
      const res = await rawRequest(port, { path });
      expect(res.status).not.toBe(200);
      expect(res.body).not.toContain('TOP-SECRET');
    }
  });

  it('refuses to start without a built renderer', async () => {
    const core = await startTestCore(cleanup);
    const empty = makeTempDir('kyrios-web-');
    cleanup.add(() => empty.remove());
    await expect(startWebServer({ core, rendererDir: empty.dir, port: 0 })).rejects.toThrow(
      /npm run build/,
    );
  });

  it('stops answering once closed', async () => {
    const core = await startTestCore(cleanup);
    const renderer = makeTempDir('kyrios-web-');
    cleanup.add(() => renderer.remove());
    writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html>');
    const server = await startWebServer({ core, rendererDir: renderer.dir, port: 0 });
    await server.close();
    await expect(fetch(server.origin)).rejects.toThrow();
  });
});
