import type { AppNotification } from '../../shared/contract';
import { showAlert } from './alerts-store';
import { navActions } from './nav-store';

/** Whether this page may show its own notifications, and whether it can still ask. */
export type PagePermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function pagePermission(): PagePermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for page notifications (from a click: browsers ignore it otherwise). */
export async function askPagePermission(): Promise<PagePermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/**
 * Browser mode's notifications (main pushes them; the desktop app shows them through the OS): a
 * page notification when the user allowed them, else an alert inside the window. Whether to
 * notify at all (the setting, once per threshold per day) is main's decision.
 */
export function deliverNotification(notification: AppNotification): void {
  if (pagePermission() === 'granted') {
    try {
      const shown = new Notification(notification.title, {
        body: notification.body,
        tag: notification.id,
      });
      shown.onclick = () => {
        openNotified(notification);
        shown.close();
      };
      return;
    } catch {
      // Some browsers only allow notifications from a service worker: fall back to the alert.
    }
  }
  // The shell's own banners already say these two, on every screen.
  if (notification.kind === 'limit_warning' || notification.kind === 'revocation') return;
  showAlert(notification);
}

/**
 * A click on a page notification: the window comes forward on what it is about, the domain that
 * raised it (the desktop app's main process does the same with an `open-domain` command).
 */
export function openNotified(notification: AppNotification): void {
  window.focus();
  if (notification.domainId) navActions.openDomain(notification.domainId);
  else if (notification.kind === 'ip') navActions.openDomain(null);
}
