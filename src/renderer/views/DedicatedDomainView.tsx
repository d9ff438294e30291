import { useEffect, useState } from 'react';
import { AddDomainDialog } from '../components/AddDomainDialog';
import { domainsActions, useDomains, useSelectedDomain } from '../stores';
import { formatDateTime } from '../format';
import { DomainDetail } from './DomainDetail';
import { DomainList } from './DomainList';

/** "Dedicated Domain And IP": the domains of the account in use and their DNS records. */
export function DedicatedDomainView() {
  const [adding, setAdding] = useState(false);
  const status = useDomains((s) => s.status);
  const domains = useDomains((s) => s.domains);
  const error = useDomains((s) => s.error);
  const source = useDomains((s) => s.source);
  const syncedAt = useDomains((s) => s.syncedAt);
  const offlineReason = useDomains((s) => s.offlineReason);
  const selectedId = useDomains((s) => s.selectedId);
  const selected = useSelectedDomain();

  useEffect(() => {
    void domainsActions.load();
  }, []);

  return (
    <main className="view" aria-labelledby="view-title">
      <div className="view-header">
        <h1 id="view-title">Dedicated Domain And IP</h1>
        <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
          Add Domain
        </button>
      </div>

      {source === 'cache' && status === 'ready' ? (
        <div className="banner banner-warn" role="status">
          Kyrios cannot be reached ({offlineReason}). Showing the domains as of{' '}
          {syncedAt ? formatDateTime(syncedAt) : 'the last sync'}.
        </div>
      ) : null}

      {status === 'loading' || status === 'idle' ? (
        <p className="state" role="status">
          Loading domains…
        </p>
      ) : null}

      {status === 'error' && error ? (
        <div className="state state-error" role="alert">
          <p>Could not load the domains: {error.message}</p>
          <button type="button" className="button" onClick={() => void domainsActions.load()}>
            Try again
          </button>
        </div>
      ) : null}

      {status === 'ready' && domains.length === 0 ? (
        <div className="state">
          <p className="state-title">No dedicated domains yet</p>
          <p className="muted">
            Add the domain you send from. Kyrios generates the DNS records to publish at your DNS
            provider.
          </p>
        </div>
      ) : null}

      {status === 'ready' && domains.length > 0 ? (
        <div className="split">
          <DomainList domains={domains} selectedId={selectedId} onSelect={domainsActions.select} />
          {selected ? (
            <DomainDetail domain={selected} />
          ) : (
            <p className="muted detail-placeholder">Select a domain to see its DNS records.</p>
          )}
        </div>
      ) : null}

      <AddDomainDialog open={adding} onClose={() => setAdding(false)} />
    </main>
  );
}
