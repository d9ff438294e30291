import type { DnsServerAnswer, DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { useNow } from '../ui/use-now';
import { cellMark, foundAt, propagationSummary, serverRows, type ServerRow } from './propagation';

const ICON = { ok: '✓', bad: '✗', none: '–' } as const;

function Cell({
  record,
  answer,
}: {
  record: RecordCheckResult;
  answer: DnsServerAnswer | undefined;
}) {
  if (!answer) return <td className="prop-none">—</td>;
  const { mark, text } = cellMark(record, answer);
  const ttl = answer.ttl === null ? null : `${answer.ttl} s`;
  const found = foundAt(record, answer).join(', ');
  return (
    <td className={`prop-${mark}`}>
      <span aria-hidden="true">{ICON[mark]}</span> <span className="prop-text">{text}</span>
      {mark === 'none' ? <span className="small"> ({answer.rcode})</span> : null}
      {ttl && mark !== 'none' ? <span className="small prop-ttl"> {ttl}</span> : null}
      {/* The zone's own servers: what they serve, to compare with the value to publish. */}
      {answer.role === 'authoritative' && found !== '' ? (
        <code className="prop-found" title={found}>
          {found}
        </code>
      ) : null}
    </td>
  );
}

/** Records × servers: what the zone's own servers serve, and which resolvers serve it too. */
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
        The domain’s own (authoritative) servers are judged against the value to publish: ✓ serves
        it, ✗ serves something else or nothing. Resolvers serve cached answers until their TTL runs
        out: ✓ serves what the authoritative servers serve, ✗ still serves something else; – gave no
        answer.
      </p>
      <table className="table propagation-table" aria-label={`Propagation of ${check.domain}`}>
        <thead>
          <tr>
            <th scope="col">Record</th>
            {servers.map((s) => (
              <ServerHeader key={s.key} server={s} />
            ))}
          </tr>
        </thead>
        <tbody>
          {check.records.map((r) => (
            <tr key={`${r.purpose}-${r.name}`}>
              <th scope="row">{RECORD_PURPOSE_LABELS[r.purpose]}</th>
              {servers.map((s) => (
                <Cell
                  key={s.key}
                  record={r}
                  answer={r.servers.find((a) => a.server === s.address && a.role === s.role)}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small" role="status">
        {propagationSummary(check, now)}
      </p>
    </section>
  );
}

function ServerHeader({ server }: { server: ServerRow }) {
  return (
    <th scope="col">
      <span>{server.label}</span>
      <div className="muted small">
        {server.role === 'authoritative' ? 'Authoritative' : 'Resolver'}
        {server.label !== server.address ? ` · ${server.address}` : ''}
      </div>
    </th>
  );
}
