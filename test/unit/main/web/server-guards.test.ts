import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../../src/main/app-core';
import { createCleanup } from '../../helpers/temp-dir';
import { rawRequest } from '../../helpers/net';
import { startTestCore, startTestWebServer } from '../../helpers/web';

// Every refused request here would, if it got through, add a domain; the last test checks none did.
const cleanup = createCleanup();
let core: AppCore;
let port: number;
let token: string;
let smallPort: number;
beforeAll(async () => {
  core = await startTestCore(cleanup);
  ({ port, token } = await startTestWebServer(cleanup, core));
  ({ port: smallPort } = await startTestWebServer(cleanup, core, { token, bodyLimit: 1024 }));
});
afterAll(() => cleanup.run());

const addBody = JSON.stringify({ name: 'refused.example.com' });
function post(path: string, headers: Record<string, string>, body = addBody, to = port) {
  return rawRequest(to, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
const bearer = () => ({ authorization: `Bearer ${token}` });

describe('session token', () => {
  it.each([
    ['no Authorization header', (): Record<string, string> => ({})],
    ['a wrong token', () => ({ authorization: 'Bearer not-the-token' })],
    [
      'the token with its last character changed',
      () => ({ authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}` }),
    ],
    ['the token with a suffix', () => ({ authorization: `Bearer ${token}x` })],
    ['the token cut short', () => ({ authorization: `Bearer ${token.slice(0, -1)}` })],
    ['the token without the scheme', () => ({ authorization: token })],
    ['another scheme', () => ({ authorization: `Basic ${token}` })],
  ])('refuses %s with 401 and a JSON result', async (_what, headers) => {
    const res = await post('/api/domains/add', headers());
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('does not take the token from the query string', async () => {
    const res = await post(`/api/domains/add?token=${token}`, {});
    expect(res.status).toBe(401);
  });

  it('checks the token on an API route however its path is spelled', async () => {
    // %61 is "a": the router decodes it and finds /api/domains/add, so the token check must too.
    for (const path of ['/%61pi/domains/add', '/ap%69/domains/add', '/%61%70%69/app/info']) {
      const res = await post(path, {});
      expect(res.status).toBe(401);
    }
  });

  it('refuses the event stream without the token', async () => {
    const res = await rawRequest(port, { path: '/api/events' });
    expect(res.status).toBe(401);
  });
});

describe('Host and Origin', () => {
  it.each([
    ['a foreign Host (DNS rebinding)', () => ({ host: `attacker.example:${port}` })],
    ['a Host on another port', () => ({ host: `127.0.0.1:${port + 1}` })],
    ['a Host without the port', () => ({ host: '127.0.0.1' })],
    ['a foreign Origin', () => ({ origin: 'https://evil.example' })],
    ['the null Origin', () => ({ origin: 'null' })],
    ['an Origin on another port', () => ({ origin: `http://127.0.0.1:${port + 1}` })],
    ['an https Origin of the same host', () => ({ origin: `https://127.0.0.1:${port}` })],
  ])('refuses %s with 403, even with the token', async (_what, headers) => {
    const api = await post('/api/domains/add', { ...bearer(), ...headers() });
    expect(api.status).toBe(403);
    const page = await rawRequest(port, { path: '/', headers: headers() });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('<div id="root">');
  });

  it('answers its own Host and Origin, by address or by localhost', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await rawRequest(port, {
        method: 'POST',
        path: '/api/app/info',
        headers: {
          host,
          origin: `http://${host}`,
          ...bearer(),
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
    }
  });
});

describe('request bodies', () => {
  it('refuses a body over the limit with 413 before any handler runs', async () => {
    const big = JSON.stringify({ name: 'big.example.com', pad: 'x'.repeat(4096) });
    const res = await post('/api/domains/add', bearer(), big, smallPort);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: 'The request is too large.' },
    });
  });

  it('refuses an oversized chunked body (no Content-Length) too', async () => {
    const big = Buffer.from(JSON.stringify({ name: 'chunked.example.com', pad: 'y'.repeat(4096) }));
    const res = await rawRequest(smallPort, {
      method: 'POST',
      path: '/api/domains/add',
      headers: { ...bearer(), 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(res.status).toBe(413);
  });

  it('answers malformed JSON with 400 invalid_request', async () => {
    const res = await post('/api/domains/add', bearer(), '{"name":');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers a request the schema refuses with invalid_request from the dispatch', async () => {
    const res = await post(
      '/api/domains/add',
      bearer(),
      JSON.stringify({ name: 'x.example.com', admin: true }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('let none of the refused requests add a domain', async () => {
    expect(await core.dispatch('domains:list', {})).toMatchObject({
      ok: true,
      value: { domains: [] },
    });
  });
});
