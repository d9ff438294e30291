import { useRef, useState } from 'react';
import { BusyButton } from '../ui/BusyButton';
import { FieldError } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import type { RevokedUser } from '../../shared/contract';
import { Dialog } from '../ui/Dialog';
import { NewPassword } from './NewPassword';
import { readableTimes } from '../ui/format';
import { revocationActions } from './revocation-store';
import { smtpActions } from './smtp-store';
import { usageActions } from '../usage/usage-store';
import { showToast } from '../ui/toast-store';

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
  const { busy, error, run } = useSubmit();
  const cancel = useRef<HTMLButtonElement>(null);

  function recreate() {
    void run(() => revocationActions.recreate(user.id), {
      done: (recreated) => {
        showToast('success', `${recreated.user.login} recreated.`);
        void smtpActions.load(recreated.user.domainId);
        void usageActions.load();
        onCreated({ login: recreated.user.login, password: recreated.password });
      },
      failed: (refusal) => readableTimes(refusal.message),
      refocus: () => cancel.current,
    });
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
      {error ? <FieldError>{error}</FieldError> : null}
      <div className="dialog-actions">
        <button
          ref={cancel}
          type="button"
          className="button"
          onClick={onCancel}
          disabled={busy}
          data-autofocus
        >
          Cancel
        </button>
        <BusyButton
          className="button button-primary"
          busy={busy}
          busyText="Recreating…"
          onClick={recreate}
        >
          Recreate
        </BusyButton>
      </div>
    </div>
  );
}
