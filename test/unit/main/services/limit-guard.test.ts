import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../../src/sqlite/open-database';
import { openAppDatabase } from '../../../../src/main/db/app-database';
import { createAccountsRepo } from '../../../../src/main/db/accounts-repo';
import { createNoticesRepo } from '../../../../src/main/db/notices-repo';
import { createSnapshotsRepo } from '../../../../src/main/db/snapshots-repo';
import { createUsageSamplesRepo } from '../../../../src/main/db/usage-samples-repo';
import { createLimitGuard } from '../../../../src/main/services/limit-guard';
import { createNotifications } from '../../../../src/main/services/notifications';
import { DAILY_LIMIT_RULE } from '../../../../src/shared/labels';
import type { AppNotification, EventName } from '../../../../src/shared/contract';
import { createFakeTimers, type FakeTimers } from '../../helpers/fake-timers';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let temp: TempDir;
let db: SqliteDatabase;
let clock: FakeTimers;

beforeEach(() => {
  temp = makeTempDir('kyrios-guard-');
  db = openAppDatabase(temp.dir);
  createAccountsRepo(db).ensure({ id: 'acc', kind: 'sandbox', label: 'S', baseUrl: 'http://x' });
  clock = createFakeTimers('2026-05-01T09:00:00.000Z');
});
afterEach(() => {
  if (db.open) db.close();
  temp.remove();
});

function guard(options: { notifications?: boolean; revokedOn?: (day: string) => boolean } = {}) {
  const pushed: { name: EventName; payload: unknown }[] = [];
  const shown: Omit<AppNotification, 'id'>[] = [];
  let enabled = options.notifications ?? true;
  const g = createLimitGuard({
    accountId: 'acc',
    samples: createUsageSamplesRepo(db),
    notices: createNoticesRepo(db),
    snapshots: createSnapshotsRepo(db),
    notifications: createNotifications({
      enabled: () => enabled,
      notifier: { show: (n) => shown.push(n) },
    }),
    emit: (name: EventName, payload: unknown) => pushed.push({ name, payload }),
    online: () => true,
    now: () => clock.now,
    ...(options.revokedOn ? { revokedOn: options.revokedOn } : {}),
  });
  return {
    g,
    pushed,
    shown,
    warnings: () => pushed.filter((p) => p.name === 'guard:warning').map((p) => p.payload),
    setNotifications: (on: boolean) => (enabled = on),
  };
}

const DAY = '2026-05-01';
const RULE =
  'If the limit is exceeded, all SMTP credentials of all dedicated domains are deleted automatically.';

