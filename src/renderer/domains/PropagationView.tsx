import type { DnsServerAnswer, DomainCheckResult } from '../../shared/dns-check';
import { propagationSummary, serverRows } from './propagation';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { useNow } from '../ui/use-now';

function Cell({ answer }: { answer: DnsServerAnswer | undefined }) {
  if (!answer) return <td className="prop-none">—</td>;
  const ttl = answer.ttl === null ? '' : ` ${answer.ttl} s`;
  if (answer.agrees === null) {
    return (
      <td className="prop-none" title={`No usable answer (${answer.rcode})`}>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">No answer</span>{' '}
        <span className="small">{answer.rcode}</span>
      </td>
    );
  }
  const shown = answer.answers.length > 0 ? answer.answers.join(', ') : answer.rcode;
  return (
    <td className={answer.agrees ? 'prop-ok' : 'prop-bad'} title={shown}>
      <span aria-hidden="true">{answer.agrees ? '✓' : '✗'}</span>
      <span className="visually-hidden">{answer.agrees ? 'Matches' : 'Differs'}</span>
      <span className="small">{ttl}</span>
    </td>
  );
}

/** Servers × records: who already serves the published records, with TTLs. */
export function PropagationView({ check }: { check: DomainCheckResult }) {
  // "in 5 min" counts down while on screen.
  const now = useNow();
  const servers = serverRows(check);
  if (servers.length === 0) return null;
  return (
    <section className="propagation" aria-labelledby="propagation-title">
      <div className="section-header">
        <h3 id="propagation-title">Propagation</h3>
      </div>
      <p className="muted small">
        The domain’s own (authoritative) servers are the truth; resolvers serve cached answers until
        their TTL runs out. ✓ serves what the authoritative servers serve, ✗ serves something else
        (a cached answer), – gave no answer.
      </p>
      <div className="table-scroll">
        <table className="table propagation-table" aria-label={`Propagation of ${check.domain}`}>
          <thead>
            <tr>
              <th scope="col">Server</th>
              {check.records.map((r) => (
                <th scope="col" key={`${r.purpose}-${r.name}`}>
                  {RECORD_PURPOSE_LABELS[r.purpose]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <tr key={s.key}>
                <th scope="row">
                  <span>{s.label}</span>
                  <div className="muted small">
                    {s.role === 'authoritative' ? 'Authoritative' : 'Resolver'}
                    {s.label !== s.address ? ` · ${s.address}` : ''}
                  </div>
                </th>
                {check.records.map((r) => (
                  <Cell
                    key={`${r.purpose}-${r.name}`}
                    answer={r.servers.find((a) => a.server === s.address && a.role === s.role)}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small" role="status">
        {propagationSummary(check, now)}
      </p>
    </section>
  );
}
