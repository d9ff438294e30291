import { useRef, useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { copySecret } from '../ui/clipboard';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import { generatePassword, passwordProblem } from './password-rules';
import { secretClipboardMs } from '../settings/settings-store';
import { smtpActions } from './smtp-store';
import { showToast } from '../ui/toast-store';
import { FormActions } from '../ui/FormActions';

interface Props {
  domain: Domain;
  user: SmtpUserView | null;
  onClose: () => void;
}

/** "Reset Password": a new password, confirmed, then "Save". For rotation and reconnecting tools. */
export function ResetPasswordDialog({ domain, user, onClose }: Props) {
  return (
    <Dialog
      open={user !== null}
      title="Reset Password"
      description={
        user
          ? `A new password for ${user.login}. Apps using the old one stop sending until they get the new one.`
          : null
      }
      onClose={onClose}
    >
      {user ? <ResetForm domain={domain} user={user} onDone={onClose} /> : null}
    </Dialog>
  );
}

function ResetForm({
  domain,
  user,
  onDone,
}: {
  domain: Domain;
  user: SmtpUserView;
  onDone: () => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [visible, setVisible] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, setError, formRef, run } = useSubmit();
  const passwordRef = useRef<HTMLInputElement>(null);

  const weak = passwordProblem(password, user.login);
  const mismatch =
    weak === null && confirm !== password
      ? 'The passwords do not match: type the same password twice.'
      : null;
  const passwordError = error ?? (submitted ? weak : null);
  const confirmError = submitted ? mismatch : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (weak !== null || mismatch !== null) return;
    void run(() => smtpActions.resetPassword(domain.id, user.id, password), {
      done: () => {
        showToast(
          'success',
          `Password saved for ${user.login}. Update it in the apps that use it.`,
        );
        onDone();
      },
      // The fields were held while saving: back to the password to fix.
      refocus: () => passwordRef.current,
    });
  }

  function generate() {
    const fresh = generatePassword(user.login);
    setPassword(fresh);
    setConfirm(fresh);
    setVisible(true);
    setError(null);
  }

  const type = visible ? 'text' : 'password';
  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field
        label="New password"
        hint={`12 to 128 characters, not containing “${user.login.split('@')[0]}”.`}
        error={passwordError}
      >
        {(control) => (
          <input
            {...control}
            ref={passwordRef}
            className="input"
            type={type}
            value={password}
            autoComplete="new-password"
            onChange={(e) => {
              setPassword(e.target.value);
              setError(null);
            }}
            disabled={busy}
            data-autofocus
          />
        )}
      </Field>
      <Field label="Confirm password" error={confirmError}>
        {(control) => (
          <input
            {...control}
            className="input"
            type={type}
            value={confirm}
            autoComplete="new-password"
            onChange={(e) => setConfirm(e.target.value)}
            disabled={busy}
          />
        )}
      </Field>
      <div className="button-row">
        <button type="button" className="button button-small" onClick={generate} disabled={busy}>
          Generate a password
        </button>
        {visible && password !== '' ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void copySecret(password, 'Password', secretClipboardMs())}
          >
            Copy password
          </button>
        ) : null}
        <label className="choice small">
          <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.target.checked)} />
          Show passwords
        </label>
      </div>
      <FormActions busy={busy} onCancel={onDone} submit="Save" busyText="Saving…" />
    </form>
  );
}
