import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { BusyButton } from '../ui/BusyButton';
import { Field, FieldError } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import type { Settings } from '../../shared/settings';
import { askPagePermission, pagePermission, type PagePermission } from '../shell/notify';
import {
  draftOf,
  FIELD_LABELS,
  errorTarget,
  fieldMessage,
  patchOf,
  refusalText,
  type SettingsDraft,
} from './settings-form';
import { settingsActions, useSettings } from './settings-store';
import { useAppInfo } from '../shell/app-info-store';
import { showToast } from '../ui/toast-store';
import { BlocklistEditor } from './BlocklistEditor';
import { DesktopFields } from './DesktopFields';

/** "Settings": DNS resolvers, monitoring, notifications, clipboard, rotation, blocklists. */
export function SettingsView() {
  const settings = useSettings((s) => s.settings);
  const status = useSettings((s) => s.status);
  const error = useSettings((s) => s.error);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    void settingsActions.load();
  }, []);

  return (
    <main className="view" id="main" aria-labelledby="view-title">
      <div className="view-header">
        <div>
          <h1 id="view-title" ref={heading} tabIndex={-1} data-focus-fallback>
            Settings
          </h1>
          <p className="muted small view-subtitle">
            Kept on this computer for every account; changes are written to the audit log.
          </p>
        </div>
      </div>
      {status === 'error' && error ? (
        <div className="state state-error" role="alert">
          <p>Could not read the settings: {error.message}</p>
          <button type="button" className="button" onClick={() => void settingsActions.load()}>
            Try again
          </button>
        </div>
      ) : null}
      {settings ? (
        <SettingsForm settings={settings} />
      ) : status !== 'error' ? (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the settings…
        </p>
      ) : null}
    </main>
  );
}

const NO_RESOLVERS: readonly string[] = [];

const RESOLVER_HINT =
  'One IP address per line, optionally with :port (e.g. 1.1.1.1 or [2001:db8::53]:53), at most 8. Empty: this computer’s resolvers and well-known public ones. The propagation view and the dedicated IP checks ask them.';

