import { useEffect, useId, useRef } from 'react';
import { BusyButton } from '../ui/BusyButton';
import { FieldError } from '../ui/Field';
import { formatDateTime, formatUntil } from '../ui/format';
import { runSummaryText } from './monitor-text';
import { monitorActions, useMonitor } from './monitor-store';
import { useSettings } from '../settings/settings-store';
import { showToast } from '../ui/toast-store';
import { useNow } from '../ui/use-now';
import { AlertItem } from './AlertItem';

/** "Monitoring": when every domain and the dedicated IP were last checked, and what broke. */
export function MonitoringView() {
  const status = useMonitor((s) => s.status);
  const alerts = useMonitor((s) => s.alerts);
  const loadState = useMonitor((s) => s.loadState);
  const error = useMonitor((s) => s.error);
  const running = useMonitor((s) => s.running || (s.status?.running ?? false));
  const showResolved = useMonitor((s) => s.showResolved);
  const interval = useSettings((s) => s.settings?.monitorIntervalMinutes ?? null);
  const now = useNow();
  const resolvedId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // A new screen: the reading position moves to its heading.
    heading.current?.focus();
    void monitorActions.load();
  }, []);

  const open = alerts.filter((a) => a.resolvedAt === null);
  const resolved = alerts.filter((a) => a.resolvedAt !== null);
  const minutes = interval ?? status?.intervalMinutes ?? 60;

  async function runNow() {
    const result = await monitorActions.runNow();
    if (!result.ok) showToast('error', `Could not check the domains: ${result.error.message}`);
    else showToast('success', `Checked: ${runSummaryText(result.value)}.`);
  }

  return (
    <main className="view" id="main" aria-labelledby="view-title">
      <div className="view-header">
        <div>
          <h1 id="view-title" ref={heading} tabIndex={-1} data-focus-fallback>
            Monitoring
          </h1>
          <p className="muted small view-subtitle">
            Every domain’s DNS records and the dedicated IP, re-checked from this computer every{' '}
            {minutes} minutes (<a href="#/settings">change in Settings</a>) and at start.
          </p>
        </div>
        {/* Keeps focus while every domain is checked: the result is said beside it. */}
        <BusyButton
          className="button button-primary"
          busy={running}
          busyText="Checking…"
          onClick={() => void runNow()}
        >
          Check all now
        </BusyButton>
      </div>

      <section className="card monitor-status" aria-labelledby="monitor-status-title">
        <h2 id="monitor-status-title">Runs</h2>
        {loadState === 'error' && error ? (
          <FieldError>Could not read the monitoring status: {error.message}</FieldError>
        ) : null}
        <dl className="facts">
          <div>
            <dt>Last run</dt>
            <dd>
              {status?.lastRun ? (
                <>
                  {formatDateTime(status.lastRun.finishedAt)}: {runSummaryText(status.lastRun)}
                </>
              ) : loadState === 'ready' ? (
                'Not yet: the first run comes shortly after start.'
              ) : (
                'Loading…'
              )}
            </dd>
          </div>
          <div>
            <dt>Next run</dt>
            <dd>
              {running
                ? 'Running now…'
                : status?.nextRunAt
                  ? `${formatDateTime(status.nextRunAt)} (${formatUntil(status.nextRunAt, now)})`
                  : 'Not planned'}
            </dd>
          </div>
        </dl>
        {running ? (
          <p className="muted small" role="status">
            <span className="spinner" aria-hidden="true" /> Checking every domain and the dedicated
            IP…
          </p>
        ) : null}
      </section>

      <section className="monitor-alerts" aria-labelledby="alerts-title">
        <div className="section-header">
          <h2 id="alerts-title">Alerts</h2>
          <label className="choice small" htmlFor={resolvedId}>
            <input
              id={resolvedId}
              type="checkbox"
              checked={showResolved}
              onChange={(e) => void monitorActions.setShowResolved(e.target.checked)}
            />
            Show resolved alerts
          </label>
        </div>
        {open.length === 0 ? (
          <p className="state state-small">
            No open alerts. Drift (a verified domain’s record breaking), domains ready to Verify Now
            and problems with the dedicated IP show here.
          </p>
        ) : (
          <ul className="alert-list" aria-label="Open alerts">
            {open.map((alert) => (
              <AlertItem key={alert.id} alert={alert} showDomain />
            ))}
          </ul>
        )}
        {showResolved && resolved.length > 0 ? (
          <>
            <h3 className="subtitle">Resolved</h3>
            <ul className="alert-list" aria-label="Resolved alerts">
              {resolved.map((alert) => (
                <AlertItem key={alert.id} alert={alert} showDomain />
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </main>
  );
}
