import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createKyriosClient, parseRetryAfter } from '../../../../src/main/kyrios/client';
import { KyriosError } from '../../../../src/main/kyrios/kyrios-error';
import { retryDelayMs } from '../../../../src/main/kyrios/retry';
import type { ConnectivityState } from '../../../../src/main/kyrios/connectivity';
import { createCleanup } from '../../helpers/temp-dir';
import { startTestSandbox } from '../../helpers/sandbox';
import { closedPortUrl, reply, startHttpServer } from '../../helpers/net';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const policy = { retries: 2, baseMs: 300, maxMs: 5_000, maxRetryAfterMs: 30_000 };
const noWait = (delays: number[]) => (ms: number) => {
  delays.push(ms);
  return Promise.resolve();
};

describe('retryDelayMs', () => {
  const transient = new KyriosError('offline', 'x', undefined, true);
  it('backs off exponentially with jitter, up to the number of retries', () => {
    expect(retryDelayMs(transient, 0, policy, () => 0)).toBe(150);
    expect(retryDelayMs(transient, 0, policy, () => 1)).toBe(300);
    expect(retryDelayMs(transient, 1, policy, () => 1)).toBe(600);
    expect(retryDelayMs(transient, 2, policy)).toBeNull();
  });
  it('never retries a final answer', () => {
    expect(retryDelayMs(new KyriosError('domain_exists', 'x', 409), 0, policy)).toBeNull();
  });
  it('waits what Retry-After asks, but not longer than the cap', () => {
    expect(retryDelayMs(new KyriosError('rate_limited', 'x', 429, true, 2000), 0, policy)).toBe(
      2000,
    );
    expect(
      retryDelayMs(new KyriosError('rate_limited', 'x', 429, true, 60_000), 0, policy),
    ).toBeNull();
  });
  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('the client retries what is safe to retry', () => {
  it('honours Retry-After on 429 and 503, then succeeds', async () => {
    let n = 0;
    const s = await startHttpServer((_req, res) => {
      n += 1;
      if (n === 1) return reply(res, 429, { code: 'rate_limited', detail: 'slow down' });
      if (n === 2) {
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' });
        return res.end('{}');
      }
      reply(res, 200, { domains: [] });
    });
    cleanup.add(() => s.close());
    const delays: number[] = [];
    const client = createKyriosClient({ baseUrl: s.url, apiKey: 'k', sleep: noWait(delays) });
    expect(await client.listDomains()).toEqual([]);
    expect(n).toBe(3);
    expect(delays[1]).toBe(1000);
  });

  it('gives up as rate_limited when asked to wait too long, saying how long', async () => {
    const s = await startHttpServer((_req, res) => {
      res.writeHead(429, { 'retry-after': '3600', 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ detail: 'Too many requests.' }));
    });
    cleanup.add(() => s.close());
    const client = createKyriosClient({ baseUrl: s.url, apiKey: 'k', sleep: noWait([]) });
    const error = await client.listDomains().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 3_600_000 });
    expect(s.requests).toHaveLength(1);
  });

  it('does not retry a 4xx answer', async () => {
    const s = await startHttpServer((_req, res) => reply(res, 409, { code: 'domain_exists' }));
    cleanup.add(() => s.close());
    const client = createKyriosClient({ baseUrl: s.url, apiKey: 'k', sleep: noWait([]) });
    await expect(client.createDomain('example.com')).rejects.toMatchObject({
      code: 'domain_exists',
    });
    expect(s.requests).toHaveLength(1);
  });

  it('keeps one Idempotency-Key across the retries of a POST', async () => {
    let n = 0;
    const s = await startHttpServer((req, res) => {
      n += 1;
      if (n < 3) {
        req.socket.destroy();
        return;
      }
      reply(res, 500, { title: 'still broken' });
    });
    cleanup.add(() => s.close());
    const client = createKyriosClient({ baseUrl: s.url, apiKey: 'k', sleep: noWait([]) });
    await expect(client.createDomain('example.com')).rejects.toMatchObject({
      code: 'service_error',
    });
    const keys = s.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('creates one domain when the answer to the first attempt is lost (real sandbox behind a proxy)', async () => {
    const { sandbox } = await startTestSandbox(cleanup);
    const upstream = new URL(sandbox.api);
    let dropped = 0;
    // Forwards every request; drops the first POST's answer after the sandbox has handled it.
    const proxy = await startHttpServer((req, res, body) => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          let text = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => (text += chunk));
          answer.on('end', () => {
            if (req.method === 'POST' && dropped === 0) {
              dropped += 1;
              req.socket.destroy();
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      forward.end(body);
    });
    cleanup.add(() => proxy.close());
    const client = createKyriosClient({
      baseUrl: proxy.url,
      apiKey: sandbox.apiKey,
      sleep: noWait([]),
    });
    const domain = await client.createDomain('example.com');
    expect(dropped).toBe(1);
    expect((await client.listDomains()).map((d) => d.id)).toEqual([domain.id]);
  });
});

describe('connectivity', () => {
  it('turns offline when the service cannot be reached and online again when it answers', async () => {
    const states: ConnectivityState[] = [];
    const down = createKyriosClient({
      baseUrl: await closedPortUrl(),
      apiKey: 'k',
      sleep: noWait([]),
    });
    down.connectivity.subscribe((state) => states.push(state));
    await expect(down.listDomains()).rejects.toMatchObject({ code: 'offline' });
    await expect(down.listDomains()).rejects.toMatchObject({ code: 'offline' });
    expect(states).toHaveLength(1);
    expect(states[0]?.online).toBe(false);
    expect(states[0]?.reason).toContain('ECONNREFUSED');

    const s = await startHttpServer((_req, res) => reply(res, 200, { domains: [] }));
    cleanup.add(() => s.close());
    const up = createKyriosClient({ baseUrl: s.url, apiKey: 'k' });
    const seen: ConnectivityState[] = [];
    up.connectivity.subscribe((state) => seen.push(state));
    await up.listDomains();
    expect(seen).toMatchObject([{ online: true, reason: null }]);
  });
});
