import { navActions } from './nav-store';
import { dismissAlert, useAlerts } from './alerts-store';

/**
 * Browser mode's notifications shown inside the window (when the page may not show its own). In
 * the page's flow, under the banners, so they never cover what the user is working on.
 */
export function NotificationAlerts() {
  const alerts = useAlerts();
  return (
    <section
      className={alerts.length > 0 ? 'app-alerts' : 'app-alerts app-alerts-empty'}
      aria-label="Notifications"
      aria-live="polite"
    >
      {alerts.map((n) => (
        <div
          key={n.id}
          className={`app-alert app-alert-${n.level}`}
          role={n.level === 'info' ? undefined : 'alert'}
        >
          <p>
            <strong>{n.title}.</strong> {n.body}
          </p>
          <div className="button-row">
            {n.domainId ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  if (n.domainId) navActions.openDomain(n.domainId);
                  dismissAlert(n.id);
                }}
              >
                Show the domain
              </button>
            ) : n.kind === 'ip' ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  navActions.openDomain(null);
                  dismissAlert(n.id);
                }}
              >
                Show the dedicated IP
              </button>
            ) : null}
            <button
              type="button"
              className="button button-small"
              onClick={() => dismissAlert(n.id)}
            >
              Dismiss notification
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
