import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import { createCleanup } from '../helpers/temp-dir';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';

// One sandbox for the file: none of these requests may create anything, and the last test checks that.
const cleanup = createCleanup();
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox(cleanup);
});
afterAll(() => cleanup.run());

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
}

async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Problem;
  expect(problem).toMatchObject({ status, code, type: `urn:kyrios:problem:${code}` });
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

describe('domain name rules', () => {
  it('refuses an uppercase name with 400 invalid_domain and says lowercase', async () => {
    const problem = await expectProblem(
      await sb.request('/v1/domains', { body: { name: 'Example.COM' } }),
      400,
      'invalid_domain',
    );
    expect(problem.detail).toContain('lowercase');
    expect(problem.detail).toContain('example.com');
  });

  it.each([
    ['a single label', 'localhost', /single label/],
    ['an underscore', 'my_domain.example.com', /underscores/],
    ['a label over 63 characters', `${'a'.repeat(64)}.com`, /at most 63/],
    ['a leading hyphen', '-bad.example.com', /hyphen/],
    ['a trailing hyphen', 'bad-.example.com', /hyphen/],
    [
      'a name over 253 characters',
      `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`,
      /at most 253/,
    ],
    ['an empty name', '', /Enter a domain name/],
    ['an empty label', 'example..com', /empty labels/],
    ['a trailing dot', 'example.com.', /empty labels/],
    ['a space', 'exa mple.com', /spaces/],
    ['a character outside the rules', 'ex!ample.com', /"!" is not allowed/],
  ])('refuses %s with 400 invalid_domain naming the problem', async (_what, name, detail) => {
    const problem = await expectProblem(
      await sb.request('/v1/domains', { body: { name } }),
      400,
      'invalid_domain',
    );
    expect(problem.detail).toMatch(detail);
  });

  it('accepts names at the limits: a 63-character label and 253 characters in all', async () => {
    const label63 = `${'b'.repeat(63)}.example.com`;
    const long = `${Array.from({ length: 3 }, () => 'c'.repeat(63)).join('.')}.${'d'.repeat(61)}`;
    expect(long).toHaveLength(253);
    const first = await sb.request('/v1/domains', { body: { name: label63 } });
    const second = await sb.request('/v1/domains', { body: { name: long } });
    expect([first.status, second.status]).toEqual([201, 201]);
  });
});

describe('malformed requests', () => {
  it('answers malformed JSON with a 400 problem', async () => {
    await expectProblem(
      await sb.request('/v1/domains', { body: '{"name": "example.com"' }),
      400,
      'invalid_request',
    );
  });

  it('answers an empty JSON body with a 400 problem', async () => {
    await expectProblem(
      await sb.request('/v1/domains', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid_request',
    );
  });

  it.each([
    ['a number for name', { name: 123 }],
    ['null for name', { name: null }],
    ['no name', {}],
    ['an array body', ['example.com']],
    ['a string body', '"example.com"'],
  ])('answers %s with a 400 problem naming what is wrong', async (_what, body) => {
    const problem = await expectProblem(
      await sb.request('/v1/domains', { body }),
      400,
      'invalid_request',
    );
    expect(problem.detail).toMatch(/name|object|expected/i);
  });

  it.each([
    ['a name of 1,104 characters', `${'a'.repeat(1100)}.com`, 1104, false],
    ['a name filling most of the 64 KiB body limit', `${'a'.repeat(60_000)}.com`, 60_004, false],
    ['an overlong name in uppercase', `${'A'.repeat(1100)}.com`, 1104, true],
  ])(
    'answers %s with 400 invalid_domain saying it is too long, without echoing it',
    async (_what, name, length, upper) => {
      const problem = await expectProblem(
        await sb.request('/v1/domains', { body: { name } }),
        400,
        'invalid_domain',
      );
      expect(problem.detail).toMatch(/too long/i);
      expect(problem.detail).toContain(`at most 253 characters; this one has ${length}`);
      if (upper) expect(problem.detail).toMatch(/lowercase only/);
      expect(problem.detail.length).toBeLessThan(200);
    },
  );

  it('answers a body of another content type with a 4xx problem', async () => {
    const response = await sb.request('/v1/domains', {
      body: 'name=example.com',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a body over the limit with 413', async () => {
    await expectProblem(
      await sb.request('/v1/domains', {
        body: { name: 'example.com', pad: 'x'.repeat(70 * 1024) },
      }),
      413,
      'payload_too_large',
    );
  });
});

describe('API key', () => {
  it.each([
    ['no Authorization header', { key: null }],
    ['a wrong key', { key: 'kys_wrongwrongwrongwrongwrong' }],
    ['a key too short to be one', { key: 'short' }],
    ['another scheme', { key: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }],
  ])('answers %s with 401 unauthorized', async (_what, init) => {
    for (const [path, body] of [
      ['/v1/domains', undefined],
      ['/v1/domains', { name: 'nokey.example.com' }],
      ['/v1/domains/dom_x', undefined],
      ['/v1/not-a-route', undefined],
    ] as const) {
      const problem = await expectProblem(
        await sb.request(path, { ...init, body }),
        401,
        'unauthorized',
      );
      expect(problem.detail).toContain('Bearer');
    }
  });

  it('checks the key on a route however its path is spelled', async () => {
    // %76 is "v": the router decodes it and finds /v1/domains, so the key check must too.
    for (const path of ['/%761/domains', '/v%31/domains', '/%76%31/domains/dom_x']) {
      const response = await sb.request(path, { key: null });
      expect(response.status).toBe(401);
    }
  });
});

describe('routes', () => {
  it('answers an unknown route with a 404 problem naming it', async () => {
    const problem = await expectProblem(await sb.request('/v2/things?x=1'), 404, 'not_found');
    expect(problem.detail).toBe('No route GET /v2/things.');
    await expectProblem(await sb.request('/v1/domains', { method: 'DELETE' }), 404, 'not_found');
  });

  it('answers /health without a key', async () => {
    const response = await sb.request('/health', { key: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('created nothing from any refused request', async () => {
    const { domains } = (await (await sb.request('/v1/domains')).json()) as { domains: Domain[] };
    expect(domains.map((d) => d.name).filter((n) => !/^[bc]{63}\./.test(n))).toEqual([]);
    expect(domains).toHaveLength(2);
  });
});
