import type { Domain } from '../../shared/domain';
import { DomainStatusBadge } from '../components/StatusBadge';
import { formatAgo, formatDateTime } from '../format';

interface Props {
  domains: Domain[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function DomainList({ domains, selectedId, onSelect }: Props) {
  return (
    <table className="table domain-table" aria-label="Domains">
      <thead>
        <tr>
          <th scope="col">Domain</th>
          <th scope="col">Status</th>
          <th scope="col">Last check</th>
        </tr>
      </thead>
      <tbody>
        {domains.map((d) => (
          <tr
            key={d.id}
            className={d.id === selectedId ? 'selected' : undefined}
            aria-selected={d.id === selectedId}
          >
            <th scope="row">
              <button
                type="button"
                className="row-button"
                aria-current={d.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(d.id)}
              >
                {d.name}
              </button>
            </th>
            <td>
              <DomainStatusBadge status={d.status} />
            </td>
            <td title={d.lastCheckedAt ? formatDateTime(d.lastCheckedAt) : undefined}>
              {formatAgo(d.lastCheckedAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
