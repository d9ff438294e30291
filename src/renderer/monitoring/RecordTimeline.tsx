import { useEffect } from 'react';
import { FieldError } from '../ui/Field';
import { useShallow } from 'zustand/react/shallow';
import type { Domain } from '../../shared/domain';
import { formatDateTime } from '../ui/format';
import { changeShown, changeStatusText, foundText, recordText } from './monitor-text';
import { monitorActions, useMonitor, useTimeline } from './monitor-store';
import { AlertItem } from './AlertItem';

/** Open monitoring alerts of one domain (drift, ready to Verify Now), on its own page. */
export function DomainAlerts({ domain }: { domain: Domain }) {
  const alerts = useMonitor(
    useShallow((s) => s.alerts.filter((a) => a.domainId === domain.id && a.resolvedAt === null)),
  );
  if (alerts.length === 0) return null;
  return (
    <ul className="alert-list domain-alerts" aria-label={`Monitoring alerts for ${domain.name}`}>
      {alerts.map((alert) => (
        <AlertItem key={alert.id} alert={alert} showDomain={false} />
      ))}
    </ul>
  );
}

/** What changed in the domain's records between checks, newest first: readable offline. */
export function RecordTimeline({ domain }: { domain: Domain }) {
  const timeline = useTimeline(domain.id);
  const { status, error } = timeline;
  const changes = timeline.changes.filter(changeShown);

  useEffect(() => {
    void monitorActions.loadTimeline(domain.id);
  }, [domain.id]);

  return (
    <section className="history" aria-labelledby="timeline-title">
      <div className="section-header">
        <h3 id="timeline-title">Record changes</h3>
      </div>
      {status === 'loading' && changes.length === 0 ? (
        <p className="muted small">Loading the changes…</p>
      ) : null}
      {error ? <FieldError>Could not read the changes: {error.message}</FieldError> : null}
      {status === 'ready' && changes.length === 0 ? (
        <p className="muted small">
          No changes yet. Each check compares every record with the one before; what changed shows
          here.
        </p>
      ) : null}
      {changes.length > 0 ? (
        <div className="table-scroll">
          <table className="table timeline-table" aria-label={`Record changes of ${domain.name}`}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Record</th>
                <th scope="col">Status</th>
                <th scope="col">What the DNS served</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.id}>
                  <th scope="row">{formatDateTime(change.at)}</th>
                  <td>{recordText(change)}</td>
                  <td>{changeStatusText(change)}</td>
                  <td className="found-cell">
                    {change.before && foundText(change.before) === foundText(change.after) ? (
                      <>
                        <span className="muted">Same value </span>
                        <code>{foundText(change.after)}</code>
                      </>
                    ) : change.before ? (
                      <>
                        <span className="muted">Was </span>
                        <code>{foundText(change.before)}</code>
                        <br />
                        <span className="muted">Now </span>
                        <code>{foundText(change.after)}</code>
                      </>
                    ) : (
                      <code>{foundText(change.after)}</code>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
