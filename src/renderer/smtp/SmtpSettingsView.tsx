import { useEffect, useRef, useState } from 'react';
import type { Domain } from '../../shared/domain';
import { SMTP_USERS_PER_DOMAIN } from '../usage/limits';
import { smtpUnavailableReason } from '../domains/DomainActionsMenu';
import { ServiceButton } from '../ui/ServiceButton';
import { DomainStateBadge } from '../domains/DomainStateBadge';
import { verifyDomain } from '../domains/domain-actions';
import { formatDateTime } from '../ui/format';
import { useDomain, useDomains, useIsVerifying } from '../domains/domains-store';
import { offlineActionReason, useServiceBlock } from '../shell/connection';
import { navActions } from '../shell/nav-store';
import { smtpActions, useSmtp } from './smtp-store';
import { CreateCredentialsDialog } from './CreateCredentialsDialog';
import { CredentialsTable } from './CredentialsTable';
import { DeleteCredentialsDialog } from './DeleteCredentialsDialog';
import { EditNoteDialog } from './EditNoteDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { SendTestDialog } from './SendTestDialog';
import type { UserDialog } from './user-dialog';
import { SmtpConnection } from './SmtpConnection';
import { UsagePanel } from '../usage/UsagePanel';

/** "SMTP Settings" of one domain: how to connect, its credentials, and the account's usage. */
export function SmtpSettingsView({ domainId }: { domainId: string }) {
  const domain = useDomain(domainId);
  const domainsStatus = useDomains((s) => s.status);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <main className="view" id="main" aria-labelledby="view-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <button
          type="button"
          className="link-button"
          onClick={() => navActions.openDomain(domainId)}
        >
          ← Dedicated Domain And IP
        </button>
      </nav>
      <div className="view-header">
        <h1 id="view-title" ref={heading} tabIndex={-1} data-focus-fallback>
          SMTP Settings{domain ? ` for ${domain.name}` : ''}
        </h1>
        {domain ? <DomainStateBadge domain={domain} /> : null}
      </div>
      {domain ? (
        <SmtpSettings domain={domain} />
      ) : domainsStatus === 'ready' || domainsStatus === 'error' ? (
        <div className="state" role="alert">
          <p>This domain is not in the account (it may have been deleted).</p>
          <button type="button" className="button" onClick={() => navActions.openDomain(null)}>
            Back to the domains
          </button>
        </div>
      ) : (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading…
        </p>
      )}
    </main>
  );
}

function SmtpSettings({ domain }: { domain: Domain }) {
  const reason = smtpUnavailableReason(domain);
  const offline = useServiceBlock();
  const verifying = useIsVerifying(domain.id);
  // Verified while looking at this: the Verify Now button that had focus is gone with the
  // explanation, so focus goes to the heading rather than being lost.
  const wasBlocked = useRef(reason !== null);
  useEffect(() => {
    if (wasBlocked.current && reason === null && document.activeElement === document.body) {
      document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
    }
    wasBlocked.current = reason !== null;
  }, [reason]);
  if (reason) {
    return (
      <div className="state">
        <p className="state-title">SMTP credentials need a verified domain</p>
        <p className="muted">
          {domain.name} is {domain.status}. {reason} Publish the DNS records shown on the domain’s
          page first.
        </p>
        <div className="button-row button-row-center">
          <button type="button" className="button" onClick={() => navActions.openDomain(domain.id)}>
            Show DNS records
          </button>
          {/* Kept focusable while it runs (aria-disabled), so focus stays where the user is. */}
          <ServiceButton
            className="button button-primary"
            blockedBy={offline ?? (verifying ? 'The DNS records are being checked.' : null)}
            aria-busy={verifying}
            onClick={() => void verifyDomain(domain)}
          >
            {verifying ? 'Verifying…' : 'Verify Now'}
          </ServiceButton>
        </div>
        <p className="muted small" role="status">
          {verifying ? (
            <>
              <span className="spinner" aria-hidden="true" /> Checking the DNS records of{' '}
              {domain.name}…
            </>
          ) : null}
        </p>
      </div>
    );
  }
  return (
    <div className="smtp-layout">
      <div className="smtp-main">
        <SmtpConnection domain={domain} />
        <Credentials domain={domain} />
      </div>
      <UsagePanel domain={domain} />
    </div>
  );
}

