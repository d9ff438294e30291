import { useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { Dialog } from '../ui/Dialog';
import { NoteFields } from './NoteFields';
import { smtpActions } from './smtp-store';
import { showToast } from '../ui/toasts';
import { FormActions } from '../ui/FormActions';

interface Props {
  domain: Domain;
  user: SmtpUserView | null;
  onClose: () => void;
}

/**
 * The owner/purpose note and "Where it's used" (the apps and integrations sending with the login)
 * live on this computer only; Kyrios never sees them. After the daily-limit rule deletes every
 * credential, the revocation banner lists both, so the new password reaches every app.
 */
export function EditNoteDialog({ domain, user, onClose }: Props) {
  return (
    <Dialog
      open={user !== null}
      title="Owner or purpose"
      description={
        user
          ? `Who owns ${user.login} and which apps send with it. Kept on this computer only, never sent to Kyrios.`
          : null
      }
      onClose={onClose}
    >
      {user ? <NoteForm domain={domain} user={user} onDone={onClose} /> : null}
    </Dialog>
  );
}

function NoteForm({
  domain,
  user,
  onDone,
}: {
  domain: Domain;
  user: SmtpUserView;
  onDone: () => void;
}) {
  const [note, setNote] = useState(user.note ?? '');
  const [whereUsed, setWhereUsed] = useState(user.whereUsed ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const trimmed = note.trim();
    const where = whereUsed.trim();
    const result = await smtpActions.setNote(
      domain.id,
      user.id,
      trimmed === '' ? null : trimmed,
      where === '' ? null : where,
    );
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    showToast('success', `Note saved for ${user.login}.`, 3000);
    onDone();
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <NoteFields
        note={note}
        whereUsed={whereUsed}
        onNote={setNote}
        onWhereUsed={setWhereUsed}
        disabled={busy}
        autoFocus
      />
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <FormActions busy={busy} onCancel={onDone} submit="Save note" />
    </form>
  );
}
