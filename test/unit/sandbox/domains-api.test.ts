import { createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import { DEFAULT_SERVICE_HOSTS } from '../../../src/sandbox/settings';
import { createCleanup } from '../helpers/temp-dir';
import { startTestSandbox } from '../helpers/sandbox';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const hosts = DEFAULT_SERVICE_HOSTS;

function recordOf(domain: Domain, purpose: string) {
  const record = domain.records.find((r) => r.purpose === purpose);
  if (!record) throw new Error(`no ${purpose} record in ${JSON.stringify(domain.records)}`);
  return record;
}

describe('POST /v1/domains then GET /v1/domains', () => {
  it('creates a pending domain with the generated record set, tries a first verification and lists it', async () => {
    const { request } = await startTestSandbox(cleanup);

    const created = await request('/v1/domains', { body: { name: 'mail.example.com' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const domain = (await created.json()) as Domain;
    expect(domain).toMatchObject({
      name: 'mail.example.com',
      status: 'pending',
      verifiedAt: null,
    });
    // "Add & Verify" tried a first verification (with no DNS reachable here: every record
    // lookup_failed, could not check), which leaves the domain and its records pending.
    expect(domain.lastCheckedAt).not.toBeNull();
    expect(Date.parse(domain.lastCheckedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(domain.createdAt),
    );
    expect(domain.id).toMatch(/^dom_/);
    expect(Number.isNaN(Date.parse(domain.createdAt))).toBe(false);

    expect(domain.records.map((r) => r.purpose)).toEqual([
      'verification',
      'spf',
      'dkim',
      'return_path',
      'mx',
      'dmarc',
      'tracking',
    ]);
    expect(new Set(domain.records.map((r) => r.id)).size).toBe(7);
    for (const r of domain.records) expect(r.status).toBe('pending');

    const verification = recordOf(domain, 'verification');
    expect(verification).toMatchObject({
      type: 'TXT',
      name: '_kyrios.mail.example.com',
      required: true,
    });
    expect(verification.value).toMatch(/^kyrios-verification=[0-9a-f]{32}$/);

    expect(recordOf(domain, 'spf')).toMatchObject({
      type: 'TXT',
      name: 'mail.example.com',
      value: `v=spf1 include:${hosts.spfInclude} ~all`,
      required: true,
    });

    const dkim = recordOf(domain, 'dkim');
    expect(dkim).toMatchObject({
      type: 'TXT',
      name: `${hosts.dkimSelector}._domainkey.mail.example.com`,
      required: true,
    });
    const p = /^v=DKIM1; k=rsa; p=([A-Za-z0-9+/=]+)$/.exec(dkim.value)?.[1];
    expect(p).toBeDefined();
    const key = createPublicKey({
      key: Buffer.from(p ?? '', 'base64'),
      format: 'der',
      type: 'spki',
    });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);

    expect(recordOf(domain, 'return_path')).toMatchObject({
      type: 'CNAME',
      name: 'kbounce.mail.example.com',
      value: hosts.returnPathHost,
      required: true,
    });
    expect(recordOf(domain, 'mx')).toMatchObject({
      type: 'MX',
      name: 'mail.example.com',
      value: hosts.mxHost,
      priority: 10,
      required: true,
    });
    const dmarc = recordOf(domain, 'dmarc');
    expect(dmarc).toMatchObject({ type: 'TXT', name: '_dmarc.mail.example.com', required: false });
    expect(dmarc.value).toMatch(/^v=DMARC1; p=none;/);
    expect(recordOf(domain, 'tracking')).toMatchObject({
      type: 'CNAME',
      name: 'ktrack.mail.example.com',
      value: hosts.trackingHost,
      required: false,
    });
    // Only MX records carry a priority.
    expect(domain.records.filter((r) => r.priority !== undefined).map((r) => r.purpose)).toEqual([
      'mx',
    ]);

    const listed = await request('/v1/domains');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ domains: [domain] });
  });

  it('gives each domain its own verification token and DKIM key, and lists domains by name', async () => {
    const { request } = await startTestSandbox(cleanup);
    const b = (await (
      await request('/v1/domains', { body: { name: 'b.example.org' } })
    ).json()) as Domain;
    const a = (await (
      await request('/v1/domains', { body: { name: 'a.example.org' } })
    ).json()) as Domain;

    expect(recordOf(a, 'verification').value).not.toBe(recordOf(b, 'verification').value);
    expect(recordOf(a, 'dkim').value).not.toBe(recordOf(b, 'dkim').value);

    const { domains } = (await (await request('/v1/domains')).json()) as { domains: Domain[] };
    expect(domains.map((d) => d.name)).toEqual(['a.example.org', 'b.example.org']);
  });

  it('lists nothing for a new account', async () => {
    const { request } = await startTestSandbox(cleanup);
    const response = await request('/v1/domains');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ domains: [] });
  });
});

describe('GET /v1/domains/:id', () => {
  it('returns the domain as it was created, and 404 problem for an unknown id', async () => {
    const { request } = await startTestSandbox(cleanup);
    const created = (await (
      await request('/v1/domains', { body: { name: 'example.net' } })
    ).json()) as Domain;

    const found = await request(`/v1/domains/${created.id}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual(created);

    const missing = await request('/v1/domains/dom_doesnotexist');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('duplicates', () => {
  it('refuses a name already added with 409 domain_exists', async () => {
    const { request } = await startTestSandbox(cleanup);
    expect((await request('/v1/domains', { body: { name: 'dup.example.com' } })).status).toBe(201);

    const again = await request('/v1/domains', { body: { name: 'dup.example.com' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await again.json()) as { code: string; detail: string };
    expect(problem).toMatchObject({ status: 409, code: 'domain_exists' });
    expect(problem.detail).toContain('dup.example.com');
  });

  it('lets exactly one of several concurrent identical POSTs through', async () => {
    const { request } = await startTestSandbox(cleanup);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        request('/v1/domains', { body: { name: 'race.example.com' } }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(await r.json()).toMatchObject({ code: 'domain_exists' });
    }
    const { domains } = (await (await request('/v1/domains')).json()) as { domains: Domain[] };
    expect(domains.map((d) => d.name)).toEqual(['race.example.com']);
  });
});
