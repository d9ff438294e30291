import { useId } from 'react';
import { useAppInfo } from '../shell/app-info-store';

/**
 * The desktop app's own settings: what closing the window does, and starting at login. Browser
 * mode shows them too, so its users know they exist, but off limits: its server keeps monitoring
 * until it is stopped, and a page cannot start itself at login.
 */
export const BROWSER_REASON =
  'Only in the desktop app: in browser mode monitoring runs as long as the server does.';

export function DesktopFields({
  keepMonitoring,
  startAtLogin,
  disabled,
  onChange,
}: {
  keepMonitoring: boolean;
  startAtLogin: boolean;
  disabled: boolean;
  onChange: (change: { keepMonitoringWhenClosed?: boolean; startAtLogin?: boolean }) => void;
}) {
  const mode = useAppInfo((s) => s.info?.mode ?? null);
  const reasonId = useId();
  // Until the window knows where it runs, nothing is offered that may not apply.
  const offLimits = mode !== 'desktop';
  return (
    <fieldset
      className="fieldset desktop-fields"
      aria-describedby={offLimits ? reasonId : undefined}
    >
      <legend className="field-label">Desktop app</legend>
      <Toggle
        label="Keep monitoring when the window is closed"
        hint="Closing the window leaves Kyrios Desk in the tray (the menu bar on macOS), still checking and notifying; off, closing the window quits."
        checked={keepMonitoring}
        disabled={disabled || offLimits}
        onChange={(on) => onChange({ keepMonitoringWhenClosed: on })}
      />
      <Toggle
        label="Start at login"
        hint="Starts Kyrios Desk in the tray, without its window, when you log in (an installed app only)."
        checked={startAtLogin}
        disabled={disabled || offLimits}
        onChange={(on) => onChange({ startAtLogin: on })}
      />
      {mode === 'browser' ? (
        <p className="field-hint" id={reasonId}>
          {BROWSER_REASON}
        </p>
      ) : null}
    </fieldset>
  );
}

function Toggle({
  label,
  hint,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  hint: string;
  checked: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  const hintId = useId();
  return (
    <div className="desktop-toggle">
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={hintId}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <p className="field-hint" id={hintId}>
        {hint}
      </p>
    </div>
  );
}
