import { useEffect } from 'react';
import { Toasts } from './components/Toasts';
import { appActions, connectPushes, useAppInfo, useDomains } from './stores';
import { DedicatedDomainView } from './views/DedicatedDomainView';

function AccountBadge() {
  const info = useAppInfo((s) => s.info);
  const error = useAppInfo((s) => s.error);
  const source = useDomains((s) => s.source);
  if (error) return <span className="account account-error">{error.message}</span>;
  if (!info) return <span className="account">Connecting…</span>;
  const online = source === 'live';
  return (
    <span className="account" title={info.account.baseUrl}>
      <span className={`dot ${online ? 'dot-online' : 'dot-offline'}`} aria-hidden="true" />
      {info.account.label}
      <span className="muted"> · {online ? 'Connected' : 'Offline'}</span>
    </span>
  );
}

export function App() {
  useEffect(() => {
    void appActions.load();
    return connectPushes();
  }, []);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Kyrios Desk</span>
        <AccountBadge />
      </header>
      <DedicatedDomainView />
      <Toasts />
    </div>
  );
}
