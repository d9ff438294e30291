import { useEffect, useRef, useState } from 'react';
import type { AccountEntry } from '../../shared/contract';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { accountRegistryActions, useAccountRegistry } from './account-registry-store';
import { useAppInfo } from '../shell/app-info-store';
import { keyStorageText } from './account-registry-store';
import { showToast } from '../ui/toast-store';
import { AddAccountDialog, SetKeyDialog } from './AccountDialogs';

type AccountDialog =
  | { kind: 'add' }
  | { kind: 'key'; account: AccountEntry }
  | { kind: 'remove'; account: AccountEntry };

/** "Accounts": the embedded sandbox and remote Kyrios accounts; where each key is kept. */
export function AccountsView() {
  const view = useAccountRegistry((s) => s.view);
  const status = useAccountRegistry((s) => s.status);
  const error = useAccountRegistry((s) => s.error);
  const mode = useAppInfo((s) => s.info?.mode ?? null);
  const [dialog, setDialog] = useState<AccountDialog | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    void accountRegistryActions.load();
  }, []);

  async function switchTo(account: AccountEntry) {
    setSwitching(account.id);
    const result = await accountRegistryActions.switchTo(account.id);
    setSwitching(null);
    if (result.ok) showToast('success', `Now using ${result.value.account.label}.`);
    else showToast('error', `Could not switch to ${account.label}: ${result.error.message}`);
  }

  const store = view?.secretStore;
  return (
    <main className="view" id="main" aria-labelledby="view-title">
      <div className="view-header">
        <div>
          <h1 id="view-title" ref={heading} tabIndex={-1} data-focus-fallback>
            Accounts
          </h1>
          <p className="muted small view-subtitle">
            The embedded sandbox, and Kyrios accounts reached by a base URL and an API key.
          </p>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={() => setDialog({ kind: 'add' })}
        >
          Add account
        </button>
      </div>

      {store && !store.persistent ? (
        <div className="banner banner-warn" role="note">
          <strong>API keys are not written to disk here.</strong>{' '}
          {store.reason ??
            (mode === 'browser'
              ? 'Browser mode keeps keys in memory only.'
              : 'This machine offers no safe place for them.')}
        </div>
      ) : null}
      {status === 'error' && error ? (
        <div className="state state-error" role="alert">
          <p>Could not read the accounts: {error.message}</p>
          <button
            type="button"
            className="button"
            onClick={() => void accountRegistryActions.load()}
          >
            Try again
          </button>
        </div>
      ) : null}
      {status === 'loading' && !view ? (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the accounts…
        </p>
      ) : null}

      {view ? (
        <ul className="account-list" aria-label="Accounts">
          {view.accounts.map((account) => (
            <li key={account.id} className="card account-card" aria-label={account.label}>
              <div className="account-head">
                <h2>{account.label}</h2>
                {account.active ? <span className="badge badge-verified">In use</span> : null}
                <span className="badge badge-pending">
                  {account.kind === 'sandbox' ? 'Embedded' : 'Remote'}
                </span>
              </div>
              <dl className="facts">
                {account.baseUrl ? (
                  <div>
                    <dt>Base URL</dt>
                    <dd>
                      <code>{account.baseUrl}</code>
                    </dd>
                  </div>
                ) : null}
                <div>
                  <dt>API key</dt>
                  <dd>
                    {keyStorageText(account)}
                    {account.key.note &&
                    account.key.storage !== 'environment' &&
                    account.key.note !== store?.reason ? (
                      <span className="muted"> {account.key.note}</span>
                    ) : null}
                  </dd>
                </div>
              </dl>
              <div className="button-row">
                {account.active ? null : (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={switching !== null}
                    aria-busy={switching === account.id}
                    aria-label={`Switch to ${account.label}`}
                    onClick={() => void switchTo(account)}
                  >
                    {switching === account.id ? 'Switching…' : 'Switch to'}
                  </button>
                )}
                {account.kind === 'remote' ? (
                  <>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Set key for ${account.label}`}
                      onClick={() => setDialog({ kind: 'key', account })}
                    >
                      Set key
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={`Remove ${account.label}`}
                      onClick={() => setDialog({ kind: 'remove', account })}
                    >
                      Remove
                    </button>
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}

      <AddAccountDialog open={dialog?.kind === 'add'} onClose={() => setDialog(null)} />
      <SetKeyDialog
        account={dialog?.kind === 'key' ? dialog.account : null}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog?.kind === 'remove'}
        title={dialog?.kind === 'remove' ? `Remove ${dialog.account.label}?` : 'Remove account'}
        description={
          dialog?.kind === 'remove' ? (
            <p>
              Kyrios Desk forgets this account and its key
              {dialog.account.active ? ' and switches to the embedded sandbox' : ''}. Nothing
              changes at Kyrios: its domains and SMTP credentials stay. The audit log keeps its
              entries.
            </p>
          ) : null
        }
        confirmLabel="Remove account"
        onConfirm={() =>
          dialog?.kind === 'remove'
            ? accountRegistryActions.remove(dialog.account.id)
            : Promise.resolve({ ok: true, value: null })
        }
        done={() => {
          if (dialog?.kind === 'remove') showToast('success', `${dialog.account.label} removed.`);
        }}
        failed={(message) =>
          `Could not remove ${dialog?.kind === 'remove' ? dialog.account.label : 'the account'}: ${message}`
        }
        onClose={() => setDialog(null)}
      />
    </main>
  );
}
