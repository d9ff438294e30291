import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DATABASE_FILE } from '../../../src/sandbox/start';
import type { Domain } from '../../../src/shared/domain';
import { addVerifiedDomain } from '../helpers/sandbox-smtp';
import { startTestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const key = (k: string) => ({ 'idempotency-key': k });

describe('Idempotency-Key', () => {
  it('replays the first response of POST /v1/domains and creates nothing new', async () => {
    const sb = await startTestSandbox(cleanup);
    const first = await sb.request('/v1/domains', {
      body: { name: 'once.example.com' },
      headers: key('k-1'),
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const created = (await first.json()) as Domain;

    // Same body with its keys in another order is the same request.
    const again = await sb.request('/v1/domains', {
      body: '{ "name" : "once.example.com" }',
      headers: key('k-1'),
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await again.json()).toEqual(created);
    const { domains } = (await (await sb.request('/v1/domains')).json()) as { domains: Domain[] };
    expect(domains.map((d) => d.id)).toEqual([created.id]);
    // Without a key, the same request is a new one (and a duplicate).
    expect((await sb.request('/v1/domains', { body: { name: 'once.example.com' } })).status).toBe(
      409,
    );
  });

  it('refuses the same key with a different body or route with 422 idempotency_key_reused', async () => {
    const sb = await startTestSandbox(cleanup);
    expect(
      (await sb.request('/v1/domains', { body: { name: 'a.example.com' }, headers: key('k') }))
        .status,
    ).toBe(201);
    const other = await sb.request('/v1/domains', {
      body: { name: 'b.example.com' },
      headers: key('k'),
    });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const created = (await (await sb.request('/v1/domains')).json()) as { domains: Domain[] };
    const route = await sb.request(`/v1/domains/${created.domains[0]?.id}/verify`, {
      method: 'POST',
      headers: key('k'),
    });
    expect(route.status).toBe(422);
    const { domains } = (await (await sb.request('/v1/domains')).json()) as { domains: Domain[] };
    expect(domains.map((d) => d.name)).toEqual(['a.example.com']);
  });

  it('answers 409 idempotency_in_progress while the first request with the key is running', async () => {
    const sb = await startTestSandbox(cleanup);
    const responses = await Promise.all(
      Array.from({ length: 3 }, () =>
        sb.request('/v1/domains', { body: { name: 'slow.example.com' }, headers: key('race') }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(await r.json()).toMatchObject({ code: 'idempotency_in_progress' });
    }
    // Once it has answered, the key replays.
    const later = await sb.request('/v1/domains', {
      body: { name: 'slow.example.com' },
      headers: key('race'),
    });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
  });

  it('replays a refusal too, and keeps keys per account', async () => {
    const sb = await startTestSandbox(cleanup);
    const refused = await sb.request('/v1/domains', {
      body: { name: 'Bad.com' },
      headers: key('r'),
    });
    expect(refused.status).toBe(400);
    const replayed = await sb.request('/v1/domains', {
      body: { name: 'Bad.com' },
      headers: key('r'),
    });
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(await refused.json());

    // Another sandbox (another account) does not see the key.
    const other = await startTestSandbox(cleanup);
    expect(
      (await other.request('/v1/domains', { body: { name: 'x.example.com' }, headers: key('r') }))
        .status,
    ).toBe(201);
  });

  it('refuses a malformed key with 400 invalid_request', async () => {
    const sb = await startTestSandbox(cleanup);
    for (const k of ['has space', 'x'.repeat(256), 'é']) {
      const response = await sb.request('/v1/domains', {
        body: { name: 'k.example.com' },
        headers: key(k),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_request' });
    }
  });

  it('replays the same generated SMTP password, creates one user, and never stores the password in clear', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'idem.example.com');
    const path = `/v1/domains/${domain.id}/smtp-users`;
    const first = (await (
      await sb.request(path, { body: { login: 'ann' }, headers: key('user-1') })
    ).json()) as { user: { id: string }; password: string };
    const second = await sb.request(path, { body: { login: 'ann' }, headers: key('user-1') });
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(first);
    const listed = (await (await sb.request(path)).json()) as { users: unknown[] };
    expect(listed.users).toHaveLength(1);

    await sb.sandbox.close();
    const file = join(sb.dataDir, SANDBOX_DATABASE_FILE);
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(Buffer.from(first.password))).toBe(false);
    expect(bytes.includes(Buffer.from('user-1'))).toBe(false);
  });

  it('replays POST verify without running the check again', async () => {
    // Every reading of the clock is a second later, so each check has its own lastCheckedAt.
    let t = Date.parse('2030-01-01T00:00:00Z');
    const sb = await startTestSandbox(cleanup, undefined, { now: () => new Date((t += 1000)) });
    const created = (await (
      await sb.request('/v1/domains', { body: { name: 'v.example.com' } })
    ).json()) as Domain;
    const path = `/v1/domains/${created.id}/verify`;
    const first = await sb.request(path, { method: 'POST', headers: key('v') });
    const body = await first.text();
    const second = await sb.request(path, { method: 'POST', headers: key('v') });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.text()).toBe(body);
    const third = await sb.request(path, { method: 'POST' });
    const checkedAt = (d: string) => (JSON.parse(d) as { domain: Domain }).domain.lastCheckedAt;
    expect(checkedAt(await third.text())).not.toBe(checkedAt(body));
  });
});
