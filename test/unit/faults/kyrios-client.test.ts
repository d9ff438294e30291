import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyriosClient } from '../../../src/main/kyrios/client';
import { KyriosError } from '../../../src/main/kyrios/kyrios-error';
import type { Domain } from '../../../src/shared/domain';
import { startFaultyProxy, type Fault, type FaultyProxy } from '../helpers/faulty-proxy';
import { inPool } from '../helpers/hostile-harness';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createRng, runSeed } from '../helpers/seeded-random';
import { addVerifiedDomain, createSmtpUser } from '../helpers/sandbox-smtp';
import { createCleanup } from '../helpers/temp-dir';

// The Kyrios client behind a misbehaving proxy in front of a real sandbox: whatever the network
// does, a create happens once (one Idempotency-Key per call, kept across retries), waits are the
// service's Retry-After, and every failure ends within the client's own bounds.

const cleanup = createCleanup();
let sb: TestSandbox;
let proxy: FaultyProxy;
let accountId: string;
beforeAll(async () => {
  sb = await startTestSandbox(cleanup);
  proxy = await startFaultyProxy(sb.sandbox.api);
  cleanup.add(() => proxy.close());
  const account = sb.sandbox.store.accounts.accountForKey(sb.sandbox.apiKey);
  if (!account) throw new Error('no account');
  accountId = account.id;
});
afterAll(() => cleanup.run());

/** Reads answer at once; a create makes a DKIM key pair, which takes a while on a busy machine. */
const READ_TIMEOUT_MS = 300;
const CREATE_TIMEOUT_MS = 800;

function client({
  delays = [],
  retries = 3,
  timeoutMs = CREATE_TIMEOUT_MS,
}: { delays?: number[]; retries?: number; timeoutMs?: number } = {}) {
  return createKyriosClient({
    baseUrl: proxy.url,
    apiKey: sb.sandbox.apiKey,
    timeoutMs,
    retry: { retries },
    // Every wait is recorded (the service's Retry-After is checked) and slept for at most 250 ms:
    // enough for a first attempt still running upstream to finish, not enough to slow the suite.
    sleep: (ms) => {
      delays.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 250)));
    },
  });
}

/** Only the first request of each call misbehaves, with `fault`. */
function firstOnly(fault: Fault) {
  let faulted = false;
  return () => {
    if (faulted) return { kind: 'pass' } as const;
    faulted = true;
    return fault;
  };
}

const domainsNamed = (name: string) =>
  sb.sandbox.store.domains.list(accountId).filter((d) => d.name === name);

const LOST_ANSWERS: Fault[] = [
  { kind: 'reset-after' },
  { kind: 'hang-after' },
  { kind: 'slow-body', byteMs: 100 },
  { kind: 'status-after', status: 502 },
];

describe('an answer lost after the service did the work', () => {
  let verified: Domain;
  beforeAll(async () => {
    verified = await addVerifiedDomain(sb, 'lost-smtp.example.com');
  });

  it.each(LOST_ANSWERS.map((f) => [f.kind, f] as const))(
    '%s: the retry replays the first creation; one domain, one SMTP user, same key',
    async (kind, fault) => {
      const kyrios = client();
      const name = `lost-${kind}.example.com`;
      proxy.setPlan(firstOnly(fault));
      const start = proxy.requests.length;
      const domain = await kyrios.createDomain(name);
      const attempts = proxy.requests.slice(start);
      // The retry (more than one if the network also dropped a reused connection) passes.
      expect(attempts[0]?.fault).toBe(kind);
      expect(attempts.slice(1).every((r) => r.fault === 'pass')).toBe(true);
      expect(new Set(attempts.map((r) => r.idempotencyKey)).size).toBe(1);
      expect(domainsNamed(name).map((d) => d.id)).toEqual([domain.id]);

      proxy.setPlan(firstOnly(fault));
      const created = await kyrios.createSmtpUser(verified.id, `ops-${kind}`);
      const users = sb.sandbox.store.smtpUsers.list(accountId, verified.id) ?? [];
      expect(users.filter((u) => u.login.startsWith(`ops-${kind}@`)).map((u) => u.id)).toEqual([
        created.user.id,
      ]);
    },
  );
});

