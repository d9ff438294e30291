import { useEffect, useRef } from 'react';
import { copySecret } from '../ui/clipboard';
import { CopyButton } from '../ui/CopyButton';
import { secretClipboardMs, useSettings } from '../settings/settings-store';

interface Props {
  login: string;
  password: string;
  /** What happened, e.g. "The SMTP credentials were added". */
  done: string;
  onDone: () => void;
}

/**
 * A new SMTP password, shown this once: copy it (the clipboard is emptied again after the
 * setting's delay), with the warning that it will not be shown again. Creation, Recreate share it.
 */
export function NewPassword({ login, password, done, onDone }: Props) {
  const copyRef = useRef<HTMLButtonElement>(null);
  const clearSeconds = useSettings((s) => s.settings?.clipboardClearSeconds ?? 60);
  // The form that had focus is gone: put it on the one thing to do now.
  useEffect(() => copyRef.current?.focus(), []);
  return (
    <div className="form">
      <p className="success-note" role="status">
        {done}: {login} can send from now on.
      </p>
      <div className="secret">
        <span className="field-label">Login name</span>
        <code className="secret-value">{login}</code>
        <CopyButton text={login} what="Login name" label="Copy login" className="button" />
      </div>
      <div className="secret">
        <span className="field-label">Password</span>
        <code className="secret-value">{password}</code>
        <button
          ref={copyRef}
          type="button"
          className="button"
          onClick={() => void copySecret(password, 'Password', secretClipboardMs())}
        >
          Copy password
        </button>
      </div>
      <p className="warning-note">
        <strong>This password will not be shown again.</strong> Copy it into the app or password
        manager that will use it now.{' '}
        {clearSeconds > 0
          ? `The clipboard is cleared after ${clearSeconds} seconds if it still holds it (if another app is in front by then, as soon as you are back here).`
          : 'The clipboard is not cleared by itself (see Settings): paste something else over it once done.'}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
