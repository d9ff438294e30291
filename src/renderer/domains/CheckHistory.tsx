import { useEffect, useState } from 'react';
import { FieldError } from '../ui/Field';
import type { Domain } from '../../shared/domain';
import { Badge } from '../ui/StatusBadge';
import { runVerdict, statusAt } from './selectors';
import { formatDateTime } from '../ui/format';
import { checksActions, useCheckHistory, useCheckRun } from './checks-store';
import { DiagnosisList } from './DnsDiagnostics';
import { DnssecLine } from './DnssecLine';

/** Every check of the domain made from this computer, kept locally: readable offline. */
export function CheckHistory({ domain }: { domain: Domain }) {
  const { runs, status, error } = useCheckHistory(domain.id);
  const [openRun, setOpenRun] = useState<number | null>(null);

  useEffect(() => {
    void checksActions.loadHistory(domain.id);
  }, [domain.id]);

  return (
    <section className="history" aria-labelledby="history-title">
      <div className="section-header">
        <h3 id="history-title">Check history</h3>
      </div>
      {status === 'loading' ? <p className="muted small">Loading the check history…</p> : null}
      {error ? <FieldError>Could not read the check history: {error.message}</FieldError> : null}
      {status === 'ready' && runs.length === 0 ? (
        <p className="muted small">No checks yet. Each Verify Now and Check DNS is kept here.</p>
      ) : null}
      {runs.length > 0 ? (
        <table className="table history-table" aria-label={`Check history of ${domain.name}`}>
          <thead>
            <tr>
              <th scope="col">Checked</th>
              <th scope="col">Result</th>
              <th scope="col">Passed</th>
              <th scope="col">Warnings</th>
              <th scope="col">Could not check</th>
              <th scope="col">Failed</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <th scope="row">
                  {formatDateTime(run.checkedAt)}
                  {run.trigger === 'monitor' ? (
                    <span className="muted small"> · monitor</span>
                  ) : null}
                </th>
                <td>
                  <Badge {...runVerdict(run, statusAt(domain, run.checkedAt))} />
                </td>
                <td>{run.passed}</td>
                <td>{run.warned}</td>
                <td>{run.unchecked}</td>
                <td>{run.failed}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    aria-expanded={openRun === run.id}
                    // The name starts with what the button says, open or closed.
                    aria-label={`${openRun === run.id ? 'Hide the details' : 'Details'} of the check at ${formatDateTime(run.checkedAt)}`}
                    onClick={() => {
                      setOpenRun(openRun === run.id ? null : run.id);
                      void checksActions.loadRun(run.id);
                    }}
                  >
                    {openRun === run.id ? 'Hide' : 'Details'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {openRun !== null ? <RunDetails runId={openRun} domain={domain} /> : null}
    </section>
  );
}

function RunDetails({ runId, domain }: { runId: number; domain: Domain }) {
  const run = useCheckRun(runId);
  if (!run || run.status === 'loading') return <p className="muted small">Loading the check…</p>;
  if (run.error || !run.result) {
    return <FieldError>Could not read this check: {run.error?.message ?? 'not found'}</FieldError>;
  }
  return (
    <div className="run-details">
      <p className="small">
        Check of {formatDateTime(run.result.checkedAt)}
        {run.result.provider ? ` · DNS host: ${run.result.provider.name}` : ''}
      </p>
      <DnssecLine check={run.result} />
      <DiagnosisList
        domain={statusAt(domain, run.result.checkedAt)}
        records={run.result.records}
        label={`Check of ${formatDateTime(run.result.checkedAt)}`}
      />
    </div>
  );
}
