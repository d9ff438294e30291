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

/**
 * Stores a run the way a version-9 database held it. The repository always writes the newest
 * columns, so history from before migration 010 is written here with the columns it had then.
 */
function saveAsVersion9(
  target: SqliteDatabase,
  accountId: string,
  domainId: string,
  run: DomainCheckResult,
  trigger: string,
): number {
  const runId = Number(
    target
      .prepare(
        `INSERT INTO check_runs (account_id, domain_id, domain, checked_at, status, provider_json, trigger)
         VALUES (?, ?, ?, ?, ?, NULL, ?)`,
      )
      .run(accountId, domainId, run.domain, run.checkedAt, run.status, trigger).lastInsertRowid,
  );
  run.records.forEach((r, position) => {
    target
      .prepare(
        `INSERT INTO check_records (run_id, position, purpose, type, name, required, expected, status, codes_json, message, fix, found_json, agree_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        position,
        r.purpose,
        r.type,
        r.name,
        r.required ? 1 : 0,
        r.expected,
        r.status,
        JSON.stringify(r.codes),
        r.message,
        r.fix,
        JSON.stringify(r.found),
        r.agreeBy,
      );
    r.servers.forEach((x, serverPosition) => {
      target
        .prepare(
          `INSERT INTO check_servers (run_id, record_position, position, server, host, role, rcode, answers_json, ttl, ms, agrees)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          runId,
          position,
          serverPosition,
          x.server,
          x.host,
          x.role,
          x.rcode,
          JSON.stringify(x.answers),
          x.ttl,
          x.ms,
          x.agrees === null ? null : x.agrees ? 1 : 0,
        );
    });
  });
  return runId;
}

describe('migration 010: could not check', () => {
  it('is the tenth app migration', () => {
    expect(appMigrations[9]).toBe(migration010);
  });

  it('reads stored history again: no lookup failure stays a failure, optional fails warn', () => {
    db = openDatabase(join(temp.dir, APP_DATABASE_FILE));
    migrate(db, appMigrations.slice(0, 9));
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'x' });
    // Stored the old way: DNS down, every record a "fail" of lookup_failed.
    const outage = saveAsVersion9(
      db,
      'acc',
      'd1',
      result('fail', [
        record('spf', 'fail', ['lookup_failed']),
        record('dkim', 'fail', ['lookup_failed']),
      ]),
      'monitor',
    );
    // A real failure next to an optional record that failed.
    const broken = saveAsVersion9(
      db,
      'acc',
      'd1',
      result('fail', [
        record('spf', 'fail', ['missing']),
        record('dmarc', 'fail', ['missing'], false),
      ]),
      'manual',
    );
    // Only the optional record fails: a warning now.
    const optional = saveAsVersion9(
      db,
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
