import { afterEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import type { RecordCheck } from '../../../src/sandbox/verification-rule';
import { nextDomainStatus } from '../../../src/sandbox/verification-rule';
import { startVerificationDns } from '../helpers/sandbox-dns';
import { startTestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

interface Verification {
  domain: Domain;
  checks: RecordCheck[];
}

async function setup(name = 'verify.test') {
  const dns = await startVerificationDns(cleanup, [name]);
  const sb = await startTestSandbox(cleanup, undefined, { dns: dns.dns });
  const created = await sb.request('/v1/domains', { body: { name } });
  expect(created.status).toBe(201);
  const domain = (await created.json()) as Domain;
  const verify = async (): Promise<Verification> => {
    const response = await sb.request(`/v1/domains/${domain.id}/verify`, { method: 'POST' });
    expect(response.status).toBe(200);
    return (await response.json()) as Verification;
  };
  return { dns, sb, domain, verify };
}

function byPurpose(v: Verification, purpose: string): RecordCheck {
  const record = v.domain.records.find((r) => r.purpose === purpose);
  const check = v.checks.find((c) => c.recordId === record?.id);
  if (!check) throw new Error(`no check for ${purpose}`);
  return check;
}

describe('Add & Verify against the DNS', () => {
  it('checks the new records at once: nothing published yet leaves the domain pending, its records failing', async () => {
    const { domain, dns } = await setup();
    expect(domain.status).toBe('pending');
    expect(domain.lastCheckedAt).not.toBeNull();
    const verification = domain.records.find((r) => r.purpose === 'verification');
    expect(verification?.status).toBe('fail');
    // The fixture was asked for the generated names.
    expect(dns.fixture.queries.some((q) => q.name === `_kyrios.${domain.name}`)).toBe(true);
  });
});

describe('POST /v1/domains/{id}/verify', () => {
  it('verifies a domain whose generated records are all published', async () => {
    const { sb, dns, domain, verify } = await setup();
    dns.publish(domain);
    const result = await verify();

    expect(result.checks.map((c) => c.recordId)).toEqual(domain.records.map((r) => r.id));
    for (const check of result.checks) {
      const record = domain.records.find((r) => r.id === check.recordId);
      if (record?.required) expect(check).toMatchObject({ status: 'pass', codes: ['ok'] });
    }
    expect(result.domain.status).toBe('verified');
    expect(result.domain.verifiedAt).not.toBeNull();
    expect(result.domain.lastCheckedAt).toBe(result.domain.verifiedAt);
    for (const record of result.domain.records) {
      expect(record.status).toBe(result.checks.find((c) => c.recordId === record.id)?.status);
    }
    expect(await (await sb.request(`/v1/domains/${domain.id}`)).json()).toEqual(result.domain);

    const { events } = (await (await sb.request('/v1/events')).json()) as {
      events: { type: string; detail: unknown }[];
    };
    expect(events.map((e) => e.type)).toEqual(['domain_added', 'domain_verified']);
    expect(events[1]?.detail).toEqual({ domainId: domain.id, domain: domain.name });
  });

  it('does not verify when one required record is wrong: that record fails with its code and the domain is failed', async () => {
    const { dns, domain, verify } = await setup();
    dns.publish(domain, (r) =>
      r.purpose === 'verification' ? 'kyrios-verification=0000' : undefined,
    );
    const result = await verify();
    expect(byPurpose(result, 'verification')).toMatchObject({
      status: 'fail',
      codes: ['value_mismatch'],
    });
    expect(byPurpose(result, 'dkim')).toMatchObject({ status: 'pass' });
    expect(result.domain.status).toBe('failed');
    expect(result.domain.verifiedAt).toBeNull();
  });

  it('keeps a domain pending when a required record is only missing, and says which', async () => {
    const { dns, domain, verify } = await setup();
    dns.publish(domain, (r) => (r.purpose === 'dkim' ? null : undefined));
    const result = await verify();
    expect(byPurpose(result, 'dkim')).toMatchObject({ status: 'fail', codes: ['missing'] });
    expect(byPurpose(result, 'spf')).toMatchObject({ status: 'pass' });
    expect(result.domain.status).toBe('pending');
  });

  it('reports a DKIM key that is not the generated one', async () => {
    const { dns, domain, verify } = await setup();
    dns.publish(domain, (r) =>
      r.purpose === 'dkim' ? r.value.replace(/p=.{12}/, 'p=AAAAAAAAAAAA') : undefined,
    );
    const result = await verify();
    expect(byPurpose(result, 'dkim').status).toBe('fail');
    expect(byPurpose(result, 'dkim').codes).toContain('dkim_key_mismatch');
    expect(result.domain.status).toBe('failed');
  });

  it('does not need the optional records (DMARC, tracking)', async () => {
    const { dns, domain, verify } = await setup();
    dns.publish(domain, (r) => (r.required ? undefined : null));
    const result = await verify();
    // Missing optional records are warnings, never failures of the domain.
    expect(byPurpose(result, 'dmarc')).toMatchObject({ status: 'warn', codes: ['missing'] });
    expect(byPurpose(result, 'tracking')).toMatchObject({ status: 'warn', codes: ['missing'] });
    expect(result.domain.status).toBe('verified');
  });

  it('keeps a verified domain verified when its records later break, updating the records', async () => {
    const { dns, domain, verify } = await setup();
    dns.publish(domain);
    const first = await verify();
    expect(first.domain.status).toBe('verified');
    dns.unpublish(domain);
    const second = await verify();
    expect(second.domain.status).toBe('verified');
    expect(second.domain.verifiedAt).toBe(first.domain.verifiedAt);
    expect(byPurpose(second, 'verification')).toMatchObject({ status: 'fail', codes: ['missing'] });
    expect(Date.parse(second.domain.lastCheckedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(first.domain.lastCheckedAt ?? ''),
    );
  });

  it('answers 404 for an unknown or deleted domain', async () => {
    const { sb, domain } = await setup();
    expect((await sb.request('/v1/domains/dom_nope/verify', { method: 'POST' })).status).toBe(404);
    expect((await sb.request(`/v1/domains/${domain.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sb.request(`/v1/domains/${domain.id}/verify`, { method: 'POST' })).status).toBe(
      404,
    );
  });
});

describe('the pending/failed/verified rule', () => {
  const req = (status: 'pass' | 'warn' | 'fail', ...codes: RecordCheck['codes']) => ({
    required: true,
    status,
    codes,
  });
  const opt = (status: 'pass' | 'warn' | 'fail', ...codes: RecordCheck['codes']) => ({
    required: false,
    status,
    codes,
  });

  it.each([
    [
      'every required record passing',
      'pending',
      [req('pass', 'ok'), opt('fail', 'missing')],
      'verified',
    ],
    ['a required record only warning', 'pending', [req('warn', 'not_propagated')], 'verified'],
    [
      'a required record missing',
      'pending',
      [req('pass', 'ok'), req('fail', 'missing')],
      'pending',
    ],
    ['lookups failing', 'failed', [req('fail', 'lookup_failed')], 'pending'],
    [
      'a required record wrong',
      'pending',
      [req('fail', 'missing'), req('fail', 'value_mismatch')],
      'failed',
    ],
    ['a doubled name', 'pending', [req('fail', 'doubled_name')], 'failed'],
    ['a verified domain breaking', 'verified', [req('fail', 'value_mismatch')], 'verified'],
  ] as const)('%s → %s becomes %s', (_what, current, checks, next) => {
    expect(
      nextDomainStatus(
        current,
        checks.map((c) => ({ ...c, codes: [...c.codes] })),
      ),
    ).toBe(next);
  });
});