describe('a DELETE whose answer was lost after the service did it', () => {
  let verified: Domain;
  beforeAll(async () => {
    verified = await addVerifiedDomain(sb, 'lost-delete.example.com');
  });

  const deletions = (type: 'smtp_user_deleted' | 'domain_deleted', id: string) =>
    sb.sandbox.store.events
      .list(accountId, 0, 10_000)
      .filter(
        (e) =>
          e.type === type &&
          (type === 'domain_deleted'
            ? (e.detail as { domainId: string }).domainId === id
            : (e.detail as { userId: string }).userId === id),
      );

  // A slow body loses nothing here: a 204 has none.
  const lostDeletes = LOST_ANSWERS.filter((f) => f.kind !== 'slow-body');
  it.each(lostDeletes.map((f) => [f.kind, f] as const))(
    '%s: the retry finds the SMTP user gone (404) and the call succeeds; deleted once',
    async (kind, fault) => {
      const { user } = await createSmtpUser(sb, verified.id, `gone-${kind}`);
      proxy.setPlan(firstOnly(fault));
      const start = proxy.requests.length;
      await expect(client().deleteSmtpUser(verified.id, user.id)).resolves.toBeUndefined();
      const attempts = proxy.requests.slice(start);
      expect(attempts.map((r) => r.method)).toEqual(attempts.map(() => 'DELETE'));
      expect(attempts[0]?.fault).toBe(kind);
      expect(attempts.length).toBeGreaterThan(1);
      expect(
        sb.sandbox.store.smtpUsers.list(accountId, verified.id)?.map((u) => u.id),
      ).not.toContain(user.id);
      expect(deletions('smtp_user_deleted', user.id)).toHaveLength(1);
    },
  );

  it('a domain: the first answer reset after the service deleted it; the call succeeds', async () => {
    const created = await sb.request('/v1/domains', { body: { name: 'lost-domain.example.com' } });
    const domain = (await created.json()) as Domain;
    proxy.setPlan(firstOnly({ kind: 'reset-after' }));
    await expect(client().deleteDomain(domain.id)).resolves.toBeUndefined();
    expect(domainsNamed('lost-domain.example.com')).toEqual([]);
    expect(deletions('domain_deleted', domain.id)).toHaveLength(1);
  });

  it('404 on the first attempt, or after an answer that said nothing was done (429), is not_found', async () => {
    proxy.setPlan(() => ({ kind: 'pass' }));
    await expect(client().deleteSmtpUser(verified.id, 'no-such-user')).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    proxy.setPlan(firstOnly({ kind: 'status', status: 429, retryAfter: '0' }));
    const start = proxy.requests.length;
    await expect(client().deleteDomain('no-such-domain')).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(proxy.requests.slice(start).map((r) => r.fault)).toEqual(['status', 'pass']);
  });
});

describe('busy and failing services', () => {
  it('waits what 429 and 503 ask (seconds or a date), then creates once', async () => {
    const delays: number[] = [];
    const kyrios = client({ delays });
    const date = new Date(Date.now() + 2_000).toUTCString();
    const faults: Fault[] = [
      { kind: 'status', status: 429, retryAfter: '1' },
      { kind: 'status', status: 503, retryAfter: date },
      { kind: 'status', status: 500 },
    ];
    proxy.setPlan(() => faults.shift() ?? { kind: 'pass' });
    const domain = await kyrios.createDomain('busy.example.com');
    expect(delays[0]).toBe(1_000);
    expect(delays[1]).toBeGreaterThan(0);
    expect(delays[1]).toBeLessThanOrEqual(2_000);
    expect(domainsNamed('busy.example.com').map((d) => d.id)).toEqual([domain.id]);
  });

  it('gives up at once as rate_limited when asked to wait past the cap; nothing created', async () => {
    proxy.setPlan(() => ({ kind: 'status', status: 429, retryAfter: '3600' }));
    const error = await client()
      .createDomain('later.example.com')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 3_600_000 });
    expect(domainsNamed('later.example.com')).toEqual([]);
  });
});

