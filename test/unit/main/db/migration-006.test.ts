import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration006 } from '../../../../src/main/db/migrations/006-limit-guard';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createNoticesRepo } from '../../../../src/main/db/notices-repo';
import { createRevocationsRepo } from '../../../../src/main/db/revocations-repo';
import { createSmtpUsersRepo } from '../../../../src/main/db/smtp-users-repo';
import { createUsageSamplesRepo } from '../../../../src/main/db/usage-samples-repo';
import type { RevocationDetail } from '../../../../src/shared/kyrios';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-m006-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

describe('migration 006: limit guard and revocations', () => {
  it('is the sixth app migration', () => {
    expect(appMigrations[5]).toBe(migration006);
  });

  it('keeps count readings, oldest first, and prunes old ones', () => {
    const samples = createUsageSamplesRepo(db);
    samples.add('acc', { at: '2026-05-01T10:01:00.000Z', day: '2026-05-01', sent: 20 });
    samples.add('acc', { at: '2026-05-01T10:00:00.000Z', day: '2026-05-01', sent: 10 });
    samples.add('acc', { at: '2026-04-29T10:00:00.000Z', day: '2026-04-29', sent: 5 });
    expect(samples.since('acc', '2026-05-01T00:00:00.000Z').map((s) => s.sent)).toEqual([10, 20]);
    expect(samples.last('acc')?.sent).toBe(20);
    expect(samples.prune('acc', '2026-04-30T00:00:00.000Z')).toBe(1);
    expect(() => samples.add('acc', { at: 'x', day: '2026-05-01', sent: -1 })).toThrow(/CHECK/);
  });

  it('claims a notice once per key, across reopenings', () => {
    const notices = createNoticesRepo(db);
    expect(notices.claim('acc', 'guard:2026-05-01:80', 't')).toBe(true);
    expect(notices.claim('acc', 'guard:2026-05-01:80', 't')).toBe(false);
    notices.claim('acc', 'guard:2026-05-01:95', 't');
    notices.claim('acc', 'guard:2026-05-02:80', 't');
    db.close();
    db = openAppDatabase(temp.dir);
    const again = createNoticesRepo(db);
    expect(again.claim('acc', 'guard:2026-05-01:80', 't')).toBe(false);
    expect(again.keysWithPrefix('acc', 'guard:2026-05-01:')).toEqual([
      'guard:2026-05-01:80',
      'guard:2026-05-01:95',
    ]);
  });

  it('keeps each revocation once and links a revoked user to the one recreating it', () => {
    const revocations = createRevocationsRepo(db);
    const users = createSmtpUsersRepo(db);
    const old = { id: 'u1', login: 'a@x.test', createdAt: 't', passwordChangedAt: 't' };
    users.add('acc', 'd1', 'x.test', old, null, 't');
    const detail: RevocationDetail = {
      day: '2026-05-01',
      dailyLimit: 1500,
      sent: 1500,
      trigger: { userId: 'u1', login: 'a@x.test' },
      logins: ['a@x.test'],
      users: [{ userId: 'u1', login: 'a@x.test', domainId: 'd1', domain: 'x.test' }],
    };
    expect(revocations.add('acc', 7, '2026-05-01T18:00:00.000Z', detail)).toBe(true);
    expect(revocations.add('acc', 7, '2026-05-01T18:00:00.000Z', detail)).toBe(false);
    expect(revocations.list('acc')).toEqual([
      { eventId: 7, at: '2026-05-01T18:00:00.000Z', day: '2026-05-01', detail },
    ]);
    revocations.link('acc', 'u1', 'u2', '2026-05-02T08:00:00.000Z');
    expect(revocations.links('acc').get('u1')).toEqual({
      newId: 'u2',
      at: '2026-05-02T08:00:00.000Z',
    });
    expect(() => revocations.link('acc', 'u1', 'u3', 't')).toThrow(/UNIQUE|PRIMARY/);
    // Since migration 009 a link needs no inventory row (a login known only from the event).
  });
});
