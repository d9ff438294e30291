import { useId } from 'react';
import type { DomainCheckResult } from '../../shared/dns-check';
import { CopyButton } from '../ui/CopyButton';
import { dnssecView, type Tone } from './selectors';

const ICON: Record<Tone, string> = { pass: '✓', warn: '!', unknown: '?', fail: '✗', pending: '○' };

/**
 * The domain's zone and DNSSEC, in one line above the records' cards: signed, not signed, broken
 * (validating resolvers reject it: "works here, fails for Gmail") with the fix to copy, or not
 * known. Nothing for a check stored before DNSSEC was looked at.
 */
export function DnssecLine({ check }: { check: Pick<DomainCheckResult, 'dnssec'> | null }) {
  const titleId = useId();
  const view = dnssecView(check);
  if (!view) return null;
  return (
    <div
      className={`diagnosis diagnosis-${view.tone} dnssec-line`}
      role="group"
      aria-labelledby={titleId}
    >
      <span className="diagnosis-icon" aria-hidden="true">
        {ICON[view.tone]}
      </span>
      <div className="diagnosis-body">
        <div className="diagnosis-head">
          <strong id={titleId}>DNSSEC</strong> <span className="muted small">{view.zone}</span>{' '}
          <span className="diagnosis-verdict small">{view.label}</span>
        </div>
        <p className="diagnosis-message">{view.message}</p>
        {view.fix ? (
          <div className="diagnosis-fix">
            <span className="fix-label">Fix:</span> <span>{view.fix}</span>{' '}
            <CopyButton text={view.fix} what="DNSSEC fix" label="Copy fix" describedBy={titleId} />
            {view.dsRecords.map((ds) => (
              <div key={ds} className="fix-value">
                <code>{ds}</code>{' '}
                <CopyButton
                  text={ds}
                  what="DS record"
                  label="Copy"
                  aria-label={`Copy the DS record ${ds.length > 40 ? `${ds.slice(0, 40)}…` : ds}`}
                />
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
