import { useEffect, useRef } from 'react';
import { AddDomainDialog } from './AddDomainDialog';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ServiceButton } from '../ui/ServiceButton';
import { deleteDomain } from './domain-actions';
import { actionsLabel } from './DomainActionsMenu';
import { formatDateTime } from '../ui/format';
import { domainsActions, useDomain, useDomains } from './domains-store';
import { useServiceBlock } from '../shell/connection';
import { useKyriosAccount } from '../shell/kyrios-account-store';
import { navActions, useNav } from '../shell/nav-store';
import { DedicatedIpPanel } from '../monitoring/DedicatedIpPanel';
import { DomainDetail } from './DomainDetail';
import { DomainList } from './DomainList';

/** "Dedicated Domain And IP": the domains of the account in use and their DNS records. */
export function DedicatedDomainView({ selectedId }: { selectedId: string | null }) {
  const adding = useNav((s) => s.addingDomain);
  const status = useDomains((s) => s.status);
  const domains = useDomains((s) => s.domains);
  const error = useDomains((s) => s.error);
  const source = useDomains((s) => s.source);
  const syncedAt = useDomains((s) => s.syncedAt);
  const offlineReason = useDomains((s) => s.offlineReason);
  const dedicatedIp = useKyriosAccount((s) => s.account?.dedicatedIp ?? null);
  const selected = useDomain(selectedId);
  const offline = useServiceBlock();

  return (
    <main className="view" id="main" aria-labelledby="view-title">
      <div className="view-header">
        <div>
          <h1 id="view-title" tabIndex={-1} data-focus-fallback>
            Dedicated Domain And IP
          </h1>
          <p className="muted small view-subtitle">
            {dedicatedIp ? (
              <>
                Dedicated IP <code>{dedicatedIp}</code> ·{' '}
              </>
            ) : null}
            Domains you send from, their DNS records and SMTP credentials.
          </p>
        </div>
        <ServiceButton
          className="button button-primary"
          blockedBy={offline}
          onClick={navActions.addDomain}
        >
          Add Domain
        </ServiceButton>
      </div>

      <DedicatedIpPanel />

      {source === 'cache' && status === 'ready' ? (
        <div className="banner banner-warn" role="status">
          Kyrios cannot be reached{offlineReason ? ` (${offlineReason})` : ''}. Showing the domains
          as of {syncedAt ? formatDateTime(syncedAt) : 'the last sync'}; DNS checks still work.
        </div>
      ) : null}
      {status === 'ready' && error ? (
        <div className="banner banner-warn" role="status">
          Could not refresh the domains: {error.message}
        </div>
      ) : null}

      {status === 'loading' || status === 'idle' ? (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading domains…
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
            provider; then Verify Now, and create SMTP credentials.
          </p>
          <ServiceButton
            className="button button-primary"
            blockedBy={offline}
            onClick={navActions.addDomain}
          >
            Add your first domain
          </ServiceButton>
        </div>
      ) : null}

      {status === 'ready' && domains.length > 0 ? (
        <div className="split">
          <DomainList domains={domains} selectedId={selectedId} />
          {selected ? (
            <DomainDetail key={selected.id} domain={selected} />
          ) : (
            <div className="detail detail-placeholder">
              <p className="muted">
                {selectedId
                  ? 'This domain is no longer in the account.'
                  : 'Select a domain to see its DNS records, diagnostics and SMTP Settings.'}
              </p>
            </div>
          )}
        </div>
      ) : null}

      <AddDomainDialog open={adding} onClose={navActions.closeAddDomain} />
      <DeleteDomainDialog />
    </main>
  );
}

function DeleteDomainDialog() {
  const domainId = useNav((s) => s.deletingDomainId);
  const domain = useDomain(domainId);
  // The dialog closes after the state is cleared: remember whose ⋯ button to go back to.
  const lastName = useRef<string | null>(null);
  useEffect(() => {
    if (domain) lastName.current = domain.name;
  }, [domain]);
  const trigger = () => {
    const name = lastName.current;
    return name
      ? document.querySelector<HTMLElement>(`[aria-label="${CSS.escape(actionsLabel({ name }))}"]`)
      : null;
  };
  return (
    <ConfirmDialog
      open={domain !== null}
      title={domain ? `Delete ${domain.name}?` : 'Delete domain'}
      description={
        domain ? (
          <p>
            {domain.name} is removed from your Kyrios account with its DNS records and its SMTP
            credentials: sending from it stops at once. Its email history stays. You can add it
            again later, with new records to publish.
          </p>
        ) : null
      }
      confirmLabel="Delete domain"
      onConfirm={() => (domain ? deleteDomain(domain) : Promise.resolve({ ok: true, value: null }))}
      failed={(message) => `Could not delete ${domain?.name ?? 'the domain'}: ${message}`}
      onClose={() => navActions.confirmDelete(null)}
      returnFocusTo={trigger}
    />
  );
}
