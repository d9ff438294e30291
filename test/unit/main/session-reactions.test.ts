import { afterEach, describe, expect, it } from 'vitest';
import type { AppNotification, EventName } from '../../../src/shared/contract';
import type { Domain } from '../../../src/shared/domain';
import type { Account, RevocationDetail, Usage } from '../../../src/shared/kyrios';
import type { MonitorAlert } from '../../../src/shared/monitor';
import { createMonitorRepo } from '../../../src/main/db/monitor-repo';
import type { Reading } from '../../../src/main/services/limit-guard';
import { createNotifications } from '../../../src/main/services/notifications';
import type { WatchOutcome } from '../../../src/main/services/record-watch';
import { createSessionReactions } from '../../../src/main/session-reactions';
import { appDatabaseWithAccount } from '../helpers/app-db';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const NOW = new Date('2026-11-26T12:00:00.000Z');

/** The reactions of account `a` over a real app database, with what they did recorded. */
function setup({ notificationsOn = true } = {}) {
  const db = appDatabaseWithAccount(cleanup);
  const monitor = createMonitorRepo(db);
  const pushed: { name: EventName; payload: unknown }[] = [];
  const shown: AppNotification[] = [];
  const readings: Reading[] = [];
  const did: string[] = [];
  const outcomes: WatchOutcome[] = [];
  const reactions = createSessionReactions({
    accountId: 'a',
    emit: (name, payload) => pushed.push({ name, payload }),
    notifications: createNotifications({
      notifier: { show: (n) => shown.push(n) },
      enabled: () => notificationsOn,
    }),
    guard: {
      observe: (reading) => {
        readings.push(reading);
        // The guard's own view is tested with the guard; the reactions do not read it.
        return null as never;
      },
    },
    alerts: monitor,
    now: () => NOW,
    readEvents: () => did.push('read events'),
    refreshAccount: () => did.push('refresh account'),
    noteOutcome: (outcome) => outcomes.push(outcome),
  });
  return { reactions, monitor, pushed, shown, readings, did, outcomes };
}

const account = (sentToday: number): Account => ({
  id: 'acc',
  name: 'Shop',
  dailyLimit: 1500,
  sentToday,
  day: '2026-11-26',
  resetsAt: '2026-11-27T00:00:00.000Z',
  dedicatedIp: null,
  smtp: { host: '127.0.0.1', port: 2525 },
});

const usage = (sent: number): Usage => ({
  dailyLimit: 1500,
  today: { day: '2026-11-26', sent, remaining: Math.max(0, 1500 - sent) },
  days: [],
  byUser: [],
  byDomain: [],
});

const domain = (status: Domain['status']): Domain => ({
  id: 'd1',
  name: 'shop.test',
  status,
  createdAt: NOW.toISOString(),
  verifiedAt: null,
  lastCheckedAt: null,
  records: [],
});

function openReady(monitor: ReturnType<typeof createMonitorRepo>): MonitorAlert {
  const alert = monitor.openAlert('a', {
    kind: 'ready',
    domainId: 'd1',
    domain: 'shop.test',
    subject: '',
    record: null,
    before: null,
    after: null,
    since: '2026-11-26T11:00:00.000Z',
    message: 'Every record passes: Verify Now.',
  });
  if (!alert) throw new Error('not opened');
  return alert;
}

describe('the session reactions', () => {
  it('gives the limit guard every reading, and reads the event feed only at the limit', () => {
    const { reactions, readings, did } = setup();
    reactions.accountRead(account(1200));
    reactions.usageRead(usage(1499));
    expect(did).toEqual([]);
    reactions.accountRead(account(1500));
    reactions.usageRead(usage(1501));
    expect(did).toEqual(['read events', 'read events']);
    expect(readings).toEqual([
      { day: '2026-11-26', sent: 1200, dailyLimit: 1500, resetsAt: '2026-11-27T00:00:00.000Z' },
      { day: '2026-11-26', sent: 1499, dailyLimit: 1500 },
      { day: '2026-11-26', sent: 1500, dailyLimit: 1500, resetsAt: '2026-11-27T00:00:00.000Z' },
      { day: '2026-11-26', sent: 1501, dailyLimit: 1500 },
    ]);
  });

  it('resolves "ready to Verify Now" once the domain is verified, and pushes it', () => {
    const { reactions, monitor, pushed } = setup();
    const ready = openReady(monitor);
    reactions.domainSeen(domain('pending'));
    expect(monitor.openAlerts('a')).toHaveLength(1);
    expect(pushed).toEqual([]);

    reactions.domainSeen(domain('verified'));
    expect(monitor.openAlerts('a')).toEqual([]);
    expect(pushed).toEqual([
      {
        name: 'monitor:alert',
        payload: { ...ready, resolvedAt: NOW.toISOString() },
      },
    ]);
  });

  it('says a revocation at once: a push, a critical notification and the account asked again', () => {
    const { reactions, pushed, shown, did } = setup();
    const detail: RevocationDetail = {
      day: '2026-11-26',
      dailyLimit: 1500,
      sent: 1501,
      trigger: { userId: 'u1', login: 'sales@shop.test' },
      logins: ['sales@shop.test', 'old@shop.test'],
      users: [{ userId: 'u1', login: 'sales@shop.test', domainId: 'd1', domain: 'shop.test' }],
    };
    reactions.revoked({ at: NOW.toISOString(), detail });
    expect(pushed).toEqual([
      {
        name: 'revocation:detected',
        payload: {
          at: NOW.toISOString(),
          day: '2026-11-26',
          count: 1,
          logins: ['sales@shop.test', 'old@shop.test'],
        },
      },
    ]);
    expect(shown).toMatchObject([{ kind: 'revocation', level: 'critical', accountId: 'a' }]);
    expect(did).toEqual(['refresh account']);
  });

  it('pushes every opened and resolved alert, and notifies only the opened ones (when on)', () => {
    const on = setup();
    const opened = openReady(on.monitor);
    const resolved = { ...opened, id: opened.id + 1, resolvedAt: NOW.toISOString() };
    const outcome: WatchOutcome = { changes: 2, opened: [opened], resolved: [resolved] };
    on.reactions.checked(outcome);
    expect(on.outcomes).toEqual([outcome]);
    expect(on.pushed.map((p) => p.payload)).toEqual([opened, resolved]);
    expect(on.shown).toMatchObject([{ kind: 'ready', title: 'shop.test is ready to Verify Now' }]);

    const off = setup({ notificationsOn: false });
    off.reactions.alertsChanged([opened], []);
    expect(off.pushed).toHaveLength(1);
    expect(off.shown).toEqual([]);
  });
});
