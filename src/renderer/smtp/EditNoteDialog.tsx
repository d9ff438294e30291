import { useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { Dialog } from '../ui/Dialog';
import { FieldError } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import { NoteFields } from './NoteFields';
import { smtpActions } from './smtp-store';
import { showToast } from '../ui/toast-store';
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
  const { busy, error, formRef, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = note.trim();
    const where = whereUsed.trim();
    void run(
      () =>
        smtpActions.setNote(
          domain.id,
          user.id,
          trimmed === '' ? null : trimmed,
          where === '' ? null : where,
        ),
      {
        done: () => {
          showToast('success', `Note saved for ${user.login}.`, 3000);
          onDone();
        },
      },
    );
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <NoteFields
        note={note}
        whereUsed={whereUsed}
        onNote={setNote}
        onWhereUsed={setWhereUsed}
        disabled={busy}
        autoFocus
      />
      {error ? <FieldError>{error}</FieldError> : null}
      <FormActions busy={busy} onCancel={onDone} submit="Save note" />
    </form>
  );
}
