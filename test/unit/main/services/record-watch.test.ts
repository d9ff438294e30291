import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createMonitorRepo, type MonitorRepo } from '../../../../src/main/db/monitor-repo';
import { createRecordWatch } from '../../../../src/main/services/record-watch';
import type {
  DnsCheckCode,
  DomainCheckResult,
  RecordCheckResult,
} from '../../../../src/shared/dns-check';
import type { Domain, DomainStatus } from '../../../../src/shared/domain';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;
let repo: MonitorRepo;

beforeEach(() => {
  temp = makeTempDir('kyrios-watch-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
  repo = createMonitorRepo(db);
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

const domain = (status: DomainStatus): Domain => ({
  id: 'd1',
  name: 'x.test',
  status,
  createdAt: 't',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [],
});

type Row = [RecordCheckResult['purpose'], DnsCheckCode, string[]?];

function result(at: string, rows: Row[]): DomainCheckResult {
  return {
    domain: 'x.test',
    checkedAt: at,
    status: 'pass',
    provider: null,
    records: rows.map(([purpose, code, found]) => ({
      purpose,
      type: purpose === 'mx' ? 'MX' : 'TXT',
      name: purpose === 'verification' ? '_kyrios.x.test' : 'x.test',
      required: purpose !== 'dmarc',
      expected: 'e',
      status: code === 'ok' ? 'pass' : code === 'not_propagated' ? 'warn' : 'fail',
      codes: [code],
      message: `${purpose}: ${code}`,
      fix: null,
      found: found ?? (code === 'missing' ? [] : ['v=spf1 include:kyrios ~all']),
      servers: [],
      agreeBy: null,
    })),
  };
}

describe('the record watch', () => {
  it('writes the first observation, then only real changes, to the timeline', () => {
    const watch = createRecordWatch({ accountId: 'acc', repo });
    const ok: Row[] = [
      ['verification', 'ok'],
      ['spf', 'ok'],
    ];
    expect(watch.apply(domain('verified'), result('t1', ok), 1, 'monitor').changes).toBe(2);
    expect(watch.apply(domain('verified'), result('t2', ok), 2, 'monitor').changes).toBe(0);
    const changed = watch.apply(
      domain('verified'),
      result('t3', [
        ['verification', 'ok'],
        ['spf', 'ok', ['v=spf1 include:other ~all']],
      ]),
      3,
      'monitor',
    );
    expect(changed.changes).toBe(1);
    expect(
      repo.changes('acc', 'd1', 10).map((c) => [c.at, c.purpose, c.before?.found ?? null]),
    ).toEqual([
      ['t3', 'spf', ['v=spf1 include:kyrios ~all']],
      ['t1', 'spf', null],
      ['t1', 'verification', null],
    ]);
  });

  it('raises drift when a verified domain’s passing record fails: which, old and new values, since when', () => {
    const watch = createRecordWatch({ accountId: 'acc', repo });
    watch.apply(domain('verified'), result('t1', [['spf', 'ok']]), 1, 'manual');
    const broke = watch.apply(
      domain('verified'),
      result('t2', [['spf', 'value_mismatch', ['v=spf1 -all']]]),
      2,
      'monitor',
    );
    expect(broke.opened).toMatchObject([
      {
        kind: 'drift',
        domainId: 'd1',
        record: { purpose: 'spf', type: 'TXT', name: 'x.test' },
        before: { status: 'pass', found: ['v=spf1 include:kyrios ~all'] },
        after: { status: 'fail', found: ['v=spf1 -all'], codes: ['value_mismatch'] },
        since: 't2',
      },
    ]);
    expect(broke.opened[0]?.message).toMatch(/The SPF record at x.test stopped passing/);

    // Still broken (even differently): one alert, its since unchanged.
    const still = watch.apply(domain('verified'), result('t3', [['spf', 'missing']]), 3, 'monitor');
    expect(still.opened).toEqual([]);
    expect(repo.openAlerts('acc')).toMatchObject([{ kind: 'drift', since: 't2' }]);

    const fixed = watch.apply(domain('verified'), result('t4', [['spf', 'ok']]), 4, 'monitor');
    expect(fixed.resolved).toMatchObject([{ kind: 'drift', resolvedAt: 't4' }]);
    expect(repo.openAlerts('acc')).toEqual([]);
  });

  it('sees nothing in a run that could not look records up: no change, no drift', () => {
    const watch = createRecordWatch({ accountId: 'acc', repo });
    watch.apply(domain('verified'), result('t1', [['spf', 'ok']]), 1, 'monitor');
    const outage = watch.apply(
      domain('verified'),
      result('t2', [['spf', 'lookup_failed']]),
      2,
      'monitor',
    );
    expect(outage).toEqual({ changes: 0, opened: [], resolved: [] });
    expect(
      watch.apply(domain('verified'), result('t3', [['spf', 'ok']]), 3, 'monitor').changes,
    ).toBe(0);
  });

  it('does not call a pending domain’s failures drift', () => {
    const watch = createRecordWatch({ accountId: 'acc', repo });
    watch.apply(domain('pending'), result('t1', [['spf', 'ok']]), 1, 'monitor');
    expect(
      watch.apply(domain('pending'), result('t2', [['spf', 'missing']]), 2, 'monitor').opened,
    ).toEqual([]);
  });

  it('says "ready to Verify Now" once, from monitoring only, when every required record passes', () => {
    const watch = createRecordWatch({ accountId: 'acc', repo });
    const missing: Row[] = [
      ['verification', 'missing'],
      ['spf', 'ok'],
    ];
    const ready: Row[] = [
      ['verification', 'ok'],
      ['spf', 'not_propagated'],
      ['dmarc', 'missing'],
    ];
    expect(watch.apply(domain('pending'), result('t1', missing), 1, 'monitor').opened).toEqual([]);
    expect(watch.apply(domain('pending'), result('t2', ready), 2, 'manual').opened).toEqual([]);
    const opened = watch.apply(domain('pending'), result('t3', ready), 3, 'monitor').opened;
    expect(opened).toMatchObject([{ kind: 'ready', domainId: 'd1', since: 't3' }]);
    expect(opened[0]?.message).toMatch(/ready to Verify Now/);
    expect(watch.apply(domain('pending'), result('t4', ready), 4, 'monitor').opened).toEqual([]);

    // Verified since: the alert is over.
    const done = watch.apply(domain('verified'), result('t5', ready), 5, 'manual');
    expect(done.resolved).toMatchObject([{ kind: 'ready', resolvedAt: 't5' }]);
  });

  it('withdraws "ready" when a required record fails again', () => {
    const watch = createRecordWatch({ accountId: 'acc', repo });
    watch.apply(domain('pending'), result('t1', [['spf', 'ok']]), 1, 'monitor');
    const gone = watch.apply(domain('pending'), result('t2', [['spf', 'missing']]), 2, 'monitor');
    expect(gone.resolved).toMatchObject([{ kind: 'ready' }]);
  });
});
