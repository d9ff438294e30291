import { useEffect } from 'react';
import type { Domain } from '../../shared/domain';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { checksActions, useDomainChecks } from '../stores';
import { formatDateTime } from '../format';

const ICON = { pass: '✓', warn: '!', fail: '✗' } as const;
const WORD = { pass: 'Pass', warn: 'Warning', fail: 'Fail' } as const;

/** The DNS engine's verdict per record: what was found, why it fails, and the exact fix. */
export function DnsDiagnostics({ domain }: { domain: Domain }) {
  const { latest, status, error } = useDomainChecks(domain.id);
  const checking = status === 'checking';

  useEffect(() => {
    void checksActions.loadLatest(domain.id);
  }, [domain.id]);

  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <div className="section-header">
        <h3 id="diagnostics-title">DNS diagnostics</h3>
        <button
          type="button"
          className="button"
          onClick={() => void checksActions.check(domain.id)}
          disabled={checking}
          aria-busy={checking}
        >
          {checking ? 'Checking DNS…' : 'Check DNS'}
        </button>
      </div>
      <p className="muted small" role="status">
        {checking
          ? `Asking ${domain.name}'s DNS servers…`
          : latest
            ? `Checked ${formatDateTime(latest.checkedAt)}${latest.provider ? ` · DNS host: ${latest.provider.name}` : ''}.`
            : status === 'loading'
              ? 'Loading the last check…'
              : 'Not checked from this computer yet.'}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {latest ? (
        <ul className="diagnosis-list" aria-label={`DNS diagnostics for ${domain.name}`}>
          {latest.records.map((r) => (
            <li key={`${r.purpose}-${r.name}`} className={`diagnosis diagnosis-${r.status}`}>
              <span className="diagnosis-icon" aria-hidden="true">
                {ICON[r.status]}
              </span>
              <div>
                <div>
                  <strong>{RECORD_PURPOSE_LABELS[r.purpose]}</strong>{' '}
                  <span className="muted small">
                    {r.type} {r.name}
                  </span>{' '}
                  <span className="visually-hidden">{WORD[r.status]}:</span>
                  <span className="muted small">({r.codes.join(', ')})</span>
                </div>
                <p className="diagnosis-message">{r.message}</p>
                {r.fix ? <p className="diagnosis-fix">Fix: {r.fix}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
