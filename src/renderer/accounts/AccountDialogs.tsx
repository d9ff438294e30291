import { useState, type FormEvent } from 'react';
import { Field } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
import type { AccountEntry } from '../../shared/contract';
import { Dialog } from '../ui/Dialog';
import { accountRegistryActions, useAccountRegistry } from './account-registry-store';
import { keyStorageText } from './account-registry-store';
import { showToast } from '../ui/toast-store';
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
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, setError, formRef, run } = useSubmit();
  const persistence = useAccountRegistry((s) => s.view?.secretStore ?? null);
  const missing = (value: string, what: string) =>
    submitted && !value.trim() ? `Enter ${what}.` : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (!label.trim() || !baseUrl.trim() || !apiKey.trim()) return;
    void run(() => accountRegistryActions.add({ label, baseUrl, apiKey, activate }), {
      done: (added) => {
        showToast(
          'success',
          `${added.account.label} added${activate ? ' and in use' : ''}. ${keyStorageText(added.account)}`,
        );
        onDone();
      },
    });
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field label="Label" error={missing(label, 'a label')}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={label}
            maxLength={80}
            placeholder="e.g. Production"
            onChange={(e) => setLabel(e.target.value)}
            disabled={busy}
            data-autofocus
          />
        )}
      </Field>
      <Field label="Base URL" error={missing(baseUrl, 'the base URL')}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={baseUrl}
            type="url"
            placeholder="https://api.example.com"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => setBaseUrl(e.target.value)}
            disabled={busy}
          />
        )}
      </Field>
      <Field
        label="API key"
        hint={
          persistence?.persistent
            ? 'Kept encrypted by the operating system’s secret store.'
            : `Kept in memory only: ${persistence?.reason ?? 'it is not written to disk.'}`
        }
        error={missing(apiKey, 'the API key') ?? error}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            value={apiKey}
            type="password"
            autoComplete="off"
            onChange={(e) => setApiKey(e.target.value)}
            disabled={busy}
          />
        )}
      </Field>
      <label className="choice">
        <input
          type="checkbox"
          checked={activate}
          onChange={(e) => setActivate(e.target.checked)}
          disabled={busy}
        />
        Switch to it now
      </label>
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
  const [submitted, setSubmitted] = useState(false);
  const { busy, error, setError, formRef, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (!apiKey.trim()) return;
    void run(() => accountRegistryActions.setKey(account.id, apiKey), {
      done: (entry) => {
        showToast('success', `Key of ${account.label} saved. ${keyStorageText(entry)}`);
        onDone();
      },
    });
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field
        label="API key"
        error={(submitted && !apiKey.trim() ? 'Enter the API key.' : null) ?? error}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            value={apiKey}
            type="password"
            autoComplete="off"
            onChange={(e) => setApiKey(e.target.value)}
            disabled={busy}
            data-autofocus
          />
        )}
      </Field>
      <FormActions busy={busy} onCancel={onDone} submit="Save key" busyText="Checking the key…" />
    </form>
  );
}
