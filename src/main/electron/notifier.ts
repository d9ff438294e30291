import { Notification } from 'electron';
import type { AppNotification } from '../../shared/contract';
import type { Notifier } from '../services/notifications';

/**
 * Desktop notifications through the OS. Where the OS has none (a Linux session without a
 * notification daemon), `fallback` gets them: the renderer shows an in-app alert instead.
 */
export function createElectronNotifier(options: {
  fallback?: (notification: AppNotification) => void;
  onClick?: (notification: AppNotification) => void;
  /** The app's icon, for Linux and Windows (macOS shows the bundle's). */
  icon?: string;
}): Notifier {
  return {
    show(notification) {
      if (!Notification.isSupported()) {
        options.fallback?.(notification);
        return;
      }
      const shown = new Notification({
        title: notification.title,
        body: notification.body,
        urgency: notification.level === 'critical' ? 'critical' : 'normal',
        ...(options.icon ? { icon: options.icon } : {}),
      });
      shown.on('click', () => options.onClick?.(notification));
      shown.show();
    },
  };
}
