import { useEffect } from 'react';
import type { Domain } from '../../shared/domain';
import { toUnicodeName } from '../../shared/idn';
import { smtpUnavailableReason } from './DomainActionsMenu';
import { ServiceButton } from '../ui/ServiceButton';
import { DomainStateBadge } from './DomainStateBadge';
import { copyRecords, exportZoneFile, openSmtpSettings, verifyDomain } from './domain-actions';
import { formatAgo, formatDateTime } from '../ui/format';
import { checksActions, useDomainChecks, useLatestRun, useShownCheck } from './checks-store';
import { useIsVerifying } from './domains-store';
import { useServiceBlock } from '../shell/connection';
import { useNow } from '../ui/use-now';
import { checkOnScreen, lastCheckedAt } from './selectors';
import { CheckHistory } from './CheckHistory';
import { DnsDiagnostics } from './DnsDiagnostics';
import { InboundPanel } from './InboundPanel';
import { MailHistory } from './MailHistory';
import { MessageCheck } from './MessageCheck';
import { PropagationView } from './PropagationView';
import { ProviderInstructions } from './ProviderInstructions';
import { RecordsTable } from './RecordsTable';
import { DomainAlerts, RecordTimeline } from '../monitoring/RecordTimeline';

/** One domain: what to publish, what DNS says about it, and what to do next. */
export function DomainDetail({ domain }: { domain: Domain }) {
  const verifying = useIsVerifying(domain.id);
  // The DNS host and the values to publish come from the last check read; verdicts only from the
  // newest run's (see `shownCheck`): the table hides them while that one loads.
  const { latest } = useDomainChecks(domain.id);
  const shown = useShownCheck(domain.id);
  const check = checkOnScreen(shown);
  const checkedAt = lastCheckedAt(domain, useLatestRun(domain.id));
  const smtpReason = smtpUnavailableReason(domain);
  const offline = useServiceBlock();
  const now = useNow();

  useEffect(() => {
    void checksActions.loadLatest(domain.id);
  }, [domain.id]);

  return (
    <section className="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <div className="detail-title-row">
          <h2 id="detail-title">{toUnicodeName(domain.name)}</h2>
          {toUnicodeName(domain.name) === domain.name ? null : (
            <span className="muted small">{domain.name}</span>
          )}
          <DomainStateBadge domain={domain} />
        </div>
        <div className="detail-actions">
          <button
            type="button"
            className="button"
            disabled={smtpReason !== null}
            aria-describedby={smtpReason ? 'smtp-reason' : undefined}
            onClick={() => openSmtpSettings(domain)}
          >
            SMTP Settings
          </button>
          {/* While it runs the button stays focusable (aria-disabled, not disabled): focus would
              otherwise drop to the page's body under the keyboard user's feet. */}
          <ServiceButton
            className="button button-primary"
            blockedBy={offline ?? (verifying ? `Verifying ${domain.name}…` : null)}
            aria-busy={verifying}
            onClick={() => void verifyDomain(domain)}
          >
            {verifying ? 'Verifying…' : 'Verify Now'}
          </ServiceButton>
        </div>
      </header>
      <p className="muted small">
        Added {formatDateTime(domain.createdAt)} ·{' '}
        {domain.verifiedAt ? `verified ${formatDateTime(domain.verifiedAt)} · ` : ''}
        last check {formatAgo(checkedAt, now).toLowerCase()}
        {smtpReason ? (
          <span id="smtp-reason">
            {' '}
            · SMTP Settings: {smtpReason.charAt(0).toLowerCase() + smtpReason.slice(1)}
          </span>
        ) : null}
      </p>

      <DomainAlerts domain={domain} />

      {verifying ? (
        <div className="progress-note" role="status">
          <div
            className="progress progress-indeterminate"
            role="progressbar"
            aria-label={`Verifying ${domain.name}`}
          />
          <span>
            Kyrios is verifying {domain.name} while this computer asks its DNS servers and the
            resolvers…
          </span>
        </div>
      ) : null}

      <div className="section-header">
        <h3>DNS records to publish</h3>
        <div className="button-row">
          <button type="button" className="button" onClick={() => void copyRecords(domain)}>
            Copy all records
          </button>
          <button type="button" className="button" onClick={() => void exportZoneFile(domain)}>
            Export zone file
          </button>
        </div>
      </div>
      <ProviderInstructions provider={latest?.provider ?? null} domain={domain.name} />
      <RecordsTable domain={domain} check={latest} loadingNewest={shown.state === 'loading'} />
      <DnsDiagnostics domain={domain} />
      {check ? <PropagationView check={check} /> : null}
      <CheckHistory domain={domain} />
      <RecordTimeline domain={domain} />
      <InboundPanel domain={domain} check={check} />
      <MessageCheck domain={domain} />
      <MailHistory domain={domain} />
    </section>
  );
}