describe('the limit guard service', () => {
  it('stores readings, computes the hourly rate and projection, and pushes each view', async () => {
    const t = guard();
    t.g.observe({ day: DAY, sent: 300, dailyLimit: 1500 });
    await clock.advance(30 * 60_000);
    const view = t.g.observe({ day: DAY, sent: 600, dailyLimit: 1500 });
    expect(view).toMatchObject({
      day: DAY,
      sentToday: 600,
      remaining: 900,
      level: 'ok',
      ratePerHour: 600,
      projectedLimitAt: '2026-05-01T11:00:00.000Z',
      projectedBeforeReset: true,
      resetsAt: '2026-05-02T00:00:00.000Z',
      source: 'live',
    });
    expect(t.pushed.filter((p) => p.name === 'guard:changed')).toHaveLength(2);
    expect(t.g.view()).toEqual(view);
  });

  it('warns at 80 % and at 95 %, each once per UTC day, with a notification', async () => {
    const t = guard();
    t.g.observe({ day: DAY, sent: 1199, dailyLimit: 1500 });
    expect(t.warnings()).toEqual([]);
    t.g.observe({ day: DAY, sent: 1200, dailyLimit: 1500 });
    t.g.observe({ day: DAY, sent: 1300, dailyLimit: 1500 });
    await clock.advance(60_000);
    t.g.observe({ day: DAY, sent: 1425, dailyLimit: 1500 });
    t.g.observe({ day: DAY, sent: 1500, dailyLimit: 1500 });
    expect(t.warnings()).toMatchObject([
      { threshold: 80, day: DAY, sentToday: 1200, dailyLimit: 1500 },
      { threshold: 95, day: DAY, sentToday: 1425, dailyLimit: 1500 },
    ]);
    expect(t.shown.map((n) => [n.kind, n.level, n.title])).toEqual([
      ['limit_warning', 'warning', "80% of today's sending limit used"],
      ['limit_warning', 'critical', "95% of today's sending limit used"],
    ]);
    expect(t.shown[1]?.body).toMatch(/1,425 of 1,500 emails sent today/);
    // The rule in the words of docs/product-rules.md (and of the usage panel), not a paraphrase.
    for (const shown of t.shown) {
      expect(shown.body.endsWith(` ${RULE}`)).toBe(true);
    }
    expect(RULE).toBe(DAILY_LIMIT_RULE);
    expect(t.g.view()).toMatchObject({ level: 'reached', warned: [80, 95] });

    // The next UTC day starts afresh.
    await clock.advance(15 * 3_600_000);
    t.g.observe({ day: '2026-05-02', sent: 1250, dailyLimit: 1500 });
    expect(t.warnings()).toHaveLength(3);
    expect(t.g.view()).toMatchObject({ day: '2026-05-02', warned: [80] });
  });

  it('remembers the warnings given across a restart', () => {
    guard().g.observe({ day: DAY, sent: 1210, dailyLimit: 1500 });
    db.close();
    db = openAppDatabase(temp.dir);
    const again = guard();
    again.g.observe({ day: DAY, sent: 1220, dailyLimit: 1500 });
    expect(again.warnings()).toEqual([]);
    expect(again.shown).toEqual([]);
  });

  it('gives one warning for a jump past both thresholds', () => {
    const t = guard();
    t.g.observe({ day: DAY, sent: 100, dailyLimit: 1500 });
    t.g.observe({ day: DAY, sent: 1450, dailyLimit: 1500 });
    expect(t.warnings()).toMatchObject([{ threshold: 95 }]);
    t.g.observe({ day: DAY, sent: 1460, dailyLimit: 1500 });
    expect(t.warnings()).toHaveLength(1);
  });

  it('says the limit is reached when the count jumps to 1,500, but nothing after a revocation', () => {
    const t = guard();
    t.g.observe({ day: DAY, sent: 1500, dailyLimit: 1500 });
    expect(t.shown.map((n) => n.title)).toEqual(["Today's sending limit is reached"]);
    expect(t.shown[0]?.body).toBe(
      `1,500 of 1,500 emails sent today (UTC): one more exceeds the limit. ${RULE} Stop sending until the count resets at 00:00 UTC.`,
    );

    const revoked = guard({ revokedOn: (day) => day === '2026-05-02' });
    revoked.g.observe({ day: '2026-05-02', sent: 1500, dailyLimit: 1500 });
    expect(revoked.warnings()).toEqual([]);
    expect(revoked.shown).toEqual([]);
    expect(revoked.g.view().warned).toEqual([80, 95]);
  });

  it('with notifications off, still pushes the warning for the usage panel but shows nothing', () => {
    const t = guard({ notifications: false });
    t.g.observe({ day: DAY, sent: 1300, dailyLimit: 1500 });
    expect(t.warnings()).toHaveLength(1);
    expect(t.shown).toEqual([]);
  });

  it('has an empty view before the first reading, and forgets yesterday', async () => {
    const t = guard();
    expect(t.g.view()).toMatchObject({ day: null, sentToday: null, level: 'ok' });
    t.g.observe({ day: DAY, sent: 700, dailyLimit: 1500 });
    await clock.advance(20 * 3_600_000);
    expect(t.g.view()).toMatchObject({ day: null, sentToday: null });
  });
});
