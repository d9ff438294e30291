import { createSocket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDomain } from '../../../src/dns/index';
import type { RecordCheckResult } from '../../../src/shared/dns-check';
import { nameserverMap, startDnsFixture } from '../../fixtures/dns/index';
import type { DnsFixture } from '../../fixtures/dns/index';
import { startDnsWorld } from '../../fixtures/dns/kyrios-world';
import type { DnsWorld } from '../../fixtures/dns/kyrios-world';

/**
 * Dead servers cost as little as they can: a port where nothing listens ends its try at once, a
 * silent server gets one try once the others have answered alike, and a zone whose servers are all
 * dead is reported naming them.
 */

const D = 'example.test';
let world: DnsWorld;
const extra: DnsFixture[] = [];
beforeEach(async () => {
  world = await startDnsWorld(D);
});
afterEach(async () => {
  await Promise.all([world.close(), ...extra.splice(0).map((f) => f.close())]);
});

async function fixture(...args: Parameters<typeof startDnsFixture>): Promise<DnsFixture> {
  const f = await startDnsFixture(...args);
  extra.push(f);
  return f;
}

/** A loopback port where nothing listens (UDP or TCP). */
async function deadAddress(): Promise<string> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

const verification = (records: RecordCheckResult[]): RecordCheckResult | undefined =>
  records.find((r) => r.purpose === 'verification');

describe('one dead nameserver of two', () => {
  it('a silent one gets one try, not two, once the other has answered', async () => {
    const silent = await fixture({ zones: [{ origin: D }], nameserverNames: [`ns2.${D}`] });
    silent.setBehaviour('*', 'timeout');
    const result = await checkDomain(world.expected, {
      ...world.options,
      nameserverMap: { ...world.options.nameserverMap, [`ns2.${D}`]: silent.address },
      timeoutMs: 300,
      tries: 2,
    });
    expect(result.status).toBe('pass');
    const record = verification(result.records);
    expect(record?.servers.filter((s) => s.role === 'authoritative').map((s) => s.rcode)).toEqual([
      'NOERROR',
      'TIMEOUT',
    ]);
    expect(silent.queries.filter((q) => q.name === `_kyrios.${D}`)).toHaveLength(1);
  });

  it('with no other answer to agree with, a silent server gets every try', async () => {
    world.auth.setBehaviour(`_kyrios.${D}`, 'timeout');
    const silent = await fixture({ zones: [{ origin: D }], nameserverNames: [`ns2.${D}`] });
    silent.setBehaviour('*', 'timeout');
    await checkDomain(
      { domain: D, records: world.expected.records.filter((r) => r.purpose === 'verification') },
      {
        ...world.options,
        nameserverMap: { ...world.options.nameserverMap, [`ns2.${D}`]: silent.address },
        timeoutMs: 200,
        tries: 2,
      },
    );
    expect(silent.queries.filter((q) => q.name === `_kyrios.${D}`)).toHaveLength(2);
  });

  it('one where nothing listens is UNREACHABLE at once, and named', async () => {
    const result = await checkDomain(world.expected, {
      ...world.options,
      nameserverMap: { ...world.options.nameserverMap, [`ns2.${D}`]: await deadAddress() },
      timeoutMs: 10_000,
      tries: 2,
    });
    expect(result.status).toBe('pass');
    const cells = verification(result.records)?.servers.filter((s) => s.role === 'authoritative');
    expect(cells?.map((s) => [s.host, s.rcode])).toEqual([
      [`ns1.${D}`, 'NOERROR'],
      [`ns2.${D}`, 'UNREACHABLE'],
    ]);
  });
});

describe('a zone whose servers are all dead', () => {
  it('is found through its parent, and the message and the fix name its nameservers', async () => {
    const silent = await fixture({
      zones: [{ origin: D, nameservers: [`ns1.${D}`, `ns2.${D}`] }],
    });
    silent.setBehaviour('*', 'timeout');
    const parent = await fixture({
      zones: [
        {
          origin: 'test',
          nameservers: ['a.nic.test'],
          records: [{ name: D, type: 'NS', value: `ns1.${D}` }],
        },
      ],
    });
    parent.setRecords(D, 'NS', [`ns1.${D}`, `ns2.${D}`]);
    const resolver = await fixture({ resolverFor: [parent, silent] });
    const dead = await deadAddress();
    const result = await checkDomain(
      { domain: D, records: world.expected.records.filter((r) => r.purpose === 'verification') },
      {
        resolvers: [resolver],
        nameserverMap: {
          ...nameserverMap(parent),
          [`ns1.${D}`]: silent.address,
          [`ns2.${D}`]: dead,
        },
        timeoutMs: 200,
        tries: 2,
      },
    );
    const record = verification(result.records);
    expect([record?.codes, record?.status]).toEqual([['lookup_failed'], 'unknown']);
    expect(record?.message).toContain(
      `None of the 2 authoritative server(s) of ${D} answered for _kyrios.${D}: ns1.${D} at ${silent.address} timed out, ns2.${D} at ${dead} is unreachable (connection refused: nothing listens there).`,
    );
    expect(record?.fix).toMatch(
      /^Check that ns1\.example\.test and ns2\.example\.test, the nameservers of example\.test, are up/,
    );
    expect(record?.fix).not.toMatch(/network connection/);
  });
});
