import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPair } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { hashPassword } from '../src/sandbox/passwords';
import type { Domain } from '../src/shared/domain';
import { startDnsFixture } from '../test/fixtures/dns/index';

/**
 * Latency of the main sandbox API calls, one at a time over keep-alive HTTP: p50 and p99. The
 * sandbox runs as `npm run sandbox` does (its own process), verifying against a loopback DNS
 * fixture in this process that publishes the generated records, so Verify Now does the full check.
 *
 * Each call is compared with the floor under it, measured in the same run on the same machine:
 * - reads, Verify Now and DELETE: the framework alone (fastify, in its own process, one route that
 *   sends a fixed JSON body the size of GET /v1/account's, over the same keep-alive client): what
 *   the sandbox adds is routing, auth, validation, the database and serialisation;
 * - POST /v1/domains: one 2048-bit RSA key pair generated in this process (the DKIM key it makes);
 * - SMTP user create and password reset: one scrypt hash (N=2^14, r=8, p=1), in this process.
 * The ratio is the call's p50 over its floor's p50.
 *
 *   npm run bench -- api
 */

const RUNS = 200;
const FLOOR_CRYPTO_RUNS = 10;
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

let floor: ChildProcess | undefined;
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

  // The floors, after the sandbox's calls (nothing else runs meanwhile).
  const accountBody = JSON.stringify(await call('GET', '/v1/account'));
  floor = spawn(process.execPath, ['--import', 'tsx', 'bench/floor-http.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, FLOOR_BODY: accountBody },
  });
  const floorChild = floor;
  const floorUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: floorChild.stdout as NodeJS.ReadableStream }).once('line', resolve);
    floorChild.once('exit', (code) => reject(new Error(`floor server exited (${String(code)})`)));
  });
  const floorGet = async () => (await fetch(`${floorUrl}/floor`)).text();
  for (let i = 0; i < 20; i++) await floorGet(); // warm-up, as the sandbox's first calls were
  const HTTP_FLOOR = 'ref.: fastify alone, fixed JSON (the HTTP floor)';
  for (let i = 0; i < RUNS; i++) await timed(HTTP_FLOOR, floorGet);
  const RSA_FLOOR = 'ref.: one 2048-bit RSA key pair, in process';
  const rsa = promisify(generateKeyPair);
  for (let i = 0; i < FLOOR_CRYPTO_RUNS; i++) {
    await timed(RSA_FLOOR, () => rsa('rsa', { modulusLength: 2048 }));
  }
  const SCRYPT_FLOOR = 'ref.: one scrypt hash (N=2^14, r=8, p=1), in process';
  for (let i = 0; i < FLOOR_CRYPTO_RUNS * 2; i++) {
    await timed(SCRYPT_FLOOR, () => hashPassword(`floor-password-${i}`));
  }

  const p50 = (label: string): number =>
    percentile(
      [...(timings.get(label) ?? [])].sort((a, b) => a - b),
      50,
    );
  const floorOf = (label: string): string | null => {
    if (label.startsWith('ref.:')) return null;
    if (label.startsWith('POST /v1/domains (')) return RSA_FLOOR;
    if (label.includes('(scrypt)')) return SCRYPT_FLOOR;
    return HTTP_FLOOR;
  };
  const rows = [...timings.entries()].map(([label, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const base = floorOf(label);
    const ratio = base ? (percentile(sorted, 50) / p50(base)).toFixed(2) : '';
    const baseName =
      base === HTTP_FLOOR ? 'http' : base === RSA_FLOOR ? 'rsa' : base ? 'scrypt' : '';
    return `${label.padEnd(54)} ${String(list.length).padStart(5)} ${percentile(sorted, 50).toFixed(2).padStart(9)} ms ${percentile(sorted, 99).toFixed(2).padStart(9)} ms  ${baseName.padStart(6)} ${ratio.padStart(6)}`;
  });
  process.stdout.write(
    [
      'Sandbox API benchmark: sequential calls over keep-alive HTTP on loopback, sandbox in its own process',
      '',
      `${'call'.padEnd(54)} ${'n'.padStart(5)} ${'p50'.padStart(12)} ${'p99'.padStart(12)}  ${'floor'.padStart(6)} ${'p50/floor'.padStart(6)}`,
      ...rows,
      '',
      'floors: http = fastify alone sending a fixed body of the same size as GET /v1/account (own process, same client);',
      '        rsa = one 2048-bit RSA key pair (the DKIM key Add & Verify makes); scrypt = one password hash',
      '',
    ].join('\n'),
  );
} finally {
  if (floor) {
    const f = floor;
    f.stdin?.end();
    await new Promise((resolve) => f.once('exit', resolve));
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await dns.close();
  rmSync(dataDir, { recursive: true, force: true });
}
