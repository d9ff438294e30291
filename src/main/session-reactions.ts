import type { EventName, EventPayload } from '../shared/contract';
import type { Domain } from '../shared/domain';
import type { Account, RevocationDetail, Usage } from '../shared/kyrios';
import type { MonitorAlert } from '../shared/monitor';
import type { MonitorRepo } from './db/monitor-repo';
import type { LimitGuard } from './services/limit-guard';
import { alertNotice, revocationNotice, type Notifications } from './services/notifications';
import type { WatchOutcome } from './services/record-watch';

export interface SessionReactionsDeps {
  accountId: string;
  /** The session's pushes (dropped once the session is closed). */
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  notifications: Pick<Notifications, 'notify'>;
  guard: Pick<LimitGuard, 'observe'>;
  alerts: Pick<MonitorRepo, 'resolveAlerts'>;
  now: () => Date;
  /** Reads the service's event feed now, best effort. */
  readEvents: () => void;
  /** Asks the service for the account again, best effort. */
  refreshAccount: () => void;
  /** Monitoring's count of what each check changed. */
  noteOutcome: (outcome: WatchOutcome) => void;
}

/**
 * What one account's session does when something happens: the business rules between its
 * services, kept out of the wiring in account-session.ts so they can be tested on their own.
 */
export function createSessionReactions(deps: SessionReactionsDeps) {
  const { accountId, emit } = deps;

  /** Every opened or resolved alert is pushed; an opened one is also a notification. */
  function alertsChanged(opened: readonly MonitorAlert[], resolved: readonly MonitorAlert[]): void {
    for (const alert of [...opened, ...resolved]) emit('monitor:alert', alert);
    for (const alert of opened) deps.notifications.notify(alertNotice(accountId, alert));
  }

  return {
    /**
     * A live reading of the account: the limit guard samples today's count from it. At the limit
     * the rule may just have deleted every credential: the event feed is read now rather than at
     * its next turn, so the revocation banner does not lag behind the count.
     */
    accountRead: (account: Account): void => {
      deps.guard.observe({
        day: account.day,
        sent: account.sentToday,
        dailyLimit: account.dailyLimit,
        resetsAt: account.resetsAt,
      });
      if (account.sentToday >= account.dailyLimit) deps.readEvents();
    },

    /** A live reading of usage: today's count, as for the account. */
    usageRead: (usage: Usage): void => {
      deps.guard.observe({
        day: usage.today.day,
        sent: usage.today.sent,
        dailyLimit: usage.dailyLimit,
      });
      if (usage.today.sent >= usage.dailyLimit) deps.readEvents();
    },

    /**
     * A domain as the service now has it: once verified (here or elsewhere), "ready to Verify Now"
     * has served its purpose.
     */
    domainSeen: (domain: Domain): void => {
      if (domain.status !== 'verified') return;
      const at = deps.now().toISOString();
      alertsChanged([], deps.alerts.resolveAlerts(accountId, 'ready', domain.id, at));
    },

    /**
     * The daily-limit rule deleted every credential: the banner hears of it, the user is told at
     * once, and the account (today's count) is asked for again.
     */
    revoked: ({ at, detail }: { at: string; detail: RevocationDetail }): void => {
      emit('revocation:detected', {
        at,
        day: detail.day,
        count: detail.users.length,
        logins: detail.logins,
      });
      deps.notifications.notify(revocationNotice(accountId, detail));
      deps.refreshAccount();
    },

    alertsChanged,

    /** A stored check changed the timeline or the alerts. */
    checked: (outcome: WatchOutcome): void => {
      deps.noteOutcome(outcome);
      alertsChanged(outcome.opened, outcome.resolved);
    },
  };
}
export type SessionReactions = ReturnType<typeof createSessionReactions>;
