import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import { SANDBOX_DATABASE_FILE } from '../../../src/sandbox/start';
import { hashApiKey } from '../../../src/sandbox/store';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';
import { startTestSandbox } from '../helpers/sandbox';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function tempDir(): string {
  const temp = makeTempDir('kyrios-sandbox-');
  cleanup.add(() => temp.remove());
  return temp.dir;
}

describe('sandbox data folder', () => {
  it('keeps domains, records and the API key across a restart on the same folder', async () => {
    const dataDir = tempDir();
    const first = await startTestSandbox(cleanup, dataDir);
    const created = (await (
      await first.request('/v1/domains', { body: { name: 'keep.example.com' } })
    ).json()) as Domain;
    await first.sandbox.close();

    const second = await startTestSandbox(cleanup, dataDir);
    expect(second.sandbox.apiKey).toBe(first.sandbox.apiKey);
    const listed = await second.request('/v1/domains');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ domains: [created] });
    // The old key still opens the new process's API.
    expect(
      (
        await fetch(`${second.sandbox.api}/v1/domains`, {
          headers: { authorization: `Bearer ${first.sandbox.apiKey}` },
        })
      ).status,
    ).toBe(200);
  });

  it('keeps the key in a file only its owner can read, and only its hash in the database', async () => {
    const dataDir = tempDir();
    const { sandbox } = await startTestSandbox(cleanup, dataDir);
    await sandbox.close();

    const keyFile = join(dataDir, 'api-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(sandbox.apiKey);
    expect(sandbox.apiKey).toMatch(/^kys_[A-Za-z0-9_-]{40,}$/);

    // Closing checkpoints the WAL, so the database file holds everything that was written.
    const dbFile = join(dataDir, SANDBOX_DATABASE_FILE);
    const bytes = Buffer.concat(
      [dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(Buffer.from(sandbox.apiKey))).toBe(false);
    expect(bytes.includes(Buffer.from(sandbox.apiKey.slice(4)))).toBe(false);

    const db = new Database(dbFile, { readonly: true });
    try {
      const rows = db.prepare('SELECT key_hash FROM api_keys').all() as { key_hash: string }[];
      expect(rows).toEqual([{ key_hash: hashApiKey(sandbox.apiKey) }]);
      expect(hashApiKey(sandbox.apiKey)).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      db.close();
    }
  });

  it('gives separate folders separate accounts and keys', async () => {
    const a = await startTestSandbox(cleanup);
    const b = await startTestSandbox(cleanup);
    expect(a.sandbox.apiKey).not.toBe(b.sandbox.apiKey);
    expect((await a.request('/v1/domains', { body: { name: 'only-a.example.com' } })).status).toBe(
      201,
    );
    expect((await b.request('/v1/domains')).status).toBe(200);
    expect(await (await b.request('/v1/domains')).json()).toEqual({ domains: [] });
    // Neither key opens the other's API.
    expect(
      (
        await fetch(`${b.sandbox.api}/v1/domains`, {
          headers: { authorization: `Bearer ${a.sandbox.apiKey}` },
        })
      ).status,
    ).toBe(401);
  });

  it('listens on 127.0.0.1 at the port it reports', async () => {
    const { sandbox } = await startTestSandbox(cleanup);
    expect(sandbox.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(sandbox.api).port)).toBeGreaterThan(0);
    expect((await fetch(`${sandbox.api}/health`)).status).toBe(200);
  });
});
