import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import { accountId, submissionTransport } from '../helpers/sandbox-smtp';
import { startVerificationDns, type VerificationDns } from '../helpers/sandbox-dns';
import { loadContract } from '../helpers/sandbox-openapi';
import { startTestSandbox, type SandboxRequest, type TestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

// One sandbox drives every endpoint; each response is checked against api/kyrios.openapi.yaml.
const contract = loadContract();
const cleanup = createCleanup();
let sb: TestSandbox;
let dns: VerificationDns;
beforeAll(async () => {
  dns = await startVerificationDns(cleanup, ['conform.test', 'other.test']);
  sb = await startTestSandbox(cleanup, undefined, { dns: dns.dns });
});
afterAll(() => cleanup.run());

const seen = new Set<string>();

interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** A request whose response must conform to the document; recorded for the coverage check. */
async function call(method: string, path: string, init: SandboxRequest = {}): Promise<Answer> {
  const response = await sb.request(path, { ...init, method });
  const body = await response.text();
  const template = contract.templateOf(path.split('?')[0] ?? path);
  expect(template, `${method} ${path} is in the document`).toBeDefined();
  if (!template) throw new Error('unreachable');
  const problems = contract.check(
    template,
    method,
    response.status,
    response.headers.get('content-type'),
    body,
  );
  expect(problems, `${method} ${path} → ${response.status} ${body.slice(0, 300)}`).toEqual([]);
  seen.add(`${method} ${template} ${response.status}`);
  return {
    status: response.status,
    headers: response.headers,
    json: body === '' ? undefined : (JSON.parse(body) as unknown),
  };
}

function code(answer: Answer): string | undefined {
  return (answer.json as { code?: string } | undefined)?.code;
}

describe('the OpenAPI document', () => {
  it('documents exactly the routes the sandbox serves', () => {
    const served = sb.sandbox.routes.map((r) => `${r.method} ${r.path}`).sort();
    const documented = [...new Set(contract.documented.map((d) => `${d.method} ${d.path}`))].sort();
    expect(served).toEqual(documented);
  });

  it('is OpenAPI 3.1 with reusable schemas', () => {
    expect(contract.doc.openapi).toMatch(/^3\.1\./);
    for (const name of [
      'Domain',
      'DnsRecord',
      'SmtpUser',
      'Usage',
      'Event',
      'Problem',
      'Account',
    ]) {
      expect(contract.doc.components.schemas).toHaveProperty(name);
    }
  });
});

describe('the validator', () => {
  it('refuses what breaks the document', () => {
    const ok = { ok: true };
    expect(contract.check('/health', 'GET', 200, 'application/json', JSON.stringify(ok))).toEqual(
      [],
    );
    expect(contract.check('/health', 'GET', 200, 'application/json', '{"ok":false}')).not.toEqual(
      [],
    );
    expect(contract.check('/health', 'GET', 500, 'application/json', '{}')).not.toEqual([]);
    expect(contract.check('/v1/account', 'GET', 200, 'text/html', '{}')).not.toEqual([]);
    const problem = {
      type: 'urn:kyrios:problem:not_found',
      title: 'Not found',
      status: 404,
      code: 'not_found',
      detail: 'No domain x.',
    };
    const body = JSON.stringify(problem);
    expect(
      contract.check('/v1/domains/{id}', 'GET', 404, 'application/problem+json', body),
    ).toEqual([]);
    // The same problem where the document promises another code, or with an extra field.
    expect(
      contract.check('/v1/domains/{id}', 'GET', 401, 'application/problem+json', body),
    ).not.toEqual([]);
    expect(
      contract.check(
        '/v1/domains/{id}',
        'GET',
        404,
        'application/problem+json',
        JSON.stringify({ ...problem, extra: 1 }),
      ),
    ).not.toEqual([]);
    expect(contract.check('/v1/domains/{id}', 'DELETE', 204, null, '')).toEqual([]);
  });
});

describe('every endpoint against the document', () => {
  it('answers every documented status with a conforming body', async () => {
    await call('GET', '/health', { key: null });

    // 401 on every operation without a key.
    for (const { path, method } of contract.documented) {
      if (!path.startsWith('/v1/')) continue;
      const concrete = path.replace('{id}', 'dom_x').replace('{userId}', 'smtp_x');
      const body = method === 'POST' || method === 'PUT' ? { name: 'x.test' } : undefined;
      expect((await call(method, concrete, { key: null, body })).status).toBe(401);
    }

    expect((await call('GET', '/v1/account')).status).toBe(200);
    expect((await call('GET', '/v1/domains')).status).toBe(200);

    // Add & Verify, with idempotency.
    const keyed = { 'idempotency-key': 'add-conform-1' };
    const added = await call('POST', '/v1/domains', {
      body: { name: 'conform.test' },
      headers: keyed,
    });
    expect(added.status).toBe(201);
    const domain = added.json as Domain;
    const replay = await call('POST', '/v1/domains', {
      body: { name: 'conform.test' },
      headers: keyed,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(domain);
    const reused = await call('POST', '/v1/domains', {
      body: { name: 'other.test' },
      headers: keyed,
    });
    expect(code(reused)).toBe('idempotency_key_reused');
    expect(code(await call('POST', '/v1/domains', { body: { name: 'Conform.test' } }))).toBe(
      'invalid_domain',
    );
    // Overlong: the service's own rule, not a schema bound.
    expect(
      code(await call('POST', '/v1/domains', { body: { name: `${'a'.repeat(2000)}.test` } })),
    ).toBe('invalid_domain');
    expect(code(await call('POST', '/v1/domains', { body: { name: 'conform.test' } }))).toBe(
      'domain_exists',
    );
    const racing = await Promise.all(
      [1, 2].map(() =>
        call('POST', '/v1/domains', {
          body: { name: 'other.test' },
          headers: { 'idempotency-key': 'add-other-race' },
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const other = racing.find((r) => r.status === 201)?.json as Domain;
    expect(racing.map(code)).toContain('idempotency_in_progress');
    expect(
      (await call('POST', '/v1/domains', { body: { name: 'x.test', pad: 'x'.repeat(70_000) } }))
        .status,
    ).toBe(413);
    expect(
      (
        await call('POST', '/v1/domains', {
          body: 'name=x.test',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);

    expect((await call('GET', `/v1/domains/${domain.id}`)).status).toBe(200);
    expect((await call('GET', '/v1/domains/dom_missing')).status).toBe(404);

    // Verify Now: refusals first, then the records published and the domain verified.
    expect((await call('POST', '/v1/domains/dom_missing/verify')).status).toBe(404);
    expect(
      (
        await call('POST', `/v1/domains/${domain.id}/verify`, {
          headers: { 'idempotency-key': 'a b' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', `/v1/domains/${other.id}/verify`, {
          headers: { 'idempotency-key': 'v1' },
        })
      ).status,
    ).toBe(200);
    expect(
      code(
        await call('POST', `/v1/domains/${domain.id}/verify`, {
          headers: { 'idempotency-key': 'v1' },
        }),
      ),
    ).toBe('idempotency_key_reused');
    dns.fixture.setBehaviour('*', 'timeout'); // keeps the first request running
    const slow = await Promise.all(
      [1, 2].map(() =>
        call('POST', `/v1/domains/${other.id}/verify`, { headers: { 'idempotency-key': 'v2' } }),
      ),
    );
    dns.fixture.setBehaviour('*', 'normal');
    expect(slow.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(
      code(await call('POST', `/v1/domains/${domain.id}/smtp-users`, { body: { login: 'a' } })),
    ).toBe('domain_not_verified');
    dns.publish(domain);
    const verified = await call('POST', `/v1/domains/${domain.id}/verify`);
    expect((verified.json as { domain: Domain }).domain.status).toBe('verified');

    // SMTP users.
    const users = `/v1/domains/${domain.id}/smtp-users`;
    expect((await call('GET', users)).status).toBe(200);
    expect((await call('GET', '/v1/domains/dom_missing/smtp-users')).status).toBe(404);
    expect(
      (await call('POST', '/v1/domains/dom_missing/smtp-users', { body: { login: 'a' } })).status,
    ).toBe(404);
    const alice = await call('POST', users, {
      body: { login: 'alice' },
      headers: { 'idempotency-key': 'u1' },
    });
    expect(alice.status).toBe(201);
    const { user, password } = alice.json as {
      user: { id: string; login: string };
      password: string;
    };
    expect(
      code(
        await call('POST', users, { body: { login: 'bob' }, headers: { 'idempotency-key': 'u1' } }),
      ),
    ).toBe('idempotency_key_reused');

    // Sent mail: one message to an outside address (the outbox) and to the domain (Conversations).
    const submission = submissionTransport(sb, { user: user.login, pass: password });
    const sent = await submission.sendMail({
      from: user.login,
      to: ['someone@elsewhere.example', 'hello@conform.test'],
      subject: 'Outbox',
      text: 'Signed and sent',
    });
    submission.close();
    const outboxId = /accepted as (\S+)/.exec(sent.response)?.[1] ?? '';
    const outbox = await call('GET', '/v1/outbox');
    expect((outbox.json as { messages: { id: string; to: string[] }[] }).messages).toEqual([
      expect.objectContaining({ id: outboxId, to: ['someone@elsewhere.example'] }),
    ]);
    const one = await call('GET', `/v1/outbox/${outboxId}`);
    expect(Buffer.from((one.json as { raw: string }).raw, 'base64').toString()).toMatch(
      /^Received: from .*\r\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=conform.test;/s,
    );
    expect((await call('GET', '/v1/outbox/msg_missing')).status).toBe(404);
    const delivered = (await call('GET', '/v1/conversations')).json as {
      messages: { id: string; subject: string }[];
    };
    const inboundId = delivered.messages.find((m) => m.subject === 'Outbox')?.id ?? '';
    const received = await call('GET', `/v1/conversations/${inboundId}`);
    expect(Buffer.from((received.json as { raw: string }).raw, 'base64').toString()).toMatch(
      /^Return-Path: <bounce-.*@kbounce\.conform\.test>\r\nReceived: from /,
    );
    expect((await call('GET', '/v1/conversations/in_missing')).status).toBe(404);
    expect(code(await call('POST', users, { body: { login: 'Alice' } }))).toBe('invalid_login');
    expect(code(await call('POST', users, { body: { login: 'bob', password: 'short' } }))).toBe(
      'weak_password',
    );
    expect(code(await call('POST', users, { body: { login: 'alice' } }))).toBe('smtp_user_exists');
    for (const login of ['b', 'c', 'd', 'e']) {
      expect((await call('POST', users, { body: { login } })).status).toBe(201);
    }
    expect(code(await call('POST', users, { body: { login: 'f' } }))).toBe('smtp_user_limit');
    expect(
      (await call('POST', users, { body: { login: 'x', pad: 'x'.repeat(70_000) } })).status,
    ).toBe(413);
    expect(
      (await call('POST', users, { body: 'login=x', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);

    const pw = `${users}/${user.id}/password`;
    expect((await call('PUT', pw, { body: { password: 'a-new-password-for-her' } })).status).toBe(
      204,
    );
    expect(code(await call('PUT', pw, { body: { password: 'xxalicexxxxxxxx' } }))).toBe(
      'weak_password',
    );
    expect(
      (
        await call('PUT', `${users}/smtp_missing/password`, {
          body: { password: 'long-enough-pass' },
        })
      ).status,
    ).toBe(404);
    expect((await call('PUT', pw, { body: { password: 'p'.repeat(70_000) } })).status).toBe(413);
    expect(
      (await call('PUT', pw, { body: 'password=x', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);
    expect(password.length).toBeGreaterThanOrEqual(24);

    // Usage and a daily-limit revocation, so every event type is in the list.
    const account = await accountId(sb);
    const bob = sb.sandbox.store.smtpUsers.identityByLogin('b@conform.test');
    if (!bob) throw new Error('no b@conform.test');
    // Up to the limit, counting the message sent above.
    const { sentToday } = (await call('GET', '/v1/account')).json as { sentToday: number };
    for (let i = sentToday; i < 1500; i++)
      expect(sb.sandbox.store.sending.reserve(account, bob.id).ok).toBe(true);
    expect(sb.sandbox.store.sending.reserve(account, bob.id)).toMatchObject({
      ok: false,
      reason: 'daily_limit',
    });
    expect((await call('DELETE', `${users}/${user.id}`)).status).toBe(404); // revoked already
    const carol = await call('POST', users, { body: { login: 'carol' } });
    expect(
      (await call('DELETE', `${users}/${(carol.json as { user: { id: string } }).user.id}`)).status,
    ).toBe(204);

    expect((await call('GET', '/v1/usage')).status).toBe(200);
    expect((await call('GET', '/v1/usage?days=7')).status).toBe(200);
    expect((await call('GET', '/v1/usage?days=0')).status).toBe(400);
    expect((await call('GET', '/v1/events?after=-1')).status).toBe(400);

    // Conversations: one message through the MX.
    const mx = nodemailer.createTransport({
      host: sb.sandbox.mx.host,
      port: sb.sandbox.mx.port,
      secure: false,
      ignoreTLS: true,
    });
    await mx.sendMail({
      from: 'someone@elsewhere.example',
      to: 'hello@conform.test',
      subject: 'Hello',
      text: 'Hi there',
    });
    mx.close();
    const conversations = await call('GET', '/v1/conversations');
    expect((conversations.json as { messages: unknown[] }).messages).toHaveLength(2);

    expect((await call('DELETE', `/v1/domains/${other.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/domains/${other.id}`)).status).toBe(404);

    const events = await call('GET', '/v1/events?after=0');
    const types = new Set(
      (events.json as { events: { type: string }[] }).events.map((e) => e.type),
    );
    expect([...types].sort()).toEqual([
      'credentials_revoked_daily_limit',
      'domain_added',
      'domain_deleted',
      'domain_verified',
      'password_reset',
      'smtp_user_created',
      'smtp_user_deleted',
    ]);

    const missing = contract.documented
      .map((d) => `${d.method} ${d.path} ${d.status}`)
      .filter((d) => !seen.has(d));
    expect(missing, 'documented responses the test never saw').toEqual([]);
  });
});
