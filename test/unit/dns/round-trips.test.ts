import type { RecordType } from 'dns-packet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDomain, DnsClient } from '../../../src/dns/index';
import type { QueryOptions, QueryResult, ServerAddress } from '../../../src/dns/index';
import type { DomainCheckResult } from '../../../src/shared/dns-check';
import type { DnsFixture, Gate } from '../../fixtures/dns/index';
import { startDnsWorld } from '../../fixtures/dns/kyrios-world';
import type { DnsWorld } from '../../fixtures/dns/kyrios-world';

/**
 * Round trips counted, not timed: every fixture holds its answers, and once every question the
 * engine has asked is held (nothing else can move), the held answers are released as one wave. The
 * number of waves is the number of network round trips a check waits for.
 */

/** Counts the questions asked and answered, with no bound that could make a question wait. */
class CountingClient extends DnsClient {
  asked = 0;
  answered = 0;
  readonly log: { wave: number; name: string; type: string; server: string }[] = [];
  wave = 0;

  constructor() {
    super({ timeoutMs: 30_000, tries: 1, maxConcurrent: 10_000, maxPerServer: 10_000 });
  }

  override query(
    server: ServerAddress,
    name: string,
    type: RecordType,
    opts: QueryOptions,
  ): Promise<QueryResult> {
    this.asked++;
    this.log.push({ wave: this.wave, name, type, server: `${server.host}:${server.port}` });
    return super.query(server, name, type, opts).finally(() => {
      this.answered++;
    });
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs a check wave by wave; returns its result and the number of waves it needed. */
async function inWaves(
  fixtures: DnsFixture[],
  client: CountingClient,
  check: () => Promise<DomainCheckResult>,
): Promise<{ waves: number; result: DomainCheckResult }> {
  const gates: Gate[] = fixtures.map((f) => f.hold());
  const state: { result: DomainCheckResult | null; failure: Error | null } = {
    result: null,
    failure: null,
  };
  void check().then(
    (r) => (state.result = r),
    (err: unknown) => (state.failure = err instanceof Error ? err : new Error(String(err))),
  );
  const held = (): number => gates.reduce((n, g) => n + g.held, 0);
  try {
    for (;;) {
      // Settled: every question asked is answered or held at a fixture.
      while (!state.result && !state.failure && client.asked !== client.answered + held()) {
        await tick();
      }
      if (state.failure) throw state.failure;
      if (state.result) return { waves: client.wave, result: state.result };
      client.wave++;
      const released = gates.reduce((n, g) => n + g.release(), 0);
      if (released === 0) throw new Error('nothing held, nothing answered: the check is stuck');
    }
  } finally {
    for (const g of gates) g.open();
  }
}

let world: DnsWorld;
beforeEach(async () => {
  world = await startDnsWorld('example.test');
});
afterEach(async () => {
  await world.close();
});

const all = (): DnsFixture[] => [world.auth, world.dkim, world.kyrios, world.resolver];

describe('round trips of one domain check', () => {
  it('with the authoritative servers given: 2 for the standard record set', async () => {
    // The DKIM key lives in the zone itself here, as most domains publish it.
    world.auth.removeRecords('_domainkey.example.test');
    const dkim = world.expected.records.find((r) => r.purpose === 'dkim');
    world.auth.setRecords(dkim?.name ?? '', 'TXT', [dkim?.value ?? '']);
    const client = new CountingClient();
    const { waves, result } = await inWaves(all(), client, () =>
      checkDomain(world.expected, {
        authoritative: [world.auth],
        resolvers: [world.resolver],
        client,
      }),
    );
    expect(result.status).toBe('pass');
    expect(waves).toBe(2);
    // The second wave is the SPF include and what needed the zone's apex (the DS of its DNSSEC).
    expect(client.log.filter((q) => q.wave === 1).map((q) => `${q.name} ${q.type}`)).toContain(
      'spf.kyrios.test TXT',
    );
  });

  it('one more per nested include level', async () => {
    world.auth.removeRecords('_domainkey.example.test');
    const dkim = world.expected.records.find((r) => r.purpose === 'dkim');
    world.auth.setRecords(dkim?.name ?? '', 'TXT', [dkim?.value ?? '']);
    world.kyrios.setRecords('mid.kyrios.test', 'TXT', ['v=spf1 include:spf.kyrios.test -all']);
    world.auth.setRecords('example.test', 'TXT', ['v=spf1 include:mid.kyrios.test -all']);
    const client = new CountingClient();
    const { waves, result } = await inWaves(all(), client, () =>
      checkDomain(world.expected, {
        authoritative: [world.auth],
        resolvers: [world.resolver],
        client,
      }),
    );
    expect(result.records.find((r) => r.purpose === 'spf')?.codes).toEqual(['ok']);
    expect(waves).toBe(3);
  });

  it('with discovery: the zone-cut walk and the zone servers, then the records, SPF included', async () => {
    const client = new CountingClient();
    const { waves, result } = await inWaves(all(), client, () =>
      checkDomain(world.expected, { ...world.options, timeoutMs: 30_000, client }),
    );
    expect(result.status).toBe('pass');
    // 1: SOA and NS of the domain (NS hosts mapped to addresses, no lookup), with every record
    // asked of the resolvers; 2: every record asked of the zone's servers, the SPF include
    // (named by the resolvers' answer); 3: the delegated _domainkey subzone behind its referral.
    expect(waves).toBe(3);
    const first = client.log.filter((q) => q.wave === 0).map((q) => `${q.name} ${q.type}`);
    expect(first).toEqual(
      expect.arrayContaining(['example.test SOA', 'example.test NS', '_kyrios.example.test TXT']),
    );
    expect(client.log.filter((q) => q.wave === 1).map((q) => `${q.name} ${q.type}`)).toEqual(
      expect.arrayContaining(['spf.kyrios.test TXT', '_kyrios.example.test.example.test TXT']),
    );
  });

  it('probes beside the main question: doubled names and, for a CNAME, what else the name holds', async () => {
    world.auth.removeRecords('_kyrios.example.test');
    world.auth.setRecords('_kyrios.example.test.example.test', 'TXT', [
      world.expected.records[0]?.value ?? '',
    ]);
    world.auth.removeRecords('kbounce.example.test');
    world.auth.setRecords('kbounce.example.test', 'TXT', ['in the way']);
    const client = new CountingClient();
    const records = world.expected.records.filter((r) =>
      ['verification', 'return_path'].includes(r.purpose),
    );
    const { waves, result } = await inWaves(all(), client, () =>
      checkDomain(
        { domain: 'example.test', records },
        { authoritative: [world.auth], resolvers: [world.resolver], client },
      ),
    );
    expect(result.records.map((r) => r.codes)).toEqual([['doubled_name'], ['cname_conflict']]);
    // Both diagnoses came from the first wave's answers; the second is the DNSSEC DS question.
    expect(waves).toBe(2);
  });
});
