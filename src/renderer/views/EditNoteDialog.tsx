import { useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { Dialog } from '../components/Dialog';
import { smtpActions } from '../stores';
import { showToast } from '../stores/toasts';

interface Props {
  domain: Domain;
  user: SmtpUserView | null;
  onClose: () => void;
}

export const NOTE_MAX = 500;

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
      <label className="field">
        <span className="field-label">Note</span>
        <input
          className="input"
          value={note}
          maxLength={NOTE_MAX}
          placeholder="e.g. Anna, warm-up service"
          onChange={(e) => setNote(e.target.value)}
          data-autofocus
          disabled={busy}
        />
      </label>
      <label className="field">
        <span className="field-label">{"Where it's used"}</span>
        <input
          className="input"
          value={whereUsed}
          maxLength={NOTE_MAX}
          placeholder="e.g. Billing app, Zapier, warm-up service"
          onChange={(e) => setWhereUsed(e.target.value)}
          disabled={busy}
        />
      </label>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          Save note
        </button>
      </div>
    </form>
  );
}