function Credentials({ domain }: { domain: Domain }) {
  const smtp = useSmtp(domain.id);
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<UserDialog | null>(null);
  const limit = smtp.limit || SMTP_USERS_PER_DOMAIN;
  const listed = smtp.status === 'ready';
  const full = listed && smtp.users.length >= limit;
  const offline = useServiceBlock();
  // The list came from the cache although the shell has not heard yet: Kyrios did not answer.
  // Until the list is in, how many users there are (so whether one more fits) is not known.
  const blockedBy =
    offline ??
    (smtp.source === 'cache' ? offlineActionReason(null) : null) ??
    (listed
      ? null
      : smtp.status === 'error'
        ? 'Available once the SMTP users are loaded: try again below.'
        : 'Available once the SMTP users are loaded.');
  const limitNote = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    void smtpActions.load(domain.id);
  }, [domain.id]);

  return (
    <section className="card" aria-labelledby="credentials-title">
      <div className="section-header section-header-first">
        <h2 id="credentials-title">SMTP credentials</h2>
        <ServiceButton
          className="button button-primary"
          blockedBy={blockedBy}
          disabled={full}
          aria-describedby="credentials-limit"
          onClick={() => setCreating(true)}
        >
          Create SMTP Credentials
        </ServiceButton>
      </div>
      <p
        id="credentials-limit"
        ref={limitNote}
        tabIndex={-1}
        // The cap is the service's rule, not a fault: said plainly, never in an error's red.
        className={full ? 'cap-note' : 'muted small'}
      >
        {full
          ? `${domain.name} has ${smtp.users.length} SMTP users: the maximum is ${limit} per domain. Delete one to create another.`
          : listed
            ? `${smtp.users.length} of ${limit} SMTP users (at most ${limit} per domain). Create one per team member or tool, so each can be reset or deleted on its own.`
            : `At most ${limit} SMTP users per domain. Create one per team member or tool, so each can be reset or deleted on its own.`}
      </p>
      {smtp.source === 'cache' && smtp.status === 'ready' ? (
        <div className="banner banner-warn" role="status">
          Kyrios cannot be reached{smtp.offlineReason ? ` (${smtp.offlineReason})` : ''}: showing
          the credentials as of {smtp.syncedAt ? formatDateTime(smtp.syncedAt) : 'the last sync'}.
          Changes wait until it is back.
        </div>
      ) : null}
      {smtp.status === 'loading' || smtp.status === 'idle' ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the SMTP credentials…
        </p>
      ) : null}
      {smtp.status === 'error' && smtp.error ? (
        <div className="state state-error" role="alert">
          <p>Could not load the SMTP credentials: {smtp.error.message}</p>
          <button type="button" className="button" onClick={() => void smtpActions.load(domain.id)}>
            Try again
          </button>
        </div>
      ) : null}
      {smtp.status === 'ready' && smtp.users.length === 0 ? (
        <div className="state state-small">
          <p className="state-title">No SMTP credentials yet</p>
          <p className="muted">
            Create credentials to send from {domain.name} with apps, CRMs and warm-up services.
          </p>
        </div>
      ) : null}
      {smtp.users.length > 0 ? (
        <CredentialsTable
          domain={domain}
          users={smtp.users}
          blockedBy={blockedBy}
          onAction={setDialog}
        />
      ) : null}

      <CreateCredentialsDialog
        open={creating}
        domain={domain}
        onClose={() => setCreating(false)}
        // The fifth user disables Create: focus goes to the note saying why, not to the page.
        returnFocusTo={() => (full ? limitNote.current : null)}
      />
      <ResetPasswordDialog
        domain={domain}
        user={dialog?.kind === 'reset' ? dialog.user : null}
        onClose={() => setDialog(null)}
      />
      <DeleteCredentialsDialog
        domain={domain}
        user={dialog?.kind === 'delete' ? dialog.user : null}
        onClose={() => setDialog(null)}
      />
      <EditNoteDialog
        domain={domain}
        user={dialog?.kind === 'note' ? dialog.user : null}
        onClose={() => setDialog(null)}
      />
      <SendTestDialog
        domain={domain}
        user={dialog?.kind === 'test' ? dialog.user : null}
        onClose={() => setDialog(null)}
      />
    </section>
  );
}
