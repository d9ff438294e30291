import { useId } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { ServiceButton } from '../ui/ServiceButton';
import { formatAge, formatDate, formatDateTime } from '../ui/format';
import { useSettings } from '../settings/settings-store';
import type { UserDialog } from './user-dialog';

interface Props {
  domain: Domain;
  users: readonly SmtpUserView[];
  /** Why Reset Password and Delete cannot run now (offline); null when they can. */
  blockedBy: string | null;
  onAction: (dialog: UserDialog) => void;
}

export function CredentialsTable({ domain, users, blockedBy, onAction }: Props) {
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
            <UserRow key={user.id} user={user} blockedBy={blockedBy} onAction={onAction} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow({
  user,
  blockedBy,
  onAction,
}: {
  user: SmtpUserView;
  blockedBy: string | null;
  onAction: (dialog: UserDialog) => void;
}) {
  const loginId = useId();
  const rotationId = useId();
  const rotationDays = useSettings((s) => s.settings?.rotationReminderDays ?? 90);
  return (
    <tr>
      <th scope="row" id={loginId}>
        <code>{user.login}</code>
      </th>
      <td title={formatDateTime(user.createdAt)}>{formatDate(user.createdAt)}</td>
      <td title={`Changed ${formatDateTime(user.passwordChangedAt)}`}>
        {user.passwordAgeDays !== undefined
          ? passwordAge(user.passwordAgeDays)
          : formatAge(user.passwordChangedAt)}
        {user.rotationDue ? (
          <>
            {' '}
            <span className="badge badge-rotate" id={rotationId}>
              Rotation due
            </span>
            <span className="visually-hidden">
              : older than {rotationDays} days, reset the password to rotate it
            </span>
          </>
        ) : null}
      </td>
      <td className="note-cell">
        {user.note ? <span>{user.note}</span> : <span className="muted">—</span>}{' '}
        {user.whereUsed ? <span className="small">· used in {user.whereUsed} </span> : null}
        <button
          type="button"
          className="link-button small"
          aria-describedby={loginId}
          onClick={() => onAction({ kind: 'note', user })}
        >
          {user.note || user.whereUsed ? 'Edit note' : 'Add note'}
        </button>
      </td>
      <td>
        <div className="button-row">
          <ServiceButton
            className="button button-small"
            aria-describedby={user.rotationDue ? `${loginId} ${rotationId}` : loginId}
            blockedBy={blockedBy}
            onClick={() => onAction({ kind: 'reset', user })}
          >
            Reset Password
          </ServiceButton>
          <ServiceButton
            className="button button-small"
            aria-describedby={loginId}
            blockedBy={blockedBy}
            onClick={() => onAction({ kind: 'test', user })}
          >
            Send test message
          </ServiceButton>
          <ServiceButton
            className="button button-small button-danger-outline"
            aria-describedby={loginId}
            blockedBy={blockedBy}
            onClick={() => onAction({ kind: 'delete', user })}
          >
            Delete
          </ServiceButton>
        </div>
      </td>
    </tr>
  );
}

/** Whole days since the password was set, as the service counts them. */
function passwordAge(days: number): string {
  if (days < 1) return 'Today';
  return days === 1 ? '1 day' : `${days.toLocaleString('en-US')} days`;
}
