import type { DnsServerAnswer, DomainCheckResult } from '../../shared/dns-check';
import { agreeBy, serverRows } from '../propagation';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { formatDateTime, formatUntil } from '../format';

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
  const servers = serverRows(check);
  if (servers.length === 0) return null;
  const by = agreeBy(check);
  return (
    <section className="propagation" aria-labelledby="propagation-title">
      <div className="section-header">
        <h3 id="propagation-title">Propagation</h3>
      </div>
      <p className="muted small">
        The domain’s own (authoritative) servers are the truth; resolvers serve cached answers until
        their TTL runs out. ✓ serves the expected record, ✗ serves something else, – gave no answer.
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
        {by
          ? `All resolvers should agree by ${formatDateTime(by)} (${formatUntil(by)}).`
          : 'Every resolver that answered agrees with the authoritative servers.'}
      </p>
    </section>
  );
}
