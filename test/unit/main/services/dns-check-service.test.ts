import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../../src/main/app-core';
import type { EventPayload, LatestRun, StoredCheck } from '../../../../src/shared/contract';
import type { Domain } from '../../../../src/shared/domain';
import type { Result } from '../../../../src/shared/errors';
import { startDnsFixture, type DnsFixture } from '../../../fixtures/dns';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

let auth: DnsFixture;
let core: AppCore;

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Publishes a domain's generated records in the fixture zone, as an admin would at their DNS host. */
function publish(domain: Domain): void {
  for (const r of domain.records) {
    if (r.type === 'MX') auth.setRecords(r.name, 'MX', [`${r.priority ?? 10} ${r.value}`], 0);
    else auth.setRecords(r.name, r.type, [r.value], 0);
  }
}

beforeEach(async () => {
  auth = await startDnsFixture({
    zones: [
      { origin: 'example.test', nameservers: ['ns1.example.test'], records: [] },
      {
        origin: 'sandbox.kyrios.test',
        records: [
          { name: 'spf.sandbox.kyrios.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 -all' },
        ],
      },
    ],
  });
  cleanup.add(() => auth.close());
  const temp = makeTempDir('kyrios-dns-core-');
  cleanup.add(() => temp.remove());
  core = await createAppCore({
    dataDir: temp.dir,
    mode: 'browser',
    version: '0.0.0-test',
    dns: { authoritative: [auth], resolvers: [] },
  });
  cleanup.add(() => core.close());
});

describe('DNS checks in the app', () => {
  it('diagnoses a domain before and after its records are published, keeping every run', async () => {
    const domain = value<Domain>(await core.dispatch('domains:add', { name: 'example.test' }));
    const events: EventPayload<'dns:checked'>[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'dns:checked') events.push(payload as EventPayload<'dns:checked'>);
    });

    const before = value<StoredCheck>(await core.dispatch('dns:check', { domainId: domain.id }));
    expect(before.status).toBe('fail');
    const verification = before.records.find((r) => r.purpose === 'verification');
    expect(verification).toMatchObject({ status: 'fail', codes: ['missing'] });
    expect(verification?.servers[0]).toMatchObject({ role: 'authoritative', server: auth.address });

    publish(domain);
    const after = value<StoredCheck>(await core.dispatch('dns:check', { domainId: domain.id }));
    expect(after.records.map((r) => [r.purpose, r.codes])).toEqual(
      domain.records.map((r) => [
        r.purpose,
        r.purpose === 'dmarc' ? ['dmarc_policy_none'] : ['ok'],
      ]),
    );
    expect(after.status).toBe('warn');

    expect(events.map((e) => e.runId)).toEqual([before.runId, after.runId]);
    const latest = value<StoredCheck>(await core.dispatch('dns:latest', { domainId: domain.id }));
    expect(latest).toEqual(after);
    const history = value<{ runs: { id: number; status: string }[] }>(
      await core.dispatch('dns:history', { domainId: domain.id }),
    );
    expect(history.runs.map((r) => [r.id, r.status])).toEqual([
      [after.runId, 'warn'],
      [before.runId, 'fail'],
    ]);
    const { runId: _runId, ...firstRun } = before;
    expect(value(await core.dispatch('dns:run', { runId: before.runId }))).toEqual(firstRun);
  });

  it("summarises every domain's newest check, whichever action made it, as its push says", async () => {
    const [a, b] = await Promise.all([
      core.dispatch('domains:add', { name: 'a.example.test' }).then(value<Domain>),
      core.dispatch('domains:add', { name: 'b.example.test' }).then(value<Domain>),
    ]);
    const pushed: EventPayload<'dns:checked'>[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'dns:checked') pushed.push(payload as EventPayload<'dns:checked'>);
    });
    const latestRuns = async () =>
      value<{ runs: LatestRun[] }>(await core.dispatch('dns:latest-runs', {})).runs;
    expect(await latestRuns()).toEqual([]);

    await core.dispatch('dns:check', { domainId: a.id });
    publish(a);
    const aLater = value<StoredCheck>(await core.dispatch('dns:check', { domainId: a.id }));
    // Monitoring's checks count the same as the user's.
    const bRun = await core.session().services.dns.check(b.id, 'monitor');

    const runs = await latestRuns();
    const byDomain = Object.fromEntries(runs.map((r) => [r.domainId, r]));
    expect(runs).toHaveLength(2);
    expect([byDomain[a.id], byDomain[b.id]]).toEqual([
      {
        domainId: a.id,
        id: aLater.runId,
        checkedAt: aLater.checkedAt,
        status: 'warn',
        trigger: 'manual',
        passed: a.records.length - 1,
        warned: 1,
        unchecked: 0,
        failed: 0,
        unpublished: 0,
      },
      {
        domainId: b.id,
        id: bRun.runId,
        checkedAt: bRun.checkedAt,
        status: 'fail',
        trigger: 'monitor',
        passed: 0,
        // Optional records that are missing are warnings, never failures; but a missing DMARC
        // record sends the check up the tree to the record that may apply, which only a resolver
        // answers, and this app has none configured: that one is "could not check".
        warned: b.records.filter((r) => !r.required && r.purpose !== 'dmarc').length,
        unchecked: 1,
        failed: b.records.filter((r) => r.required).length,
        // Nothing is published yet: every failed record is missing, nothing found.
        unpublished: b.records.filter((r) => r.required).length,
      },
    ]);
    // Each push carries the same summary as the list reads back.
    expect(pushed.map((p) => p.run)).toEqual([
      expect.objectContaining({ domainId: a.id }),
      runs.find((r) => r.domainId === a.id),
      runs.find((r) => r.domainId === b.id),
    ]);
  });

  it('runs from the cached records while Kyrios is unreachable', async () => {
    const domain = value<Domain>(await core.dispatch('domains:add', { name: 'example.test' }));
    await core.sandbox?.close();
    const list = value<{ source: string }>(await core.dispatch('domains:list', {}));
    expect(list.source).toBe('cache');
    const check = value<StoredCheck>(await core.dispatch('dns:check', { domainId: domain.id }));
    expect(check.records).toHaveLength(domain.records.length);
  });

  it('joins a second check of the same domain to the running one', async () => {
    const domain = value<Domain>(await core.dispatch('domains:add', { name: 'example.test' }));
    const [a, b] = await Promise.all([
      core.dispatch('dns:check', { domainId: domain.id }),
      core.dispatch('dns:check', { domainId: domain.id }),
    ]);
    expect(value<StoredCheck>(a).runId).toBe(value<StoredCheck>(b).runId);
  });

  it('answers clearly for unknown domains and runs, and before any check', async () => {
    expect(await core.dispatch('dns:check', { domainId: 'dom_missing' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await core.dispatch('dns:run', { runId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await core.dispatch('dns:latest', { domainId: 'dom_missing' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await core.dispatch('dns:check', { domainId: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});
