import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Domain } from '../src/shared/domain';
import { startDnsFixture } from '../test/fixtures/dns/index';

/**
 * Latency of the main sandbox API calls, one at a time over keep-alive HTTP: p50 and p99. The
 * sandbox runs as `npm run sandbox` does (its own process), verifying against a loopback DNS
 * fixture in this process that publishes the generated records, so Verify Now does the full check.
 *
 *   npm run bench -- api
 */

const RUNS = 200;
const ADD_RUNS = 30; // each makes a 2048-bit RSA key
const SCRYPT_RUNS = 60; // each hashes a password

interface Ready {
  api: string;
  apiKey: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const dataDir = mkdtempSync(join(tmpdir(), 'kyrios-bench-api-'));
const zones = Array.from({ length: ADD_RUNS + 2 }, (_, i) => ({ origin: `a${i}.bench.test` }));
const dns = await startDnsFixture({
  zones: [
    ...zones,
    {
      origin: 'sandbox.kyrios.test',
      records: [
        { name: 'spf.sandbox.kyrios.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 -all' },
      ],
    },
  ],
});
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'src/sandbox/cli.ts',
    ...['--port', '0', '--smtp-port', '0', '--mx-port', '0', '--data', dataDir],
    ...['--authoritative', dns.address, '--resolver', dns.address],
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);

try {
  const ready = JSON.parse(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sandbox exited (${String(code)})`)));
    }),
  ) as Ready;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${ready.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ready.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
  const timings = new Map<string, number[]>();
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await run();
    const list = timings.get(label) ?? [];
    list.push(performance.now() - t);
    timings.set(label, list);
    return result;
  };

  // Add & Verify, then publish the records and Verify Now until verified.
  const domains: Domain[] = [];
  for (let i = 0; i < ADD_RUNS; i++) {
    domains.push(
      (await timed('POST /v1/domains (Add & Verify)', () =>
        call('POST', '/v1/domains', { name: `a${i}.bench.test` }),
      )) as Domain,
    );
  }
  const [main] = domains;
  if (!main) throw new Error('no domain');
  for (const d of domains) {
    for (const r of d.records) {
      dns.setRecords(r.name, r.type, [
        r.type === 'MX' ? `${r.priority ?? 10} ${r.value}` : r.value,
      ]);
    }
  }
  for (let i = 0; i < RUNS; i++) {
    const v = (await timed('POST /v1/domains/{id}/verify (loopback DNS)', () =>
      call('POST', `/v1/domains/${main.id}/verify`),
    )) as { domain: Domain };
    if (v.domain.status !== 'verified') throw new Error(`not verified: ${JSON.stringify(v)}`);
  }
  for (let i = 0; i < RUNS; i++) {
    await timed('GET /v1/account', () => call('GET', '/v1/account'));
    await timed(`GET /v1/domains (${ADD_RUNS} domains)`, () => call('GET', '/v1/domains'));
    await timed('GET /v1/domains/{id}', () => call('GET', `/v1/domains/${main.id}`));
    await timed('GET /v1/domains/{id}/smtp-users', () =>
      call('GET', `/v1/domains/${main.id}/smtp-users`),
    );
    await timed('GET /v1/usage', () => call('GET', '/v1/usage'));
    await timed('GET /v1/events', () => call('GET', '/v1/events'));
    await timed('GET /v1/conversations', () => call('GET', '/v1/conversations'));
  }
  const users = `/v1/domains/${main.id}/smtp-users`;
  for (let i = 0; i < SCRYPT_RUNS; i++) {
    const { user } = (await timed('POST …/smtp-users (scrypt)', () =>
      call('POST', users, { login: `u${i}` }),
    )) as { user: { id: string } };
    await timed('PUT …/smtp-users/{id}/password (scrypt)', () =>
      call('PUT', `${users}/${user.id}/password`, { password: `rotated-password-${i}` }),
    );
    await timed('DELETE …/smtp-users/{id}', () => call('DELETE', `${users}/${user.id}`));
  }

  const rows = [...timings.entries()].map(([label, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `${label.padEnd(46)} ${String(list.length).padStart(5)} ${percentile(sorted, 50).toFixed(2).padStart(9)} ms ${percentile(sorted, 99).toFixed(2).padStart(9)} ms`;
  });
  process.stdout.write(
    [
      'Sandbox API benchmark: sequential calls over keep-alive HTTP on loopback, sandbox in its own process',
      '',
      `${'call'.padEnd(46)} ${'n'.padStart(5)} ${'p50'.padStart(12)} ${'p99'.padStart(12)}`,
      ...rows,
      '',
    ].join('\n'),
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await dns.close();
  rmSync(dataDir, { recursive: true, force: true });
}
