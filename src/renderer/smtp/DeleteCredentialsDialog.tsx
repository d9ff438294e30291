import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { smtpActions } from './smtp-store';
import { usageActions } from '../usage/usage-store';
import { showToast } from '../ui/toast-store';

interface Props {
  domain: Domain;
  user: SmtpUserView | null;
  onClose: () => void;
}

export function DeleteCredentialsDialog({ domain, user, onClose }: Props) {
  return (
    <ConfirmDialog
      open={user !== null}
      title={user ? `Delete ${user.login}?` : 'Delete'}
      description={
        user ? (
          <p>
            Sending with {user.login} stops at once: apps and tools using it can no longer send. Its
            email history and statistics stay.
          </p>
        ) : null
      }
      confirmLabel="Delete"
      onConfirm={() =>
        user ? smtpActions.remove(domain.id, user.id) : Promise.resolve({ ok: true, value: null })
      }
      done={() => {
        if (!user) return;
        showToast('success', `${user.login} deleted. Sending with it has stopped.`);
        void usageActions.load();
      }}
      failed={(message) => `Could not delete ${user?.login ?? 'the login'}: ${message}`}
      onClose={onClose}
    />
  );
}
