import { useState } from 'react';
import type { RevokedUser } from '../../shared/contract';
import { Dialog } from '../ui/Dialog';
import { NewPassword } from './NewPassword';
import { readableTimes } from '../ui/format';
import { revocationActions } from './revocation-store';
import { smtpActions } from './smtp-store';
import { usageActions } from '../usage/usage-store';
import { showToast } from '../ui/toasts';

interface Props {
  user: RevokedUser | null;
  onClose: () => void;
  returnFocusTo?: () => HTMLElement | null;
}

/**
 * "Recreate": the same login on the same domain with its note, and a new password shown once,
 * exactly like creating credentials. The apps that used the old password need the new one.
 */
export function RecreateDialog({ user, onClose, returnFocusTo }: Props) {
  const [created, setCreated] = useState<{ login: string; password: string } | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog
      open={user !== null}
      title={created ? 'SMTP credentials recreated' : `Recreate ${user?.login ?? ''}`}
      description={
        created || !user ? null : (
          <p>
            Creates {user.login} again on {user.domain} with a new password
            {user.note ? `, keeping the note “${user.note}”` : ''}. The old password stays invalid:
            every app that used it needs the new one.
          </p>
        )
      }
      onClose={close}
      size="wide"
      {...(returnFocusTo ? { returnFocusTo } : {})}
    >
      {created ? (
        <NewPassword
          login={created.login}
          password={created.password}
          done="The SMTP credentials were recreated"
          onDone={close}
        />
      ) : user ? (
        <RecreateConfirm user={user} onCreated={setCreated} onCancel={close} />
      ) : null}
    </Dialog>
  );
}

function RecreateConfirm({
  user,
  onCreated,
  onCancel,
}: {
  user: RevokedUser;
  onCreated: (created: { login: string; password: string }) => void;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function recreate() {
    setBusy(true);
    setError(null);
    const result = await revocationActions.recreate(user.id);
    setBusy(false);
    if (!result.ok) {
      setError(readableTimes(result.error.message));
      return;
    }
    showToast('success', `${result.value.user.login} recreated.`);
    void smtpActions.load(result.value.user.domainId);
    void usageActions.load();
    onCreated({ login: result.value.user.login, password: result.value.password });
  }

  return (
    <div className="form">
      {user.whereUsed ? (
        <p className="small">
          Where it was used: <strong>{user.whereUsed}</strong>. Give these the new password.
        </p>
      ) : (
        <p className="small muted">
          Nothing recorded says where it was used: check your apps and tools.
        </p>
      )}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          aria-busy={busy}
          onClick={() => void recreate()}
        >
          {busy ? 'Recreating…' : 'Recreate'}
        </button>
      </div>
    </div>
  );
}
