import { useId, useState, type FormEvent } from 'react';
import type { AccountEntry } from '../../shared/contract';
import { Dialog } from '../ui/Dialog';
import { accountRegistryActions, useAccountRegistry } from './account-registry-store';
import { keyStorageText } from './account-registry-store';
import { showToast } from '../ui/toasts';
import { FormActions } from '../ui/FormActions';

/** "Add account": label, base URL, API key; the key is checked with the service first. */
export function AddAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      title="Add account"
      description="A Kyrios account reached over its API: the key is checked with the service before it is kept."
      onClose={onClose}
    >
      <AddAccountForm onDone={onClose} />
    </Dialog>
  );
}

function AddAccountForm({ onDone }: { onDone: () => void }) {
  const [label, setLabel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [activate, setActivate] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const persistence = useAccountRegistry((s) => s.view?.secretStore ?? null);
  const ids = { error: useId(), keyHint: useId() };
  const missing =
    !label.trim() || !baseUrl.trim() || !apiKey.trim()
      ? 'Fill in the label, the base URL and the API key.'
      : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (missing) return;
    setBusy(true);
    const result = await accountRegistryActions.add({ label, baseUrl, apiKey, activate });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    showToast(
      'success',
      `${result.value.account.label} added${activate ? ' and in use' : ''}. ${keyStorageText(result.value.account)}`,
    );
    onDone();
  }

  const shown = error ?? (submitted ? missing : null);
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="field">
        <span className="field-label">Label</span>
        <input
          className="input"
          value={label}
          maxLength={80}
          placeholder="e.g. Production"
          onChange={(e) => setLabel(e.target.value)}
          disabled={busy}
          data-autofocus
        />
      </label>
      <label className="field">
        <span className="field-label">Base URL</span>
        <input
          className="input"
          value={baseUrl}
          type="url"
          placeholder="https://api.example.com"
          autoCapitalize="none"
          spellCheck={false}
          onChange={(e) => setBaseUrl(e.target.value)}
          disabled={busy}
        />
      </label>
      <label className="field">
        <span className="field-label">API key</span>
        <input
          className="input"
          value={apiKey}
          type="password"
          autoComplete="off"
          aria-describedby={ids.keyHint}
          onChange={(e) => setApiKey(e.target.value)}
          disabled={busy}
        />
      </label>
      <p className="field-hint" id={ids.keyHint}>
        {persistence?.persistent
          ? 'Kept encrypted by the operating system’s secret store.'
          : `Kept in memory only: ${persistence?.reason ?? 'it is not written to disk.'}`}
      </p>
      <label className="choice">
        <input
          type="checkbox"
          checked={activate}
          onChange={(e) => setActivate(e.target.checked)}
          disabled={busy}
        />
        Switch to it now
      </label>
      {shown ? (
        <div className="field-error" id={ids.error} role="alert">
          {shown}
        </div>
      ) : null}
      <FormActions
        busy={busy}
        onCancel={onDone}
        submit="Add account"
        busyText="Checking the key…"
      />
    </form>
  );
}

/** "Set key": a new API key for a remote account (e.g. one kept in memory only, after a restart). */
export function SetKeyDialog({
  account,
  onClose,
}: {
  account: AccountEntry | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={account !== null}
      title="Set the API key"
      description={account ? `A new API key for ${account.label} (${account.baseUrl}).` : null}
      onClose={onClose}
    >
      {account ? <SetKeyForm account={account} onDone={onClose} /> : null}
    </Dialog>
  );
}

function SetKeyForm({ account, onDone }: { account: AccountEntry; onDone: () => void }) {
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!apiKey.trim()) {
      setError('Enter the API key.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await accountRegistryActions.setKey(account.id, apiKey);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    showToast('success', `Key of ${account.label} saved. ${keyStorageText(result.value)}`);
    onDone();
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="field">
        <span className="field-label">API key</span>
        <input
          className="input"
          value={apiKey}
          type="password"
          autoComplete="off"
          onChange={(e) => setApiKey(e.target.value)}
          disabled={busy}
          data-autofocus
        />
      </label>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <FormActions busy={busy} onCancel={onDone} submit="Save key" busyText="Checking the key…" />
    </form>
  );
}
