import { createSocket } from 'node:dgram';
import { decode } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { DnsClient } from '../../../src/dns/index';
import { fuzzInProcess, mutate, prng, seedPackets } from '../../fixtures/dns/fuzz';

const SEED = 20301;

describe('fuzzing response handling', () => {
  it('30,000 mutated packets through decode, matching, observation and every check: no throw', async () => {
    const stats = await fuzzInProcess(30_000, SEED);
    expect(stats.packets).toBe(30_000);
    // Both paths must be exercised for the run to mean anything.
    expect(stats.accepted).toBeGreaterThan(500);
    expect(stats.ignored).toBeGreaterThan(500);
  });

  it('2,000 mutated datagrams at a real client socket: every query ends, none throws', async () => {
    const rand = prng(SEED + 1);
    const server = createSocket('udp4');
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
    let sent = 0;
    server.on('message', (msg, from) => {
      const query = decode(msg);
      const seeds = seedPackets(query.id ?? 0).filter(
        (s) => s.q.type === query.questions?.[0]?.type,
      );
      const base = seeds[0];
      if (!base) return;
      for (let i = 0; i < 20; i++) {
        server.send(mutate(base.wire, rand, rand() < 0.9), from.port, from.address);
        sent++;
      }
      server.send(base.wire, from.port, from.address);
    });
    try {
      const client = new DnsClient({ timeoutMs: 2000, tries: 1, maxPerServer: 10 });
      const address = { host: '127.0.0.1', port: server.address().port };
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          client.query(
            address,
            'fuzz.example.test',
            (['TXT', 'MX', 'CNAME'] as const)[i % 3] ?? 'TXT',
            { recursion: false },
          ),
        ),
      );
      // More when a mutation reads as FORMERR: the client then asks once more without EDNS.
      expect(sent).toBeGreaterThanOrEqual(2000);
      // Each query ended with a decoded answer (the genuine one, or a mutation that still matched).
      expect(results.every((r) => r.rcode !== 'TIMEOUT')).toBe(true);
      // A mutation that still decodes and matches (a flipped TTL bit) ends its query early, so
      // not all 2,000 reach the client; several hundred must have been seen and skipped.
      expect(results.reduce((n, r) => n + r.ignored, 0)).toBeGreaterThan(300);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
