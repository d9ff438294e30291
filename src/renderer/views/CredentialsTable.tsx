import { useId } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { formatAge, formatDate, formatDateTime, isDueForRotation } from '../format';
import type { UserDialog } from './SmtpSettingsView';

interface Props {
  domain: Domain;
  users: readonly SmtpUserView[];
  readOnly: boolean;
  onAction: (dialog: UserDialog) => void;
}

export function CredentialsTable({ domain, users, readOnly, onAction }: Props) {
  return (
    <div className="table-scroll">
      <table className="table credentials-table" aria-label={`SMTP credentials for ${domain.name}`}>
        <thead>
          <tr>
            <th scope="col">Login name</th>
            <th scope="col">Creation date</th>
            <th scope="col">Password age</th>
            <th scope="col">Owner / purpose</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} readOnly={readOnly} onAction={onAction} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow({
  user,
  readOnly,
  onAction,
}: {
  user: SmtpUserView;
  readOnly: boolean;
  onAction: (dialog: UserDialog) => void;
}) {
  const loginId = useId();
  return (
    <tr>
      <th scope="row" id={loginId}>
        <code>{user.login}</code>
      </th>
      <td title={formatDateTime(user.createdAt)}>{formatDate(user.createdAt)}</td>
      <td title={`Changed ${formatDateTime(user.passwordChangedAt)}`}>
        {formatAge(user.passwordChangedAt)}
        {isDueForRotation(user.passwordChangedAt) ? (
          <span className="muted small"> · time to rotate</span>
        ) : null}
      </td>
      <td className="note-cell">
        {user.note ? <span>{user.note}</span> : <span className="muted">—</span>}{' '}
        <button
          type="button"
          className="link-button small"
          aria-describedby={loginId}
          onClick={() => onAction({ kind: 'note', user })}
        >
          {user.note ? 'Edit note' : 'Add note'}
        </button>
      </td>
      <td>
        <div className="button-row">
          <button
            type="button"
            className="button button-small"
            aria-describedby={loginId}
            disabled={readOnly}
            onClick={() => onAction({ kind: 'reset', user })}
          >
            Reset Password
          </button>
          <button
            type="button"
            className="button button-small button-danger-outline"
            aria-describedby={loginId}
            disabled={readOnly}
            onClick={() => onAction({ kind: 'delete', user })}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
