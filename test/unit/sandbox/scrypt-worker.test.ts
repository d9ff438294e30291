import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/sandbox/passwords';
import { scryptOnWorker, stopScryptWorker } from '../../../src/sandbox/scrypt-worker';

afterAll(() => stopScryptWorker());

const params = { N: 1024, r: 8, p: 1 };

describe('scrypt on its worker thread', () => {
  it('gives the same key as scrypt in process, for many hashes asked at once', async () => {
    const jobs = Array.from({ length: 12 }, (_, i) => ({
      password: `pässword-${String(i)}`,
      salt: randomBytes(16),
    }));
    const keys = await Promise.all(jobs.map((j) => scryptOnWorker(j.password, j.salt, 32, params)));
    keys.forEach((key, i) => {
      const job = jobs[i];
      if (!job) throw new Error('no job');
      expect(key.equals(scryptSync(job.password, job.salt, 32, params))).toBe(true);
    });
  });

  it('reports bad parameters as an error, and keeps working after', async () => {
    await expect(scryptOnWorker('x', randomBytes(16), 32, { N: 1000, r: 8, p: 1 })).rejects.toThrow(
      /N|power|parameter/i,
    );
    const salt = randomBytes(16);
    expect(
      (await scryptOnWorker('x', salt, 32, params)).equals(scryptSync('x', salt, 32, params)),
    ).toBe(true);
  });

  it('rejects the hashes in flight when the worker ends, and starts a new one for the next', async () => {
    const inFlight = scryptOnWorker('x', randomBytes(16), 32, { N: 16384, r: 8, p: 1 });
    await stopScryptWorker();
    await expect(inFlight).rejects.toThrow(/scrypt worker exited/);
    const salt = randomBytes(16);
    expect(
      (await scryptOnWorker('y', salt, 32, params)).equals(scryptSync('y', salt, 32, params)),
    ).toBe(true);
  });

  it('backs the sandbox password hashes: a hash verifies its password and no other', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
    expect(await verifyPassword('anything', undefined)).toBe(false);
  });

  it('refuses a stored hash whose parameters ask for more memory than the default bound', async () => {
    const hash = await hashPassword('secret');
    const greedy = hash.replace(/^scrypt\$16384\$/, 'scrypt$1048576$');
    await expect(verifyPassword('secret', greedy)).rejects.toThrow(/memory/i);
  });
});
