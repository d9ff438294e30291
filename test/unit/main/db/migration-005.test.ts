import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration005 } from '../../../../src/main/db/migrations/005-audit-log';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { auditTrailFor, createAuditRepo } from '../../../../src/main/db/audit-repo';
import { createSmtpUsersRepo } from '../../../../src/main/db/smtp-users-repo';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;
let clock = 0;
const now = () => new Date(Date.parse('2026-05-01T10:00:00.000Z') + clock++ * 1000);

beforeEach(() => {
  temp = makeTempDir('kyrios-m005-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
  clock = 0;
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

const user = { id: 'u1', login: 'a@x.test', createdAt: 't', passwordChangedAt: 't' };

describe('migration 005: audit log', () => {
  it('is the fifth app migration', () => {
    expect(appMigrations[4]).toBe(migration005);
  });

  it('writes the inventory row and its audit row together', () => {
    const audit = createAuditRepo(db, now);
    const trail = auditTrailFor(audit, { id: 'acc', label: 'Sandbox' });
    const users = createSmtpUsersRepo(db);
    trail.write({ action: 'smtp_user_created', target: 'a@x.test', detail: { note: 'CRM' } }, () =>
      users.add('acc', 'd1', 'x.test', user, 'CRM', 't'),
    );
    expect(users.all('acc')).toHaveLength(1);
    expect(audit.list({ limit: 10 })).toEqual([
      {
        id: 1,
        at: '2026-05-01T10:00:00.000Z',
        accountId: 'acc',
        accountLabel: 'Sandbox',
        action: 'smtp_user_created',
        target: 'a@x.test',
        detail: { note: 'CRM' },
      },
    ]);
  });

  it('stores neither when the change fails, nor the change when the audit row fails', () => {
    const audit = createAuditRepo(db, now);
    const trail = auditTrailFor(audit, { id: 'acc', label: 'Sandbox' });
    const users = createSmtpUsersRepo(db);
    expect(() =>
      trail.write({ action: 'smtp_note_changed', target: 'x' }, () => {
        users.add('acc', 'd1', 'x.test', user, null, 't');
        throw new Error('the change failed half-way');
      }),
    ).toThrow(/half-way/);
    expect(users.all('acc')).toEqual([]);
    expect(audit.list({ limit: 10 })).toEqual([]);

    db.exec(
      "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    );
    expect(() =>
      trail.write({ action: 'smtp_user_created', target: 'a@x.test' }, () =>
        users.add('acc', 'd1', 'x.test', user, null, 't'),
      ),
    ).toThrow(/audit refused/);
    expect(users.all('acc')).toEqual([]);
  });

  it('pages newest first, filters by account, and outlives the account', () => {
    const audit = createAuditRepo(db, now);
    for (let i = 0; i < 5; i++) {
      audit.record(
        { id: i % 2 ? 'acc' : 'other', label: 'L' },
        {
          action: 'settings_changed',
          target: `t${i}`,
        },
      );
    }
    expect(audit.list({ limit: 2 }).map((e) => e.target)).toEqual(['t4', 't3']);
    expect(audit.list({ limit: 2, beforeId: 4 }).map((e) => e.target)).toEqual(['t2', 't1']);
    expect(audit.list({ limit: 10, accountId: 'acc' }).map((e) => e.target)).toEqual(['t3', 't1']);
    expect(audit.all().map((e) => e.target)).toEqual(['t0', 't1', 't2', 't3', 't4']);
    createAccountsRepo(db).remove('acc');
    expect(audit.all('acc')).toHaveLength(2);
  });
});