describe('failures end within the client bounds', () => {
  it.each([
    ['a service that never answers', { kind: 'hang' }],
    ['a body that trickles past the timeout', { kind: 'slow-body', byteMs: 200 }],
    ['connection resets', { kind: 'reset' }],
    ['500 after 500', { kind: 'status', status: 500 }],
  ] as [string, Fault][])('%s: fails within (retries + 1) × timeout', async (_what, fault) => {
    proxy.setPlan(() => fault);
    const started = performance.now();
    const error = await client({ retries: 2, timeoutMs: READ_TIMEOUT_MS })
      .listDomains()
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(KyriosError);
    expect((error as KyriosError).code).toBe(fault.kind === 'status' ? 'service_error' : 'offline');
    // Three attempts and two backoff waits (at most 250 ms each here), plus a loaded machine's slack.
    expect(elapsed).toBeLessThan(3 * READ_TIMEOUT_MS + 2 * 250 + 2_000);
  });
});

describe('chaos: every request may misbehave', () => {
  const seed = runSeed(7_004);
  it(`creates each domain and SMTP user at most once, and every success is what is stored (seed ${seed})`, async () => {
    const rng = createRng(seed);
    const faults: Fault[] = [
      { kind: 'pass' },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503, retryAfter: '0' },
      { kind: 'status', status: 429, retryAfter: '1' },
      { kind: 'status-after', status: 502 },
      { kind: 'reset' },
      { kind: 'reset-after' },
      { kind: 'hang' },
      { kind: 'hang-after' },
      { kind: 'slow-body', byteMs: 400 },
    ];
    proxy.setPlan(() => (rng.chance(0.5) ? { kind: 'pass' } : rng.pick(faults)));
    const kyrios = client({ retries: 5 });
    const verified = await addVerifiedDomain(sb, 'chaos-smtp.example.com');
    const start = proxy.requests.length;
    const outcomes: { kind: 'domain' | 'user'; name: string; id?: string; code?: string }[] = [];
    const jobs = [
      ...Array.from({ length: 8 }, (_, i) => ({
        kind: 'domain' as const,
        name: `chaos-${i}.example.com`,
      })),
      ...Array.from({ length: 6 }, (_, i) => ({ kind: 'user' as const, name: `chaos${i}` })),
    ];
    await inPool(jobs, 6, async (job) => {
      try {
        const id =
          job.kind === 'domain'
            ? (await kyrios.createDomain(job.name)).id
            : (await kyrios.createSmtpUser(verified.id, job.name)).user.id;
        outcomes.push({ ...job, id });
      } catch (error) {
        outcomes.push({ ...job, code: error instanceof KyriosError ? error.code : String(error) });
      }
    });
    // A retry that created again would be refused as a duplicate: never seen.
    expect(
      outcomes.filter((o) => o.code === 'domain_exists' || o.code === 'smtp_user_exists'),
    ).toEqual([]);
    for (const o of outcomes.filter((x) => x.kind === 'domain')) {
      const stored = domainsNamed(o.name).map((d) => d.id);
      expect(stored.length, o.name).toBeLessThanOrEqual(1);
      if (o.id) expect(stored, o.name).toEqual([o.id]);
    }
    const users = sb.sandbox.store.smtpUsers.list(accountId, verified.id) ?? [];
    expect(new Set(users.map((u) => u.login)).size).toBe(users.length);
    for (const o of outcomes.filter((x) => x.kind === 'user' && x.id)) {
      expect(users.map((u) => u.id)).toContain(o.id);
    }
    // One key per call: as many distinct keys as calls that reached the proxy, none shared.
    const posts = proxy.requests.slice(start).filter((r) => r.method === 'POST');
    const keys = new Set(posts.map((r) => r.idempotencyKey));
    expect(keys.size).toBeLessThanOrEqual(jobs.length);
    expect(posts.every((r) => r.idempotencyKey !== undefined)).toBe(true);
    expect(outcomes.filter((o) => o.id).length).toBeGreaterThan(jobs.length / 2);
  });
});
