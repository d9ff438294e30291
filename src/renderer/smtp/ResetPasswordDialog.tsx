import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { copySecret } from '../ui/clipboard';
import { Dialog } from '../ui/Dialog';
import { generatePassword, passwordProblem } from './password-rules';
import { secretClipboardMs } from '../settings/settings-store';
import { smtpActions } from './smtp-store';
import { showToast } from '../ui/toasts';
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
  const [busy, setBusy] = useState(false);
  const [serviceError, setServiceError] = useState<string | null>(null);
  const errorId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [failures, setFailures] = useState(0);
  // The fields were disabled while saving, which took focus away: back to the password to fix.
  useEffect(() => {
    if (failures > 0) passwordRef.current?.focus();
  }, [failures]);

  const problem =
    passwordProblem(password, user.login) ??
    (confirm !== password ? 'The passwords do not match: type the same password twice.' : null);
  const shown = submitted ? (serviceError ?? problem) : serviceError;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setServiceError(null);
    if (problem !== null) return;
    setBusy(true);
    const result = await smtpActions.resetPassword(domain.id, user.id, password);
    setBusy(false);
    if (!result.ok) {
      setServiceError(result.error.message);
      setFailures((n) => n + 1);
      return;
    }
    showToast('success', `Password saved for ${user.login}. Update it in the apps that use it.`);
    onDone();
  }

  function generate() {
    const fresh = generatePassword(user.login);
    setPassword(fresh);
    setConfirm(fresh);
    setVisible(true);
    setServiceError(null);
  }

  const type = visible ? 'text' : 'password';
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="field">
        <span className="field-label">New password</span>
        <input
          ref={passwordRef}
          className="input"
          type={type}
          value={password}
          autoComplete="new-password"
          aria-invalid={shown !== null}
          aria-describedby={shown ? errorId : undefined}
          onChange={(e) => {
            setPassword(e.target.value);
            setServiceError(null);
          }}
          disabled={busy}
          data-autofocus
        />
      </label>
      <label className="field">
        <span className="field-label">Confirm password</span>
        <input
          className="input"
          type={type}
          value={confirm}
          autoComplete="new-password"
          aria-invalid={submitted && confirm !== password}
          aria-describedby={shown ? errorId : undefined}
          onChange={(e) => setConfirm(e.target.value)}
          disabled={busy}
        />
      </label>
      <p className="field-hint">
        12 to 128 characters, not containing “{user.login.split('@')[0]}”.
      </p>
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
      {shown ? (
        <div id={errorId} className="field-error" role="alert">
          {shown}
        </div>
      ) : null}
      <FormActions busy={busy} onCancel={onDone} submit="Save" busyText="Saving…" />
    </form>
  );
}
