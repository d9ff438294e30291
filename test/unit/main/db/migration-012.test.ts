import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/sqlite/open-database';
import { migrate } from '../../../../src/sqlite/migrate';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration012 } from '../../../../src/main/db/migrations/012-dns-check-dnssec-dmarc';
import { createCheckHistoryRepo } from '../../../../src/main/db/check-history-repo';
import type { DomainCheckResult } from '../../../../src/shared/dns-check';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;

beforeEach(() => {
  temp = makeTempDir('kyrios-m012-');
});
afterEach(() => temp.remove());

const dmarcRecord = {
  purpose: 'dmarc' as const,
  type: 'TXT' as const,
  name: '_dmarc.news.example.com',
  required: false,
  expected: 'v=DMARC1; p=none',
  status: 'pass' as const,
  codes: ['dmarc_inherited' as const],
  message: 'The policy of _dmarc.example.com applies.',
  fix: null,
  found: [],
  agreeBy: null,
  servers: [],
};

function result(): DomainCheckResult {
  return {
    domain: 'news.example.com',
    checkedAt: '2026-12-01T10:00:00.000Z',
    status: 'fail',
    provider: null,
    records: [
      {
        ...dmarcRecord,
        dmarc: {
          recordName: '_dmarc.example.com',
          record: 'v=DMARC1; p=reject; sp=quarantine',
          policy: 'quarantine',
          policyTag: 'sp',
          inherited: true,
          organizationalDomain: 'example.com',
        },
      },
    ],
    dnssec: {
      state: 'bogus',
      zone: 'example.com',
      message: 'Validating resolvers answer SERVFAIL.',
      fix: 'Replace the DS record at the registrar.',
    },
  };
}

describe('migration 012: DNSSEC and the DMARC record that applies', () => {
  it('is the twelfth app migration and applies on top of 011', () => {
    expect(appMigrations[11]).toBe(migration012);
    const db = openDatabase(`${temp.dir}/fresh.db`);
    migrate(db, appMigrations.slice(0, 11));
    db.exec(
      "INSERT INTO check_runs (account_id, domain_id, domain, checked_at, status, trigger) VALUES ('a','d','x.test','2026-11-01T00:00:00.000Z','pass','manual')",
    );
    expect(migrate(db, appMigrations).applied).toEqual([12]);
    expect(db.prepare('SELECT dnssec_json FROM check_runs').get()).toEqual({ dnssec_json: null });
    db.close();
  });

  it('stores both and reads them back; older runs read back without them', () => {
    const db = openAppDatabase(temp.dir);
    const repo = createCheckHistoryRepo(db);
    const stored = result();
    const runId = repo.save('acc', 'dom1', stored, 'manual');
    expect(repo.get('acc', runId)).toEqual(stored);

    const { dnssec: _dnssec, ...withoutDnssec } = stored;
    const older: DomainCheckResult = { ...withoutDnssec, records: [dmarcRecord] };
    const olderId = repo.save('acc', 'dom1', older, 'manual');
    const readBack = repo.get('acc', olderId);
    expect(readBack).toEqual(older);
    expect(readBack).not.toHaveProperty('dnssec');
    expect(readBack?.records[0]).not.toHaveProperty('dmarc');
    db.close();
  });

  it('reads an unreadable stored value as absent instead of failing the history', () => {
    const db = openAppDatabase(temp.dir);
    const repo = createCheckHistoryRepo(db);
    const runId = repo.save('acc', 'dom1', result(), 'manual');
    db.prepare('UPDATE check_runs SET dnssec_json = ?').run('{"state":"strange"}');
    db.prepare('UPDATE check_records SET dmarc_json = ?').run('{"policy":1}');
    const readBack = repo.get('acc', runId);
    expect(readBack?.dnssec).toBeUndefined();
    expect(readBack?.records[0]?.dmarc).toBeUndefined();
    expect(readBack?.records[0]?.codes).toEqual(['dmarc_inherited']);
    db.close();
  });
});
