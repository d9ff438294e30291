import { useEffect, useState } from 'react';
import type { Domain } from '../../shared/domain';
import type { MailHistoryEntry } from '../../shared/mail-check';
import { FieldError } from '../ui/Field';
import { CheckStatusBadge } from '../ui/StatusBadge';
import { formatDateTime } from '../ui/format';
import { MailVerdicts, SmtpTranscript } from './MailVerdicts';
import { messageCheckActions, useMailHistory } from './message-check-store';

const what = (entry: MailHistoryEntry): string =>
  entry.kind === 'test_send'
    ? `Test send${entry.recipient ? ` to ${entry.recipient}` : ''}`
    : `Checked message${entry.from ? ` from ${entry.from}` : ''}`;

/** Test sends and checked messages of the domain, kept in the app database: readable offline. */
export function MailHistory({ domain }: { domain: Domain }) {
  const { entries, status, error } = useMailHistory(domain.id);
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    void messageCheckActions.loadHistory(domain.id);
  }, [domain.id]);

  const shown = entries.find((e) => e.id === open) ?? null;
  return (
    <section className="history" aria-labelledby="mail-history-title">
      <div className="section-header">
        <h3 id="mail-history-title">Test sends and checked messages</h3>
      </div>
      {status === 'loading' ? <p className="muted small">Loading…</p> : null}
      {error ? <FieldError>Could not read this history: {error.message}</FieldError> : null}
      {status === 'ready' && entries.length === 0 ? (
        <p className="muted small">
          None yet. Each Send test message (SMTP Settings) and each message checked here is kept
          here.
        </p>
      ) : null}
      {entries.length > 0 ? (
        <table
          className="table mail-history-table"
          aria-label={`Test sends and checked messages of ${domain.name}`}
        >
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Subject</th>
              <th scope="col">Result</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">{formatDateTime(entry.at)}</th>
                <td>{what(entry)}</td>
                <td>{entry.subject ?? '—'}</td>
                <td>
                  <CheckStatusBadge status={entry.status} />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    aria-expanded={open === entry.id}
                    aria-label={`${open === entry.id ? 'Hide the details' : 'Details'} of the ${what(entry).toLowerCase()} at ${formatDateTime(entry.at)}`}
                    onClick={() => setOpen(open === entry.id ? null : entry.id)}
                  >
                    {open === entry.id ? 'Hide' : 'Details'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {shown ? <EntryDetails entry={shown} /> : null}
    </section>
  );
}

function EntryDetails({ entry }: { entry: MailHistoryEntry }) {
  const label = `${what(entry)} at ${formatDateTime(entry.at)}`;
  return (
    <div className="run-details">
      <p className="small">{label}</p>
      {entry.note ? <p className="small">{entry.note}</p> : null}
      {entry.transcript ? (
        <SmtpTranscript steps={entry.transcript} label={`SMTP steps of the ${label}`} />
      ) : null}
      {entry.result ? (
        <MailVerdicts result={entry.result} label={`Verdicts of the ${label}`} />
      ) : null}
    </div>
  );
}
