import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainCheckResult } from '../../../../src/shared/dns-check';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { migrate } from '../../../../src/sqlite/migrate';
import { openDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration002 } from '../../../../src/main/db/migrations/002-check-history';
import { createCheckHistoryRepo } from '../../../../src/main/db/check-history-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-history-');
  db = openAppDatabase(temp.dir);
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

function result(
  checkedAt: string,
  status: DomainCheckResult['status'] = 'fail',
): DomainCheckResult {
  return {
    domain: 'example.com',
    checkedAt,
    status,
    provider: {
      id: 'cloudflare',
      name: 'Cloudflare',
      nameservers: ['ana.ns.cloudflare.com'],
      hostField: 'relative_or_full',
      hostAdvice: 'Type the host relative to the domain.',
      warnings: ['Proxied CNAMEs answer with A records.'],
    },
    records: [
      {
        purpose: 'verification',
        type: 'TXT',
        name: '_kyrios.example.com',
        required: true,
        expected: 'kyrios-verification=abc',
        status: 'fail',
        codes: ['doubled_name'],
        message: 'Found at _kyrios.example.com.example.com',
        fix: 'Enter _kyrios as the host.',
        found: ['kyrios-verification=abc'],
        agreeBy: null,
        servers: [
          {
            server: '192.0.2.1:53',
            host: 'ana.ns.cloudflare.com',
            role: 'authoritative',
            rcode: 'NXDOMAIN',
            answers: [],
            ttl: 300,
            ms: 4.5,
            agrees: true,
          },
          {
            server: '1.1.1.1:53',
            host: 'Cloudflare',
            role: 'resolver',
            rcode: 'TIMEOUT',
            answers: [],
            ttl: null,
            ms: 2000,
            agrees: null,
          },
        ],
      },
      {
        purpose: 'mx',
        type: 'MX',
        name: 'example.com',
        required: true,
        expected: '10 mx.kyrios.test',
        status: 'warn',
        codes: ['mx_other_preferred'],
        message: 'Another host is preferred.',
        fix: null,
        found: ['5 mx.other.test', '10 mx.kyrios.test'],
        agreeBy: '2026-11-26T12:05:00.000Z',
        servers: [],
      },
    ],
  };
}

describe('migration 002: check history', () => {
  it('is the second app migration and applies on top of 001', () => {
    expect(appMigrations[1]).toBe(migration002);
    const other = openDatabase(`${temp.dir}/fresh.db`);
    expect(migrate(other, appMigrations.slice(0, 2)).applied).toEqual([1, 2]);
    const tables = other
      .prepare(
        "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'check_%' ORDER BY name",
      )
      .all();
    expect(tables).toEqual([
      { name: 'check_records' },
      { name: 'check_runs' },
      { name: 'check_servers' },
    ]);
    expect(() =>
      other.exec(
        "INSERT INTO check_runs (account_id, domain_id, domain, checked_at, status, trigger) VALUES ('a','d','x','t','bogus','manual')",
      ),
    ).toThrow(/CHECK/);
    other.close();
  });
});

describe('check history repository', () => {
  it('stores a check per record and per server and reads it back unchanged', () => {
    const repo = createCheckHistoryRepo(db);
    const stored = result('2026-11-26T12:00:00.000Z');
    const runId = repo.save('acc', 'dom1', stored, 'manual');
    expect(repo.get('acc', runId)).toEqual(stored);
    expect(repo.latest('acc', 'dom1')).toEqual({ ...stored, runId });
    expect(db.prepare('SELECT COUNT(*) AS n FROM check_servers').get()).toEqual({ n: 2 });
  });

  it('lists runs newest first with their counts, per account and domain', () => {
    const repo = createCheckHistoryRepo(db);
    const first = repo.save('acc', 'dom1', result('2026-11-26T12:00:00.000Z'), 'manual');
    const second = repo.save('acc', 'dom1', result('2026-11-26T13:00:00.000Z', 'warn'), 'monitor');
    repo.save('acc', 'dom2', result('2026-11-26T14:00:00.000Z'), 'manual');
    repo.save('other', 'dom1', result('2026-11-26T15:00:00.000Z'), 'manual');
    expect(repo.runs('acc', 'dom1', 10)).toEqual([
      {
        id: second,
        checkedAt: '2026-11-26T13:00:00.000Z',
        status: 'warn',
        trigger: 'monitor',
        passed: 0,
        warned: 1,
        unchecked: 0,
        failed: 1,
        unpublished: 0,
      },
      {
        id: first,
        checkedAt: '2026-11-26T12:00:00.000Z',
        status: 'fail',
        trigger: 'manual',
        passed: 0,
        warned: 1,
        unchecked: 0,
        failed: 1,
        unpublished: 0,
      },
    ]);
    expect(repo.runs('acc', 'dom1', 1)).toHaveLength(1);
    expect(repo.latest('acc', 'dom1')?.runId).toBe(second);
    expect(repo.get('other', first)).toBeNull();
  });

  it('is readable after the database is reopened (offline)', () => {
    const runId = createCheckHistoryRepo(db).save(
      'acc',
      'dom1',
      result('2026-11-26T12:00:00.000Z'),
      'manual',
    );
    db.close();
    db = openAppDatabase(temp.dir);
    expect(createCheckHistoryRepo(db).get('acc', runId)?.records[0]?.codes).toEqual([
      'doubled_name',
    ]);
  });

  it('writes a run all or nothing', () => {
    const repo = createCheckHistoryRepo(db);
    const broken = result('2026-11-26T12:00:00.000Z');
    (broken.records[1] as { status: string }).status = 'bogus';
    expect(() => repo.save('acc', 'dom1', broken, 'manual')).toThrow(/CHECK/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM check_runs').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM check_records').get()).toEqual({ n: 0 });
    expect(repo.latest('acc', 'dom1')).toBeNull();
  });
});
