import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createCheckHistoryRepo } from '../../../../src/main/db/check-history-repo';
import type { DomainCheckResult } from '../../../../src/shared/dns-check';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-prune-');
  db = openAppDatabase(temp.dir);
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

const result = (checkedAt: string): DomainCheckResult => ({
  domain: 'x.test',
  checkedAt,
  status: 'pass',
  provider: null,
  records: [
    {
      purpose: 'spf',
      type: 'TXT',
      name: 'x.test',
      required: true,
      expected: 'v=spf1 ~all',
      status: 'pass',
      codes: ['ok'],
      message: 'ok',
      fix: null,
      found: ['v=spf1 ~all'],
      agreeBy: null,
      servers: [
        {
          server: '127.0.0.1:53',
          host: null,
          role: 'authoritative',
          rcode: 'NOERROR',
          answers: ['v=spf1 ~all'],
          ttl: 300,
          ms: 1,
          agrees: true,
        },
      ],
    },
  ],
});

const count = (table: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('check history retention', () => {
  it('drops old monitoring runs with their rows, keeping manual checks and each domain’s newest run', () => {
    const history = createCheckHistoryRepo(db);
    history.save('acc', 'd1', result('2026-03-01T00:00:00.000Z'), 'monitor');
    history.save('acc', 'd1', result('2026-03-02T00:00:00.000Z'), 'manual');
    history.save('acc', 'd1', result('2026-04-20T00:00:00.000Z'), 'monitor');
    history.save('acc', 'd2', result('2026-03-01T00:00:00.000Z'), 'monitor');
    history.save('other', 'd1', result('2026-03-01T00:00:00.000Z'), 'monitor');

    expect(history.pruneMonitorRuns('acc', '2026-04-01T00:00:00.000Z')).toBe(1);
    expect(history.runs('acc', 'd1', 10).map((r) => [r.checkedAt.slice(0, 10), r.trigger])).toEqual(
      [
        ['2026-04-20', 'monitor'],
        ['2026-03-02', 'manual'],
      ],
    );
    // d2's only run is its newest: kept. Another account's runs are not touched.
    expect(history.runs('acc', 'd2', 10)).toHaveLength(1);
    expect(history.runs('other', 'd1', 10)).toHaveLength(1);
    expect(count('check_runs')).toBe(4);
    expect(count('check_records')).toBe(4);
    expect(count('check_servers')).toBe(4);
  });
});
