import type { Domain } from '../../shared/domain';
import { RECORD_PURPOSE_LABELS, relativeHost } from '../../shared/labels';
import { DomainStatusBadge, RecordStatusBadge } from '../components/StatusBadge';
import { formatDateTime } from '../format';
import { DnsDiagnostics } from './DnsDiagnostics';

export function DomainDetail({ domain }: { domain: Domain }) {
  return (
    <section className="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <h2 id="detail-title">{domain.name}</h2>
        <DomainStatusBadge status={domain.status} />
      </header>
      <p className="muted">
        Added {formatDateTime(domain.createdAt)}. Copy these records into your DNS provider, then
        Verify Now.
      </p>
      <table className="table records-table" aria-label={`DNS records for ${domain.name}`}>
        <thead>
          <tr>
            <th scope="col">Purpose</th>
            <th scope="col">Type</th>
            <th scope="col">Host</th>
            <th scope="col">Value</th>
            <th scope="col">Priority</th>
            <th scope="col">Required</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {domain.records.map((r) => (
            <tr key={r.id}>
              <td>{RECORD_PURPOSE_LABELS[r.purpose]}</td>
              <td>{r.type}</td>
              <td>
                <code>{relativeHost(r.name, domain.name)}</code>
                <div className="muted small">{r.name}</div>
              </td>
              <td className="value-cell">
                <code>{r.value}</code>
              </td>
              <td>{r.priority ?? '—'}</td>
              <td>{r.required ? 'Yes' : 'Optional'}</td>
              <td>
                <RecordStatusBadge status={r.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <DnsDiagnostics domain={domain} />
    </section>
  );
}
