import { useEffect, useId, useState } from 'react';
import { BusyButton } from '../ui/BusyButton';
import { FieldError } from '../ui/Field';
import type { BlocklistStatus, IpCheckResult } from '../../shared/ip-check';
import { CheckStatusBadge } from '../ui/StatusBadge';
import { formatAgo, formatDateTime } from '../ui/format';
import { blocklistSummary } from './ip-text';
import { ipActions, useIp } from './ip-store';
import { useKyriosAccount } from '../shell/kyrios-account-store';
import { useNow } from '../ui/use-now';

const LIST_LABELS: Record<BlocklistStatus, string> = {
  listed: 'Listed',
  not_listed: 'Not listed',
  unknown: 'Unknown',
  skipped: 'Skipped',
};
const LIST_BADGES: Record<BlocklistStatus, string> = {
  listed: 'badge-record-fail',
  not_listed: 'badge-record-pass',
  unknown: 'badge-record-warn',
  skipped: 'badge-record-pending',
};

/** The dedicated IP's reverse DNS and blocklist listings, kept and re-checked on demand. */
export function DedicatedIpPanel() {
  const view = useIp((s) => s.view);
  const status = useIp((s) => s.status);
  const checking = useIp((s) => s.checking);
  const error = useIp((s) => s.error);
  const errorFrom = useIp((s) => s.errorFrom);
  const accountIp = useKyriosAccount((s) => s.account?.dedicatedIp ?? null);
  const [expanded, setExpanded] = useState<boolean | null>(null);
  const detailsId = useId();
  const now = useNow();

  useEffect(() => {
    void ipActions.loadLatest();
  }, []);

  const result = view?.result ?? null;
  // Open by default when something is wrong (listed, or no forward-confirmed reverse DNS). Not
  // for lists that could not be asked ("unknown"): the summary line says so, and opening a long
  // panel when a late answer comes in would push the domains down under the user's pointer.
  // Once opened for a failure it stays open (until the user folds it): a re-check that comes back
  // better must not fold what the user is reading.
  const failed = result?.status === 'fail';
  if (failed && expanded === null) setExpanded(true);
  const open = expanded ?? failed;
  const ip = view?.ip ?? result?.ip ?? accountIp;

  return (
    <section className="card ip-panel" aria-labelledby="ip-title">
      <div className="section-header section-header-first">
        <h2 id="ip-title">Dedicated IP{ip ? ` ${ip}` : ''}</h2>
        {result ? <CheckStatusBadge status={result.status} /> : null}
        <div className="button-row ip-actions">
          {result ? (
            <button
              type="button"
              className="button button-small"
              aria-expanded={open}
              aria-controls={detailsId}
              onClick={() => setExpanded(!open)}
            >
              {open ? 'Hide IP details' : 'Show IP details'}
            </button>
          ) : null}
          {/* Keeps focus while it runs, so the keyboard user is still here for the result. */}
          <BusyButton
            className="button button-small"
            busy={checking}
            busyText="Checking…"
            onClick={() => void ipActions.check()}
          >
            Re-check IP
          </BusyButton>
        </div>
      </div>
      {status === 'loading' ? <p className="muted small">Loading the last IP check…</p> : null}
      {error && errorFrom === 'check' ? (
        <FieldError>Could not check the dedicated IP: {error.message}</FieldError>
      ) : null}
      {error && errorFrom === 'load' ? (
        // Secondary to the screen's own error, if any: said, not announced.
        <p className="muted small">Could not read the last IP check: {error.message}</p>
      ) : null}
      {view && !result ? (
        <p className="muted small">
          {view.reason ?? 'Not checked yet.'}{' '}
          {view.ip ? 'Re-check IP asks its reverse DNS and the blocklists now.' : ''}
        </p>
      ) : null}
      {result ? (
        <>
          <p className="small ip-summary" role="status">
            Reverse DNS: {reverseSummary(result)} · {blocklistSummary(result.blocklists)} · checked{' '}
            <span title={formatDateTime(result.checkedAt)}>
              {formatAgo(result.checkedAt, now).toLowerCase()}
            </span>
          </p>
          <div id={detailsId} hidden={!open}>
            <IpDetails result={result} />
          </div>
        </>
      ) : null}
    </section>
  );
}

function reverseSummary(result: IpCheckResult): string {
  const { reverse } = result;
  if (reverse.status === 'pass') return `${reverse.names.join(', ')}, forward-confirmed`;
  if (reverse.status === 'unknown') return 'unknown';
  return reverse.names.length > 0
    ? `${reverse.names.join(', ')}, not forward-confirmed`
    : 'no PTR record';
}

function IpDetails({ result }: { result: IpCheckResult }) {
  const { reverse } = result;
  return (
    <div className="ip-details">
      <h3 className="subtitle">Reverse DNS (PTR)</h3>
      <dl className="facts">
        <div>
          <dt>Asked</dt>
          <dd>
            <code>{reverse.query}</code> ({reverse.rcode})
          </dd>
        </div>
        <div>
          <dt>PTR</dt>
          <dd>
            {reverse.names.length > 0 ? (
              reverse.names.map((n) => <code key={n}>{n}</code>)
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Forward-confirmed</dt>
          <dd>
            {reverse.forward.length === 0
              ? 'No host name to confirm'
              : reverse.forward.map((f) => (
                  <span key={f.name} className="forward">
                    {f.confirmed ? 'Yes' : 'No'}: <code>{f.name}</code> resolves to{' '}
                    {f.addresses.length > 0 ? f.addresses.join(', ') : `nothing (${f.rcode})`}
                  </span>
                ))}
          </dd>
        </div>
        <div>
          <dt>Result</dt>
          <dd>{reverse.message}</dd>
        </div>
      </dl>
      <h3 className="subtitle">Blocklists</h3>
      <div className="table-scroll">
        <table className="table blocklist-table" aria-label={`Blocklists for ${result.ip}`}>
          <thead>
            <tr>
              <th scope="col">Blocklist</th>
              <th scope="col">Result</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {result.blocklists.map((list) => (
              <tr key={list.zone}>
                <th scope="row">
                  {list.name}
                  <br />
                  <code className="muted">{list.zone}</code>
                </th>
                <td>
                  <span className={`badge ${LIST_BADGES[list.status]}`}>
                    {LIST_LABELS[list.status]}
                  </span>
                </td>
                <td className="why-cell">
                  {list.message}
                  {list.reason ? <span className="muted"> {list.reason}</span> : null}
                  {list.answers.length > 0 ? (
                    <span className="muted small"> (answer {list.answers.join(', ')})</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
