import type { Domain } from '../../shared/domain';
import type { RecordCheckResult } from '../../shared/dns-check';
import { CHECK_STATUS_LABELS, RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { checksActions, useDomainChecks, useIsVerifying } from '../stores';
import { formatDateTime } from '../format';

const ICON = { pass: '✓', warn: '!', unknown: '?', fail: '✗' } as const;

/** The DNS engine's verdict per record: what was found, why it fails, and the exact fix. */
export function DnsDiagnostics({ domain }: { domain: Domain }) {
  const { latest, status, error } = useDomainChecks(domain.id);
  const verifying = useIsVerifying(domain.id);
  const checking = status === 'checking';

  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <div className="section-header">
        <h3 id="diagnostics-title">DNS diagnostics</h3>
        <button
          type="button"
          className="button"
          onClick={() => void checksActions.check(domain.id)}
          disabled={checking}
          aria-busy={checking && !verifying}
          title="Checks the records from this computer only, without asking Kyrios: works offline."
        >
          {checking && !verifying ? 'Checking DNS…' : 'Check DNS'}
        </button>
      </div>
      <p className="muted small" role="status">
        {checking
          ? `Asking ${domain.name}'s DNS servers…`
          : latest
            ? `Checked from this computer ${formatDateTime(latest.checkedAt)}${latest.provider ? ` · DNS host: ${latest.provider.name}` : ''}.`
            : status === 'loading'
              ? 'Loading the last check…'
              : 'Not checked from this computer yet: Verify Now checks the records and explains what is wrong.'}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {latest ? (
        <DiagnosisList records={latest.records} label={`DNS diagnostics for ${domain.name}`} />
      ) : null}
    </section>
  );
}

export function DiagnosisList({
  records,
  label,
}: {
  records: readonly RecordCheckResult[];
  label: string;
}) {
  return (
    <ul className="diagnosis-list" aria-label={label}>
      {records.map((r) => (
        <li key={`${r.purpose}-${r.name}`} className={`diagnosis diagnosis-${r.status}`}>
          <span className="diagnosis-icon" aria-hidden="true">
            {ICON[r.status]}
          </span>
          <div className="diagnosis-body">
            <div>
              <strong>{RECORD_PURPOSE_LABELS[r.purpose]}</strong>{' '}
              <span className="muted small">
                {r.type} {r.name}
              </span>{' '}
              <span className="visually-hidden">{CHECK_STATUS_LABELS[r.status]}:</span>
              <span className="muted small codes">({r.codes.join(', ')})</span>
            </div>
            <p className="diagnosis-message">{r.message}</p>
            {r.fix ? <p className="diagnosis-fix">Fix: {r.fix}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
