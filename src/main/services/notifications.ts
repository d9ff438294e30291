import type { AppNotification } from '../../shared/contract';
import type { RevocationDetail } from '../../shared/kyrios';
import type { MonitorAlert } from '../../shared/monitor';
import type { EventBus } from './event-bus';

/**
 * Where notifications go: the OS (Electron's Notification, in src/main/electron) or, in browser
 * mode, a push the page turns into a page notification or an in-app alert.
 */
export interface Notifier {
  show(notification: AppNotification): void;
}

/** Browser mode (and tests): a `notification:show` push. */
export function createEventNotifier(events: Pick<EventBus, 'emit'>): Notifier {
  return { show: (notification) => events.emit('notification:show', notification) };
}

/**
 * The user's on/off setting in front of the notifier. Callers decide what is worth notifying and
 * how often (once per threshold per day, once per alert); this only says whether it is shown.
 */
export function createNotifications(deps: { notifier: Notifier; enabled: () => boolean }) {
  let sequence = 0;
  return {
    notify(notification: Omit<AppNotification, 'id'>): boolean {
      if (!deps.enabled()) return false;
      sequence += 1;
      try {
        deps.notifier.show({ ...notification, id: `${Date.now().toString(36)}-${sequence}` });
      } catch {
        // A notification the OS could not show is not worth failing the caller for.
        return false;
      }
      return true;
    },
  };
}
export type Notifications = ReturnType<typeof createNotifications>;

type Notice = Omit<AppNotification, 'id'>;

/** The daily-limit rule deleted every credential: the one notification that cannot wait. */
export function revocationNotice(accountId: string, detail: RevocationDetail): Notice {
  return {
    kind: 'revocation',
    level: 'critical',
    title: 'All SMTP credentials were deleted: the daily limit was exceeded',
    body: `${detail.users.length} login(s) stopped working on ${detail.day} (UTC). Kyrios Desk kept the list, with their notes; recreate them once the day is over.`,
    accountId,
    domainId: null,
  };
}

/** A monitoring alert that just opened. */
export function alertNotice(accountId: string, alert: MonitorAlert): Notice {
  const base = { accountId, domainId: alert.domainId, body: alert.message };
  if (alert.kind === 'drift') {
    return {
      ...base,
      kind: 'drift',
      level: 'warning',
      title: `DNS record broke on ${alert.domain ?? ''}`,
    };
  }
  if (alert.kind === 'ready') {
    return {
      ...base,
      kind: 'ready',
      level: 'info',
      title: `${alert.domain ?? ''} is ready to Verify Now`,
    };
  }
  return { ...base, kind: 'ip', level: 'warning', title: 'Dedicated IP needs attention' };
}
