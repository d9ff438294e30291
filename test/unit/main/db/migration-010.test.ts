import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../../../src/sqlite/open-database';
import { migrate } from '../../../../src/sqlite/migrate';
import { APP_DATABASE_FILE, openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration010 } from '../../../../src/main/db/migrations/010-could-not-check';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createCheckHistoryRepo } from '../../../../src/main/db/check-history-repo';
import type { DomainCheckResult, RecordCheckResult } from '../../../../src/shared/dns-check';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-m010-');
});
afterEach(() => {
  // Not every test opens one.
  if ((db as SqliteDatabase | undefined)?.open) db.close();
  temp.remove();
});

function record(
  purpose: RecordCheckResult['purpose'],
  status: RecordCheckResult['status'],
  codes: RecordCheckResult['codes'],
  required = true,
): RecordCheckResult {
  return {
    purpose,
    type: 'TXT',
    name: `${purpose}.x.test`,
    required,
    expected: 'v',
    status,
    codes,
    message: 'm',
    fix: null,
    found: [],
    servers: [
      {
        server: '127.0.0.1:53',
        host: null,
        role: 'authoritative',
        rcode: codes.includes('lookup_failed') ? 'TIMEOUT' : 'NOERROR',
        answers: [],
        ttl: null,
        ms: 1,
        agrees: null,
      },
    ],
    agreeBy: null,
  };
}

const result = (
  status: DomainCheckResult['status'],
  records: RecordCheckResult[],
): DomainCheckResult => ({
  domain: 'x.test',
  checkedAt: '2026-11-01T10:00:00.000Z',
  status,
  provider: null,
  records,
});

describe('migration 010: could not check', () => {
  it('is the tenth app migration', () => {
    expect(appMigrations[9]).toBe(migration010);
  });

  it('reads stored history again: no lookup failure stays a failure, optional fails warn', () => {
    db = openDatabase(join(temp.dir, APP_DATABASE_FILE));
    migrate(db, appMigrations.slice(0, 9));
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'x' });
    const before = createCheckHistoryRepo(db);
    // Stored the old way: DNS down, every record a "fail" of lookup_failed.
    const outage = before.save(
      'acc',
      'd1',
      result('fail', [
        record('spf', 'fail', ['lookup_failed']),
        record('dkim', 'fail', ['lookup_failed']),
      ]),
      'monitor',
    );
    // A real failure next to an optional record that failed.
    const broken = before.save(
      'acc',
      'd1',
      result('fail', [
        record('spf', 'fail', ['missing']),
        record('dmarc', 'fail', ['missing'], false),
      ]),
      'manual',
    );
    // Only the optional record fails: a warning now.
    const optional = before.save(
      'acc',
      'd1',
      result('warn', [record('spf', 'pass', ['ok']), record('dmarc', 'fail', ['missing'], false)]),
      'manual',
    );
    db.close();

    db = openAppDatabase(temp.dir);
    const history = createCheckHistoryRepo(db);
    const outageRun = history.get('acc', outage);
    expect(outageRun?.status).toBe('unknown');
    expect(outageRun?.records.map((r) => r.status)).toEqual(['unknown', 'unknown']);
    expect(outageRun?.records[0]?.servers[0]?.rcode).toBe('TIMEOUT');

    const brokenRun = history.get('acc', broken);
    expect(brokenRun?.status).toBe('fail');
    expect(brokenRun?.records.map((r) => r.status)).toEqual(['fail', 'warn']);
    expect(history.get('acc', optional)?.status).toBe('warn');

    const summaries = history.runs('acc', 'd1', 10);
    expect(summaries.find((r) => r.id === outage)).toMatchObject({
      status: 'unknown',
      unchecked: 2,
      failed: 0,
    });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('stores "could not check", and deleting a run still takes its records and answers', () => {
    db = openAppDatabase(temp.dir);
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'x' });
    const history = createCheckHistoryRepo(db);
    const id = history.save(
      'acc',
      'd1',
      result('unknown', [record('spf', 'unknown', ['lookup_failed'])]),
      'manual',
    );
    expect(history.latest('acc', 'd1')?.status).toBe('unknown');
    db.prepare('DELETE FROM check_runs WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM check_records').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM check_servers').get()).toEqual({ n: 0 });
    expect(() =>
      db
        .prepare(
          "INSERT INTO check_runs (account_id, domain_id, domain, checked_at, status, trigger) VALUES ('acc', 'd', 'x', 't', 'bogus', 'manual')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
