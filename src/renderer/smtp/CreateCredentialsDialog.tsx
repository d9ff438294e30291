import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { Dialog } from '../ui/Dialog';
import { NewPassword } from './NewPassword';
import { checkLogin, passwordProblem } from './password-rules';
import { smtpActions } from './smtp-store';
import { usageActions } from '../usage/usage-store';
import { showToast } from '../ui/toasts';
import { NoteFields } from './NoteFields';
import { FormActions } from '../ui/FormActions';

interface Props {
  open: boolean;
  domain: Domain;
  onClose: () => void;
  /** Where focus goes on close, when not back on the button that opened it. */
  returnFocusTo?: () => HTMLElement | null;
}

/** "Create SMTP Credentials": login, optional note, generated or typed password; shown once. */
export function CreateCredentialsDialog({ open, domain, onClose, returnFocusTo }: Props) {
  const [created, setCreated] = useState<{ user: SmtpUserView; password: string } | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      title={created ? 'SMTP credentials added' : 'Create SMTP Credentials'}
      description={
        created ? null : (
          <>
            <p>Sending credentials for {domain.name}. At most 5 SMTP users per domain.</p>
            <p className="tip">
              <strong>One SMTP user per team member or tool:</strong> each can then be reset or
              deleted on its own, and the usage panel shows who sent what. Name the owner below.
            </p>
          </>
        )
      }
      onClose={close}
      size="wide"
      {...(returnFocusTo ? { returnFocusTo } : {})}
    >
      {created ? (
        <NewPassword
          login={created.user.login}
          password={created.password}
          done="The SMTP credentials were added"
          onDone={close}
        />
      ) : (
        <CreateForm domain={domain} onCreated={setCreated} onCancel={close} />
      )}
    </Dialog>
  );
}

function CreateForm({
  domain,
  onCreated,
  onCancel,
}: {
  domain: Domain;
  onCreated: (created: { user: SmtpUserView; password: string }) => void;
  onCancel: () => void;
}) {
  const [login, setLogin] = useState('');
  const [note, setNote] = useState('');
  const [whereUsed, setWhereUsed] = useState('');
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const [password, setPassword] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serviceError, setServiceError] = useState<string | null>(null);
  const ids = {
    login: useId(),
    password: useId(),
    loginError: useId(),
    passwordError: useId(),
    serviceError: useId(),
  };
  const loginRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  // After a refusal, the field to fix gets focus back (the form was disabled while it ran).
  const [refocus, setRefocus] = useState<{ field: 'login' | 'password' } | null>(null);
  useEffect(() => {
    if (!refocus) return;
    const input = (refocus.field === 'password' ? passwordRef : loginRef).current;
    input?.focus();
    input?.select();
  }, [refocus]);

  const loginCheck = checkLogin(login, domain.name);
  const loginError = showErrors && !loginCheck.ok ? loginCheck.message : null;
  const passwordError =
    showErrors && mode === 'type'
      ? passwordProblem(password, loginCheck.ok ? loginCheck.login : login)
      : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    setServiceError(null);
    if (!loginCheck.ok) return;
    if (mode === 'type' && passwordProblem(password, loginCheck.login) !== null) return;
    setBusy(true);
    const result = await smtpActions.create({
      domainId: domain.id,
      login: loginCheck.login,
      ...(mode === 'type' ? { password } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(whereUsed.trim() ? { whereUsed: whereUsed.trim() } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setServiceError(result.error.message);
      const passwordAtFault = result.error.code === 'weak_password' && mode === 'type';
      setRefocus({ field: passwordAtFault ? 'password' : 'login' });
      return;
    }
    showToast('success', `SMTP credentials added for ${result.value.user.login}.`);
    void usageActions.load();
    onCreated(result.value);
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="field">
        <span className="field-label">Login name</span>
        <span className="input-with-suffix">
          <input
            ref={loginRef}
            id={ids.login}
            className="input"
            value={login}
            placeholder="sales"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            aria-invalid={loginError !== null}
            aria-describedby={describedBy(
              loginError && ids.loginError,
              serviceError && refocus?.field === 'login' && ids.serviceError,
            )}
            onChange={(e) => setLogin(e.target.value)}
            onBlur={() => login.trim() !== '' && setShowErrors(true)}
            disabled={busy}
            data-autofocus
          />
          <span className="input-suffix" aria-hidden="true">
            @{domain.name}
          </span>
        </span>
      </label>
      <p className="field-hint">
        {loginCheck.ok
          ? `The login will be ${loginCheck.login}.`
          : 'Lowercase letters, digits, “.”, “-” and “_”: the part before the @ or the full address.'}
      </p>
      {loginError ? (
        <div id={ids.loginError} className="field-error" role="alert">
          {loginError}
        </div>
      ) : null}

      <NoteFields
        note={note}
        whereUsed={whereUsed}
        onNote={setNote}
        onWhereUsed={setWhereUsed}
        disabled={busy}
        optional
      />
      <p className="field-hint">Both kept on this computer only, never sent to Kyrios.</p>

      <fieldset className="field fieldset" disabled={busy}>
        <legend className="field-label">Password</legend>
        <label className="choice">
          <input
            type="radio"
            name="password-mode"
            checked={mode === 'generate'}
            onChange={() => setMode('generate')}
          />
          Generate a strong password
        </label>
        <label className="choice">
          <input
            type="radio"
            name="password-mode"
            checked={mode === 'type'}
            onChange={() => setMode('type')}
          />
          Type a password
        </label>
        {mode === 'type' ? (
          <>
            <label className="field">
              <span className="field-label">Password</span>
              <input
                ref={passwordRef}
                id={ids.password}
                className="input"
                type="password"
                value={password}
                autoComplete="new-password"
                aria-invalid={passwordError !== null}
                aria-describedby={describedBy(
                  passwordError && ids.passwordError,
                  serviceError && refocus?.field === 'password' && ids.serviceError,
                )}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <p className="field-hint">
              12 to 128 characters, not containing the part of the login before the @.
            </p>
            {passwordError ? (
              <div id={ids.passwordError} className="field-error" role="alert">
                {passwordError}
              </div>
            ) : null}
          </>
        ) : null}
      </fieldset>

      {serviceError ? (
        <div id={ids.serviceError} className="field-error" role="alert">
          {serviceError}
        </div>
      ) : null}
      <FormActions busy={busy} onCancel={onCancel} submit="Create" busyText="Creating…" />
    </form>
  );
}

/** The ids of what describes a field now, for aria-describedby. */
function describedBy(...ids: (string | null | false)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}
