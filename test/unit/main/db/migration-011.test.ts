import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../../../src/sqlite/open-database';
import { migrate } from '../../../../src/sqlite/migrate';
import { APP_DATABASE_FILE, openAppDatabase } from '../../../../src/main/db/app-database';
import { appMigrations } from '../../../../src/main/db/migrations';
import { migration011 } from '../../../../src/main/db/migrations/011-mail-checks';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import {
  createMailChecksRepo,
  MAIL_HISTORY_KEEP,
  type NewMailCheck,
} from '../../../../src/main/db/mail-checks-repo';
import type { MailCheckResult } from '../../../../src/shared/mail-check';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;

beforeEach(() => {
  temp = makeTempDir('kyrios-m011-');
});
afterEach(() => {
  if ((db as SqliteDatabase | undefined)?.open) db.close();
  temp.remove();
});

const verdict = {
  status: 'pass' as const,
  result: 'pass' as const,
  codes: ['ok' as const],
  message: 'm',
  fix: null,
};
const result: MailCheckResult = {
  checkedAt: '2026-11-03T10:00:00.000Z',
  status: 'pass',
  from: 'alice@shop.test',
  fromDomain: 'shop.test',
  envelopeFrom: 'bounce@kbounce.shop.test',
  subject: 'Hello',
  messageId: '<m@shop.test>',
  size: 1200,
  connection: { ip: '192.0.2.10', helo: null, source: 'given', receivedBy: null },
  spf: {
    ...verdict,
    domain: 'kbounce.shop.test',
    ip: '192.0.2.10',
    helo: null,
    record: 'v=spf1 -all',
  },
  dkim: [
    {
      ...verdict,
      domain: 'shop.test',
      selector: 'kyrios1',
      algorithm: 'rsa-sha256',
      headers: ['from', 'from'],
      bodyLength: null,
      aligned: true,
      keyRecord: null,
    },
  ],
  dmarc: {
    ...verdict,
    domain: 'shop.test',
    organizationalDomain: 'shop.test',
    recordDomain: 'shop.test',
    record: 'v=DMARC1; p=none',
    policy: 'none',
    policyTag: 'p',
    disposition: null,
    spfAligned: true,
    dkimAligned: true,
    alignment: { spf: 'r', dkim: 'r' },
  },
  arc: null,
  receiverResults: null,
  fixes: [],
  notes: [],
};

const entry = (over: Partial<NewMailCheck> = {}): NewMailCheck => ({
  domainId: 'd1',
  domain: 'shop.test',
  kind: 'check',
  at: '2026-11-03T10:00:00.000Z',
  status: 'pass',
  subject: 'Hello',
  from: 'alice@shop.test',
  recipient: null,
  result,
  transcript: null,
  note: null,
  ...over,
});

describe('migration 011: test sends and checked messages', () => {
  it('is the eleventh app migration and upgrades a version-10 database', () => {
    expect(appMigrations[10]).toBe(migration011);
    db = openDatabase(join(temp.dir, APP_DATABASE_FILE));
    migrate(db, appMigrations.slice(0, 10));
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'x' });
    expect(migrate(db, appMigrations.slice(0, 11))).toEqual({ from: 10, to: 11, applied: [11] });
    expect(createMailChecksRepo(db).list('acc', undefined, 10)).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('stores per domain, newest first, and reads them again from the file (offline)', () => {
    db = openAppDatabase(temp.dir);
    createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'x' });
    const repo = createMailChecksRepo(db);
    const first = repo.save('acc', entry());
    const send = repo.save(
      'acc',
      entry({
        kind: 'test_send',
        at: '2026-11-03T11:00:00.000Z',
        status: 'fail',
        recipient: 'alice@shop.test',
        result: null,
        transcript: [{ command: 'EHLO x', reply: { code: 250, text: '250 ok' }, ok: true, ms: 1 }],
        note: 'Refused at AUTH: 535',
      }),
    );
    repo.save(
      'acc',
      entry({ domainId: null, domain: 'elsewhere.test', at: '2026-11-03T12:00:00.000Z' }),
    );
    db.close();

    db = openAppDatabase(temp.dir);
    const again = createMailChecksRepo(db);
    expect(again.list('acc', 'd1', 10).map((e) => e.id)).toEqual([send, first]);
    expect(again.list('acc', null, 10).map((e) => e.domain)).toEqual(['elsewhere.test']);
    expect(again.list('acc', undefined, 10)).toHaveLength(3);
    expect(again.get('acc', first)?.result).toEqual(result);
    expect(again.get('acc', send)).toMatchObject({
      kind: 'test_send',
      result: null,
      note: 'Refused at AUTH: 535',
      transcript: [{ command: 'EHLO x', reply: { code: 250, text: '250 ok' }, ok: true, ms: 1 }],
    });
    expect(again.get('other', first)).toBeUndefined();
  });

  it('keeps the newest entries per domain, refuses what breaks the rules, goes with its account', () => {
    db = openAppDatabase(temp.dir);
    const accounts = createAccountsRepo(db);
    accounts.ensure({ id: 'acc', kind: 'remote', label: 'R', baseUrl: 'http://x' });
    const repo = createMailChecksRepo(db);
    for (let i = 0; i < MAIL_HISTORY_KEEP + 5; i++) {
      repo.save('acc', entry({ at: new Date(Date.UTC(2026, 10, 3, 0, 0, i)).toISOString() }));
    }
    const kept = repo.list('acc', 'd1', 1000);
    expect(kept).toHaveLength(MAIL_HISTORY_KEEP);
    expect(kept.at(-1)?.at).toBe(new Date(Date.UTC(2026, 10, 3, 0, 0, 5)).toISOString());

    expect(() => repo.save('acc', entry({ result: null }))).toThrow(/CHECK/);
    expect(() => repo.save('acc', entry({ status: 'bogus' as 'pass' }))).toThrow(/CHECK/);
    expect(() => repo.save('nobody', entry())).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM accounts WHERE id = 'acc'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM mail_checks').get()).toEqual({ n: 0 });
  });
});
