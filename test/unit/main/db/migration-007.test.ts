import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration007 } from '../../../../src/main/db/migrations/007-monitor';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createMonitorRepo, type NewAlert } from '../../../../src/main/db/monitor-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-m007-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

const drift = (subject: string, since = '2026-05-01T10:00:00.000Z'): NewAlert => ({
  kind: 'drift',
  domainId: 'd1',
  domain: 'x.test',
  subject,
  record: { purpose: 'spf', type: 'TXT', name: 'x.test' },
  before: { status: 'pass', found: ['v=spf1 ok'], codes: ['ok'] },
  after: { status: 'fail', found: [], codes: ['missing'] },
  since,
  message: 'broke',
});

describe('migration 007: monitoring', () => {
  it('is the seventh app migration', () => {
    expect(appMigrations[6]).toBe(migration007);
  });

  it('keeps one state per record and the changes newest first', () => {
    const repo = createMonitorRepo(db);
    repo.putState('acc', 'd1', 'spf|TXT|x.test', {
      status: 'pass',
      found: ['a'],
      codes: ['ok'],
      since: 't1',
      runId: 1,
    });
    repo.touchState('acc', 'd1', 'spf|TXT|x.test', 2);
    expect(repo.states('acc', 'd1').get('spf|TXT|x.test')).toEqual({
      status: 'pass',
      found: ['a'],
      codes: ['ok'],
      since: 't1',
      runId: 2,
    });
    const base = {
      domainId: 'd1',
      domain: 'x.test',
      purpose: 'spf' as const,
      type: 'TXT' as const,
      name: 'x.test',
      required: true,
    };
    repo.addChange('acc', {
      ...base,
      runId: 1,
      at: 't1',
      before: null,
      after: { status: 'pass', found: ['a'], codes: ['ok'] },
    });
    repo.addChange('acc', {
      ...base,
      runId: 2,
      at: 't2',
      before: { status: 'pass', found: ['a'], codes: ['ok'] },
      after: { status: 'fail', found: [], codes: ['missing'] },
    });
    const changes = repo.changes('acc', 'd1', 10);
    expect(changes.map((c) => [c.at, c.before?.status ?? null, c.after.status])).toEqual([
      ['t2', 'pass', 'fail'],
      ['t1', null, 'pass'],
    ]);
    expect(repo.changes('acc', 'd1', 1)).toHaveLength(1);
  });

  it('has at most one open alert per subject; a resolved one can open again', () => {
    const repo = createMonitorRepo(db);
    const first = repo.openAlert('acc', drift('spf|TXT|x.test'));
    expect(first).toMatchObject({ kind: 'drift', subject: 'spf|TXT|x.test', resolvedAt: null });
    expect(repo.openAlert('acc', drift('spf|TXT|x.test', 'later'))).toBeNull();
    expect(repo.openAlert('acc', drift('mx|MX|x.test'))).not.toBeNull();
    expect(repo.openAlerts('acc')).toHaveLength(2);

    const resolved = repo.resolveAlerts('acc', 'drift', 'd1', 't9', 'spf|TXT|x.test');
    expect(resolved).toMatchObject([{ id: first?.id, resolvedAt: 't9' }]);
    expect(repo.openAlerts('acc').map((a) => a.subject)).toEqual(['mx|MX|x.test']);
    expect(repo.openAlert('acc', drift('spf|TXT|x.test', 't10'))).not.toBeNull();
    expect(repo.recentAlerts('acc', 10)).toHaveLength(3);

    // The IP's alerts have no domain; `null` finds them.
    repo.openAlert('acc', {
      ...drift('zen.spamhaus.org'),
      kind: 'ip_listed',
      domainId: null,
      domain: null,
      record: null,
    });
    expect(repo.resolveAlerts('acc', 'ip_listed', null, 't11')).toHaveLength(1);
    expect(() =>
      db.exec(
        "INSERT INTO monitor_alerts (account_id, kind, subject, since, message) VALUES ('acc', 'other', '', 't', 'm')",
      ),
    ).toThrow(/CHECK/);
  });
});
