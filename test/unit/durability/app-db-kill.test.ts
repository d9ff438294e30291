import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyAcked, round, verify } from '../../../scripts/kill-app-db';
import { APP_DATABASE_FILE, openAppDatabase } from '../../../src/main/db/app-database';
import { openDatabase } from '../../../src/sqlite/open-database';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

// The fast variant of scripts/kill-app-db.ts (100+ rounds, with figures): a few rounds of kill -9
// during app database writes, and proof that the checker would see a half-written change.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function tempDir(): string {
  const temp = makeTempDir('kyrios-durability-');
  cleanup.add(() => temp.remove());
  return temp.dir;
}

describe('kill -9 during app database writes', () => {
  it('after each of 3 kills: integrity ok, nothing acknowledged lost, every multi-row change whole', async () => {
    const dir = tempDir();
    openAppDatabase(dir).close();
    const acked = emptyAcked();
    let writes = 0;
    for (let r = 0; r < 3; r++) {
      // Killed later than the script's default, so each round has writes in flight.
      writes += (await round(dir, acked, 600)).writes;
      expect(verify(dir, acked), `round ${r + 1}`).toEqual([]);
    }
    expect(writes).toBeGreaterThan(0);
  });

  it('the checker sees a lost write, a change without its audit row and a partial check run', async () => {
    const dir = tempDir();
    openAppDatabase(dir).close();
    const acked = emptyAcked();
    // Until there is at least one of each change to damage (a kill may come before the first).
    while (acked.runs.length === 0) await round(dir, acked, 600);
    expect(verify(dir, acked)).toEqual([]);

    const db = openDatabase(join(dir, APP_DATABASE_FILE));
    try {
      db.prepare(
        "DELETE FROM audit_log WHERE action = 'smtp_user_created' AND id = (SELECT max(id) FROM audit_log WHERE action = 'smtp_user_created')",
      ).run();
      db.prepare(
        'DELETE FROM domain_records WHERE rowid = (SELECT max(rowid) FROM domain_records)',
      ).run();
      db.prepare(
        'DELETE FROM check_servers WHERE rowid = (SELECT max(rowid) FROM check_servers)',
      ).run();
    } finally {
      db.close();
    }
    acked.runs.push(1_000_000);
    const problems = verify(dir, acked).join('\n');
    expect(problems).toMatch(/SMTP users \d+ ≠ smtp_user_created audit rows/);
    expect(problems).toMatch(/1 domains without all their records/);
    expect(problems).toMatch(/1 check runs without all their rows/);
    expect(problems).toMatch(/1 acknowledged check runs lost/);
  });
});
