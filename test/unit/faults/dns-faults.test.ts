import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOptions } from '../../../src/dns';
import type { AppCore } from '../../../src/main/app-core';
import { createCheckHistoryRepo } from '../../../src/main/db/check-history-repo';
import { createDomainsRepo } from '../../../src/main/db/domains-repo';
import { createDnsCheckService } from '../../../src/main/services/dns-check-service';
import type { StoredCheck } from '../../../src/shared/contract';
import type { Domain } from '../../../src/shared/domain';
import { appDatabaseWithAccount } from '../helpers/app-db';
import { call, startGuardCore } from '../helpers/guard-core';
import { startVerificationDns, type VerificationDns } from '../helpers/sandbox-dns';
import { createCleanup } from '../helpers/temp-dir';

// DNS servers that misbehave, seen through the app: each failure is named (never "missing"), the
// result is stored like any other, and no check outlives its bound.

const cleanup = createCleanup();
const NAME = 'faulty.example.test';
let dns: VerificationDns;
let core: AppCore;
let domain: Domain;
beforeAll(async () => {
  dns = await startVerificationDns(cleanup, [NAME]);
  const server = { host: dns.fixture.host, port: dns.fixture.port };
  ({ core } = await startGuardCore(cleanup, {
    dns: { authoritative: [server], resolvers: [server] },
  }));
  domain = await call(core, 'domains:add', { name: NAME });
  dns.publish(domain);
});
afterAll(() => cleanup.run());

const RCODE = {
  servfail: 'SERVFAIL',
  refused: 'REFUSED',
  timeout: 'TIMEOUT',
  garbage: 'MALFORMED',
};

function expectNamedFailure(check: StoredCheck, rcode: string): void {
  // Could not check, stored as such: never a failure of the records.
  expect(check.status).toBe('unknown');
  for (const record of check.records) {
    expect(record.codes, record.name).toEqual(['lookup_failed']);
    expect(record.status, record.name).toBe('unknown');
    expect(record.servers.map((s) => s.rcode)).toContain(rcode);
    expect(record.message).toMatch(/says nothing about whether the record exists/);
  }
}

describe('through the app core (its real DNS timeouts)', () => {
  it.each(['servfail', 'refused'] as const)(
    '%s from every server: every record lookup_failed naming it, stored, at once',
    async (behaviour) => {
      dns.fixture.setBehaviour('*', behaviour);
      try {
        const started = performance.now();
        const check = await call(core, 'dns:check', { domainId: domain.id });
        expect(performance.now() - started).toBeLessThan(3_000);
        expectNamedFailure(check, RCODE[behaviour]);
        expect(await call(core, 'dns:latest', { domainId: domain.id })).toEqual(check);
      } finally {
        dns.fixture.setBehaviour('*', 'normal');
      }
    },
  );

  it('truncated UDP answers: asked again over TCP, and the records pass', async () => {
    dns.fixture.setBehaviour('*', 'truncate');
    try {
      const before = dns.fixture.queries.length;
      const check = await call(core, 'dns:check', { domainId: domain.id });
      const required = check.records.filter((r) => r.required);
      expect(
        required.every((r) => r.codes.includes('ok')),
        JSON.stringify(required.map((r) => r.codes)),
      ).toBe(true);
      expect(dns.fixture.queries.slice(before).some((q) => q.transport === 'tcp')).toBe(true);
    } finally {
      dns.fixture.setBehaviour('*', 'normal');
    }
  });

  it('recovers: the same check passes once the servers behave', async () => {
    const check = await call(core, 'dns:check', { domainId: domain.id });
    expect(check.records.filter((r) => r.required).every((r) => r.status === 'pass')).toBe(true);
  });
});

describe('silence and garbage, with short timeouts: named, and never past the deadline', () => {
  const timing = { timeoutMs: 150, tries: 2 };
  let check: (options: Partial<CheckOptions>) => Promise<{ result: StoredCheck; ms: number }>;
  beforeAll(() => {
    // The app's own service and repositories; only the timing is the test's.
    const db = appDatabaseWithAccount(cleanup, 'a', 'kyrios-dns-faults-');
    const domains = createDomainsRepo(db);
    domains.upsert('a', domain, new Date().toISOString());
    const server = { host: dns.fixture.host, port: dns.fixture.port };
    check = async (options) => {
      const service = createDnsCheckService({
        accountId: 'a',
        domains,
        history: createCheckHistoryRepo(db),
        events: { emit: () => undefined },
        dnsOptions: () => ({ authoritative: [server], resolvers: [server], ...timing, ...options }),
      });
      const started = performance.now();
      const result = await service.check(domain.id);
      return { result, ms: performance.now() - started };
    };
  });

  it.each(['timeout', 'garbage'] as const)(
    '%s from every server: lookup_failed naming it, within the deadline',
    async (behaviour) => {
      dns.fixture.setBehaviour('*', behaviour);
      try {
        const deadlineMs = 5_000;
        const { result, ms } = await check({ deadlineMs });
        expectNamedFailure(result, RCODE[behaviour]);
        expect(ms).toBeLessThan(deadlineMs + 1_000);
      } finally {
        dns.fixture.setBehaviour('*', 'normal');
      }
    },
  );

  it('a check that would take longer than its deadline is cut there, its open queries timeouts', async () => {
    dns.fixture.setBehaviour('*', 'garbage');
    try {
      // Garbage costs each query its full wait (an undecodable answer might be a forgery), and
      // discovery walks up every label: several seconds at these timings, cut at 400 ms.
      const deadlineMs = 400;
      const { result, ms } = await check({ deadlineMs, timeoutMs: 1_000 });
      expect(ms).toBeLessThan(deadlineMs + 1_000);
      expect(result.status).toBe('unknown');
      expect(result.records.every((r) => r.codes.includes('lookup_failed'))).toBe(true);
    } finally {
      dns.fixture.setBehaviour('*', 'normal');
    }
  });
});
