import { useRef, useState, type FormEvent } from 'react';
import type { SmtpUserView } from '../../shared/contract';
import type { Domain } from '../../shared/domain';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import { NewPassword } from './NewPassword';
import { checkLogin, passwordProblem } from './password-rules';
import { smtpActions } from './smtp-store';
import { usageActions } from '../usage/usage-store';
import { showToast } from '../ui/toast-store';
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
  const { busy, error, setError, formRef, run } = useSubmit();
  // Which field the service's refusal is about: the password it found weak, else the login.
  const [refusedField, setRefusedField] = useState<'login' | 'password'>('login');
  const loginRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const loginCheck = checkLogin(login, domain.name);
  const loginError =
    (showErrors && !loginCheck.ok ? loginCheck.message : null) ??
    (refusedField === 'login' ? error : null);
  const passwordError =
    (showErrors && mode === 'type'
      ? passwordProblem(password, loginCheck.ok ? loginCheck.login : login)
      : null) ?? (refusedField === 'password' ? error : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    setError(null);
    if (!loginCheck.ok) return;
    if (mode === 'type' && passwordProblem(password, loginCheck.login) !== null) return;
    const input = {
      domainId: domain.id,
      login: loginCheck.login,
      ...(mode === 'type' ? { password } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(whereUsed.trim() ? { whereUsed: whereUsed.trim() } : {}),
    };
    const passwordField = mode === 'type';
    let refused: 'login' | 'password' = 'login';
    void run(() => smtpActions.create(input), {
      done: (created) => {
        showToast('success', `SMTP credentials added for ${created.user.login}.`);
        void usageActions.load();
        onCreated(created);
      },
      failed: (refusal) => {
        refused = refusal.code === 'weak_password' && passwordField ? 'password' : 'login';
        setRefusedField(refused);
        return refusal.message;
      },
      // The form was held while it ran: back on the field the refusal is about.
      refocus: () => (refused === 'password' ? passwordRef.current : loginRef.current),
    });
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field
        label="Login name"
        hint={
          loginCheck.ok
            ? `The login will be ${loginCheck.login}.`
            : 'Lowercase letters, digits, “.”, “-” and “_”: the part before the @ or the full address.'
        }
        error={loginError}
      >
        {(control) => (
          <span className="input-with-suffix">
            <input
              {...control}
              ref={loginRef}
              className="input"
              value={login}
              placeholder="sales"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              onChange={(e) => {
                setLogin(e.target.value);
                setError(null);
              }}
              onBlur={() => login.trim() !== '' && setShowErrors(true)}
              disabled={busy}
              data-autofocus
            />
            <span className="input-suffix" aria-hidden="true">
              @{domain.name}
            </span>
          </span>
        )}
      </Field>

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
          <Field
            label="Password"
            hint="12 to 128 characters, not containing the part of the login before the @."
            error={passwordError}
          >
            {(control) => (
              <input
                {...control}
                ref={passwordRef}
                className="input"
                type="password"
                value={password}
                autoComplete="new-password"
                onChange={(e) => {
                  setPassword(e.target.value);
                  setError(null);
                }}
              />
            )}
          </Field>
        ) : null}
      </fieldset>
      <FormActions busy={busy} onCancel={onCancel} submit="Create" busyText="Creating…" />
    </form>
  );
}
