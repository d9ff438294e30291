import { CHECK_STATUS_LABELS } from '../../shared/labels';
import { MailVerdicts } from '../domains/MailVerdicts';
import { Dialog } from '../ui/Dialog';
import { CheckStatusBadge } from '../ui/StatusBadge';
import { appDialogs, useAppDialog } from './app-dialogs';

/**
 * The verdicts of a message opened with the desktop app (an `.eml`) whose sender's domain is not
 * one of the account's: there is no domain page to show them on, so they are shown here, in the
 * same words as under a domain's "Check a received message".
 */
export function CheckedMessageDialog() {
  const checked = useAppDialog((s) => (s.open === 'checked-message' ? s.checked : null));
  const entry = checked?.entry ?? null;
  const fromDomain =
    entry?.result?.fromDomain ?? entry?.from?.split('@').pop() ?? 'a domain it does not name';
  return (
    <Dialog
      open={checked !== null}
      title={checked ? `${checked.fileName} checked` : 'Message checked'}
      onClose={appDialogs.close}
      size="wide"
      description={
        entry ? (
          <p>
            It is from {fromDomain}, which is not a domain of this account. What a receiver’s checks
            say of it:
          </p>
        ) : null
      }
    >
      {entry?.result ? (
        <MailVerdicts result={entry.result} label={`Checks of ${checked?.fileName ?? ''}`} />
      ) : entry ? (
        <p>
          <CheckStatusBadge status={entry.status} />{' '}
          {entry.note ?? CHECK_STATUS_LABELS[entry.status]}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={appDialogs.close}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