/** The resolvers' hint; with `--resolver` on the command line, that those are asked instead. */
function resolverHint(override: readonly string[]): string {
  if (override.length === 0) return RESOLVER_HINT;
  return `${RESOLVER_HINT} Now Kyrios Desk was started with --resolver ${override.join(', ')}: the checks ask ${override.length === 1 ? 'it' : 'them'} instead of this list until it is started without.`;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const overrideResolvers = useAppInfo((s) => s.info?.dnsOverride?.resolvers ?? NO_RESOLVERS);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [blockErrors, setBlockErrors] = useState<Record<string, string>>({});
  const [invalid, setInvalid] = useState<string | null>(null);
  const { busy, error: refusal, setError, formRef, run } = useSubmit();
  const formError = invalid ?? refusal;
  const formErrorId = useId();
  const saved = JSON.stringify(draftOf(settings));
  const dirty = JSON.stringify(draft) !== saved;

  const change = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setBlockErrors({});
    setInvalid(null);
    setError(null);
    const parsed = patchOf(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const fields = Object.keys(parsed.errors) as (keyof typeof FIELD_LABELS)[];
      setInvalid(`Not saved: check ${fields.map((f) => FIELD_LABELS[f]).join(', ')}.`);
      return;
    }
    void run(() => settingsActions.update(parsed.patch), {
      done: (saved) => {
        setDraft(draftOf(saved));
        showToast('success', 'Settings saved.');
      },
      failed: (error) => {
        const target = errorTarget(error.message);
        const text = fieldMessage(error.message, draft);
        if (target?.field === 'blocklists') setBlockErrors({ [target.key]: text });
        else if (target) setErrors({ [target.field]: text });
        return refusalText(error.message, draft);
      },
      // Focus stays on Save (held, not disabled, while saving) unless a field is to fix.
      refocus: () =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        (document.activeElement instanceof HTMLElement ? document.activeElement : null),
    });
  }

  return (
    <form
      ref={formRef}
      className="form settings-form card"
      onSubmit={submit}
      noValidate
      aria-describedby={formError ? formErrorId : undefined}
    >
      <Field
        label="DNS resolvers"
        hint={resolverHint(overrideResolvers)}
        error={errors.dnsResolvers}
      >
        {(ids) => (
          <textarea
            {...ids}
            className="input"
            rows={3}
            value={draft.dnsResolvers}
            spellCheck={false}
            onChange={(e) => change('dnsResolvers', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Monitoring interval (minutes)"
        hint="How often every domain and the dedicated IP are re-checked: 5 to 1,440 minutes (default 60)."
        error={errors.monitorIntervalMinutes}
      >
        {(ids) => (
          <input
            {...ids}
            className="input input-number"
            inputMode="numeric"
            value={draft.monitorIntervalMinutes}
            onChange={(e) => change('monitorIntervalMinutes', e.target.value)}
          />
        )}
      </Field>
      <NotificationsField
        checked={draft.notifications}
        onChange={(on) => change('notifications', on)}
      />
      <DesktopFields
        keepMonitoring={draft.keepMonitoringWhenClosed}
        startAtLogin={draft.startAtLogin}
        disabled={busy}
        onChange={(changed) => setDraft((d) => ({ ...d, ...changed }))}
      />
      <Field
        label="Clear copied passwords after (seconds)"
        hint="A copied SMTP password is removed from the clipboard after this long, if it is still there: 0 to 600 seconds; 0 never clears it."
        error={errors.clipboardClearSeconds}
      >
        {(ids) => (
          <input
            {...ids}
            className="input input-number"
            inputMode="numeric"
            value={draft.clipboardClearSeconds}
            onChange={(e) => change('clipboardClearSeconds', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Rotation reminder (days)"
        hint="SMTP passwords older than this get a “Rotation due” badge: 1 to 3,650 days (default 90)."
        error={errors.rotationReminderDays}
      >
        {(ids) => (
          <input
            {...ids}
            className="input input-number"
            inputMode="numeric"
            value={draft.rotationReminderDays}
            onChange={(e) => change('rotationReminderDays', e.target.value)}
          />
        )}
      </Field>
      <BlocklistEditor
        lists={draft.blocklists}
        errors={blockErrors}
        disabled={busy}
        onChange={(lists) => change('blocklists', lists)}
      />
      {formError ? <FieldError id={formErrorId}>{formError}</FieldError> : null}
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          disabled={!dirty || busy}
          onClick={() => {
            setDraft(draftOf(settings));
            setErrors({});
            setBlockErrors({});
            setInvalid(null);
            setError(null);
          }}
        >
          Discard changes
        </button>
        <BusyButton type="submit" className="button button-primary" busy={busy} busyText="Saving…">
          Save settings
        </BusyButton>
      </div>
    </form>
  );
}

const PERMISSION_TEXT: Record<PagePermission, string> = {
  granted: 'This page may show notifications: they appear as the browser’s own.',
  default:
    'This page has not asked to show notifications yet: they appear inside the window until you allow them.',
  denied:
    'The browser blocks notifications from this page: they appear inside the window instead. Allow them in the site settings of the address bar to change that.',
  unsupported: 'This browser cannot show page notifications: they appear inside the window.',
};

function NotificationsField({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const mode = useAppInfo((s) => s.info?.mode ?? null);
  const [permission, setPermission] = useState<PagePermission>(() => pagePermission());
  const hintId = useId();
  return (
    <div className="field">
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={hintId}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span className="field-label">Notifications</span>
      </label>
      <p className="field-hint" id={hintId}>
        Daily-limit warnings (80% and 95%, once each per day), deleted credentials, broken DNS
        records, domains ready to Verify Now and dedicated IP problems.{' '}
        {mode === 'desktop' ? 'Shown by the operating system.' : PERMISSION_TEXT[permission]}
      </p>
      {mode === 'browser' && permission === 'default' ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => void askPagePermission().then(setPermission)}
        >
          Allow page notifications
        </button>
      ) : null}
    </div>
  );
}
