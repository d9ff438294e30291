import { afterEach, describe, expect, it } from 'vitest';
import { createKyriosClient } from '../../../../src/main/kyrios/client';
import { KyriosError } from '../../../../src/main/kyrios/kyrios-error';
import { createCleanup } from '../../helpers/temp-dir';
import { startTestSandbox } from '../../helpers/sandbox';
import { closedPortUrl, reply, startHttpServer, type TestServer } from '../../helpers/net';
import type { IncomingMessage, ServerResponse } from 'node:http';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function server(
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<TestServer> {
  const s = await startHttpServer(respond);
  cleanup.add(() => s.close());
  return s;
}

async function failure(promise: Promise<unknown>): Promise<KyriosError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KyriosError);
  return error as KyriosError;
}

const domainBody = {
  id: 'dom_1',
  name: 'example.com',
  status: 'pending',
  createdAt: '2025-01-01T00:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [],
};

describe('against the real sandbox', () => {
  it('creates and lists domains, validated into typed values', async () => {
    const { sandbox } = await startTestSandbox(cleanup);
    const client = createKyriosClient({ baseUrl: `${sandbox.api}//`, apiKey: sandbox.apiKey });
    expect(client.baseUrl).toBe(sandbox.api);

    const created = await client.createDomain('example.com');
    expect(created).toMatchObject({ name: 'example.com', status: 'pending' });
    expect(created.records).toHaveLength(7);
    expect(await client.listDomains()).toEqual([created]);
  });

  it('passes the problem code and detail through with the status', async () => {
    const { sandbox } = await startTestSandbox(cleanup);
    const client = createKyriosClient({ baseUrl: sandbox.api, apiKey: sandbox.apiKey });

    const invalid = await failure(client.createDomain('Example.com'));
    expect(invalid).toMatchObject({ code: 'invalid_domain', status: 400 });
    expect(invalid.message).toContain('lowercase');

    await client.createDomain('example.com');
    expect(await failure(client.createDomain('example.com'))).toMatchObject({
      code: 'domain_exists',
      status: 409,
    });

    const wrongKey = createKyriosClient({ baseUrl: sandbox.api, apiKey: 'kys_notthekeynotthekey' });
    expect(await failure(wrongKey.listDomains())).toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
  });
});

describe('requests', () => {
  it('sends the key, JSON and a fresh Idempotency-Key on every POST, none on GET', async () => {
    const s = await server((req, res) =>
      req.method === 'POST' ? reply(res, 201, domainBody) : reply(res, 200, { domains: [] }),
    );
    const client = createKyriosClient({ baseUrl: s.url, apiKey: 'kys_secret' });
    await client.createDomain('example.com');
    await client.createDomain('example.com');
    await client.listDomains();

    const [post1, post2, get] = s.requests;
    expect(post1).toMatchObject({
      method: 'POST',
      url: '/v1/domains',
      body: '{"name":"example.com"}',
    });
    expect(post1?.headers).toMatchObject({
      authorization: 'Bearer kys_secret',
      'content-type': 'application/json',
    });
    const key1 = post1?.headers['idempotency-key'];
    const key2 = post2?.headers['idempotency-key'];
    expect(key1).toMatch(/^[0-9a-f-]{36}$/);
    expect(key2).toMatch(/^[0-9a-f-]{36}$/);
    expect(key1).not.toBe(key2);
    expect(get).toMatchObject({ method: 'GET', url: '/v1/domains', body: '' });
    expect(get?.headers.authorization).toBe('Bearer kys_secret');
    expect(get?.headers['idempotency-key']).toBeUndefined();
    expect(get?.headers['content-type']).toBeUndefined();
  });
});

describe('failures', () => {
  it('is offline when nothing listens', async () => {
    const baseUrl = await closedPortUrl();
    const client = createKyriosClient({ baseUrl, apiKey: 'k' });
    const error = await failure(client.listDomains());
    expect(error.code).toBe('offline');
    expect(error.message).toContain('could not be reached');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.status).toBeUndefined();
  });

  it('is offline when the service does not answer within the timeout', async () => {
    const s = await server(() => {
      // Never answers; closing the server drops the connection.
    });
    const client = createKyriosClient({ baseUrl: s.url, apiKey: 'k', timeoutMs: 150 });
    const started = Date.now();
    const error = await failure(client.createDomain('example.com'));
    expect(error.code).toBe('offline');
    expect(error.message).toContain('did not answer');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is offline when the answer stops halfway', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"domains":');
      res.destroy();
    });
    const error = await failure(
      createKyriosClient({ baseUrl: s.url, apiKey: 'k', retry: { retries: 0 } }).listDomains(),
    );
    expect(error.code).toBe('offline');
  });

  it.each([
    [
      'a 5xx problem with a code',
      503,
      { code: 'maintenance', detail: 'Back soon.' },
      'maintenance',
      'Back soon.',
    ],
    [
      'a 4xx problem with a code',
      422,
      { code: 'smtp_user_limit', title: 'Limit reached' },
      'smtp_user_limit',
      'Limit reached',
    ],
    ['a 5xx without a code', 500, { title: 'Oops' }, 'service_error', 'Oops'],
    ['a 5xx with an empty body', 502, '', 'service_error', 'Kyrios answered 502.'],
    ['a 4xx without a code', 400, { detail: 'no' }, 'bad_response', 'no'],
    [
      'a problem whose code is not a string',
      500,
      { code: 7 },
      'service_error',
      'Kyrios answered 500.',
    ],
  ])('maps %s', async (_what, status, body, code, message) => {
    const s = await server((_req, res) => reply(res, status, body, 'application/problem+json'));
    const error = await failure(
      createKyriosClient({ baseUrl: s.url, apiKey: 'k', retry: { retries: 0 } }).listDomains(),
    );
    expect(error).toMatchObject({ code, status, message });
  });

  it.each([
    ['a body that is not JSON', 200, '<html>hello</html>', 'text/html'],
    ['a list of the wrong shape', 200, { items: [] }, 'application/json'],
    [
      'a domain missing fields',
      200,
      { domains: [{ id: 'dom_1', name: 'example.com' }] },
      'application/json',
    ],
    ['an empty 200', 200, '', 'application/json'],
  ])('is bad_response for %s', async (_what, status, body, type) => {
    const s = await server((_req, res) => reply(res, status, body, type));
    const error = await failure(
      createKyriosClient({ baseUrl: s.url, apiKey: 'k', retry: { retries: 0 } }).listDomains(),
    );
    expect(error).toMatchObject({ code: 'bad_response', status });
  });

  it('is bad_response when a created domain has the wrong shape', async () => {
    const s = await server((_req, res) => reply(res, 201, { ...domainBody, status: 'weird' }));
    const error = await failure(
      createKyriosClient({ baseUrl: s.url, apiKey: 'k', retry: { retries: 0 } }).createDomain(
        'example.com',
      ),
    );
    expect(error).toMatchObject({ code: 'bad_response', status: 201 });
    expect(error.message).toContain('POST /v1/domains');
  });
});
