import { useId } from 'react';
import type { MonitorAlert } from '../../shared/monitor';
import { ServiceButton } from '../ui/ServiceButton';
import { verifyDomain } from '../domains/domain-actions';
import { formatAgo, formatDateTime } from '../ui/format';
import { ALERT_KIND_LABELS, alertTitle, foundText, recordText } from './monitor-text';
import { useDomain, useIsVerifying } from '../domains/domains-store';
import { useServiceBlock } from '../shell/connection';
import { navActions } from '../shell/nav-store';
import { useNow } from '../ui/use-now';

/**
 * One monitoring alert: what, since when, what changed, and the one thing to do about it. Used by
 * the Monitoring screen (`showDomain`) and by a domain's own page.
 */
export function AlertItem({ alert, showDomain }: { alert: MonitorAlert; showDomain: boolean }) {
  const titleId = useId();
  const now = useNow();
  const resolved = alert.resolvedAt !== null;
  return (
    <li
      className={`alert-item alert-${alert.kind}${resolved ? ' alert-resolved' : ''}`}
      aria-labelledby={titleId}
    >
      <div className="alert-head">
        <span
          className={`badge ${resolved ? 'badge-pending' : alert.kind === 'ready' ? 'badge-verified' : 'badge-failed'}`}
        >
          {resolved ? 'Resolved' : ALERT_KIND_LABELS[alert.kind]}
        </span>
        <h3 id={titleId} className="alert-title">
          {alertTitle(alert)}
        </h3>
      </div>
      <p className="small muted">
        Since {formatDateTime(alert.since)} ({formatAgo(alert.since, now).toLowerCase()})
        {alert.resolvedAt ? ` · resolved ${formatDateTime(alert.resolvedAt)}` : ''}
      </p>
      <p className="alert-message">{alert.message}</p>
      {alert.kind === 'drift' && alert.record ? (
        <dl className="drift-values">
          <div>
            <dt>Record</dt>
            <dd>{recordText(alert.record)}</dd>
          </div>
          <div>
            <dt>Was</dt>
            <dd>
              <code>{foundText(alert.before)}</code>
            </dd>
          </div>
          <div>
            <dt>Now</dt>
            <dd>
              <code>{foundText(alert.after)}</code>
            </dd>
          </div>
        </dl>
      ) : null}
      {resolved ? null : <AlertActions alert={alert} showDomain={showDomain} titleId={titleId} />}
    </li>
  );
}

function AlertActions({
  alert,
  showDomain,
  titleId,
}: {
  alert: MonitorAlert;
  showDomain: boolean;
  titleId: string;
}) {
  const domain = useDomain(alert.domainId);
  const verifying = useIsVerifying(alert.domainId ?? '');
  const offline = useServiceBlock();
  const isIp = alert.kind === 'ip_listed' || alert.kind === 'ip_reverse';
  if (!showDomain && alert.kind !== 'ready') return null;
  return (
    <div className="button-row">
      {alert.kind === 'ready' && domain ? (
        <ServiceButton
          className="button button-small button-primary"
          blockedBy={offline}
          disabled={verifying}
          aria-busy={verifying}
          aria-describedby={titleId}
          onClick={() => void verifyDomain(domain)}
        >
          {verifying ? 'Verifying…' : 'Verify Now'}
        </ServiceButton>
      ) : null}
      {showDomain && alert.domainId ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => alert.domainId && navActions.openDomain(alert.domainId)}
        >
          Open {alert.domain ?? 'the domain'}
        </button>
      ) : null}
      {showDomain && isIp ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => navActions.openDomain(null)}
        >
          Show the dedicated IP
        </button>
      ) : null}
    </div>
  );
}
