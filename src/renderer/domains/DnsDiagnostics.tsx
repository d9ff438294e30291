import { useId } from 'react';
import type { RecordCheckResult } from '../../shared/dns-check';
import type { Domain } from '../../shared/domain';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { BusyButton } from '../ui/BusyButton';
import { CopyButton } from '../ui/CopyButton';
import { FieldError } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { checksActions, useDomainChecks, useShownCheck } from './checks-store';
import { sharedSentences, withoutShared, fixSteps, type Segment } from './diagnosis-text';
import { useIsVerifying } from './domains-store';
import { DnssecLine } from './DnssecLine';
import {
  checkOnScreen,
  inheritedDmarcPolicy,
  resultVerdict,
  type ShownCheck,
  type Tone,
} from './selectors';

const ICON: Record<Tone, string> = { pass: '✓', warn: '!', unknown: '?', fail: '✗', pending: '○' };

/** The DNS engine's verdict per record: what was found, why it fails, and the exact fix. */
export function DnsDiagnostics({ domain }: { domain: Domain }) {
  const { status, error } = useDomainChecks(domain.id);
  const shown = useShownCheck(domain.id);
  const latest = checkOnScreen(shown);
  const verifying = useIsVerifying(domain.id);
  const checking = status === 'checking';

  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <div className="section-header">
        <h3 id="diagnostics-title">DNS diagnostics</h3>
        {/* Stays focusable while it runs: focus is still here when the result comes in. */}
        <BusyButton
          className="button"
          busy={checking}
          busyText={verifying ? undefined : 'Checking DNS…'}
          onClick={() => void checksActions.check(domain.id)}
          title="Checks the records from this computer only, without asking Kyrios: works offline."
        >
          Check DNS
        </BusyButton>
      </div>
      <p className="muted small" role="status">
        {checking
          ? `Asking ${domain.name}'s DNS servers…`
          : shown.state !== 'current'
            ? newestText(shown)
            : latest
              ? `Checked from this computer ${formatDateTime(latest.checkedAt)}${latest.provider ? ` · DNS host: ${latest.provider.name}` : ''}.`
              : status === 'loading' || status === 'idle'
                ? 'Loading the last check…'
                : 'Not checked from this computer yet: Verify Now checks the records and explains what is wrong.'}
      </p>
      {error && shown.state !== 'unloaded' ? <FieldError>{error.message}</FieldError> : null}
      <DnssecLine check={latest} />
      {latest ? (
        <DiagnosisList
          domain={domain}
          records={latest.records}
          label={`DNS diagnostics for ${domain.name}`}
        />
      ) : null}
    </section>
  );
}

/** What the status line says while the newest run's check is not the one on screen. */
function newestText(shown: Exclude<ShownCheck, { state: 'current' }>): string {
  const { newest } = shown;
  const run = `${newest.trigger === 'monitor' ? 'monitoring’s check' : 'the check'} of ${formatDateTime(newest.checkedAt)}`;
  if (shown.state === 'loading') return `Loading the newest check: ${run}…`;
  const older = shown.check ? ` Shown: the check of ${formatDateTime(shown.check.checkedAt)}.` : '';
  return `The newest check, ${run}, could not be read${shown.error ? `: ${shown.error.message}` : ''}.${older}`;
}

/**
 * One card per record. What several records say alike (the resolvers' catch-up, the DNS host's
 * advice) is said once above the cards, naming the records it is about.
 */
export function DiagnosisList({
  domain,
  records,
  label,
}: {
  domain: Pick<Domain, 'status'>;
  records: readonly RecordCheckResult[];
  label: string;
}) {
  const texts = records.map((r) => `${r.message} ${r.fix ?? ''}`);
  const shared = sharedSentences(texts);
  const groups = new Map<string, { records: string[]; sentences: string[] }>();
  for (const sentence of shared) {
    const about = records
      .filter((_, i) => (texts[i] ?? '').includes(sentence))
      .map((r) => RECORD_PURPOSE_LABELS[r.purpose]);
    const key = about.join('|');
    const group = groups.get(key) ?? { records: about, sentences: [] };
    group.sentences.push(sentence);
    groups.set(key, group);
  }
  return (
    <>
      {[...groups.values()].map((group) => (
        <div key={group.records.join('|')} className="diagnosis-shared" role="note">
          <strong>{group.records.join(', ')}:</strong> <FixText text={group.sentences.join(' ')} />
        </div>
      ))}
      <ul className="diagnosis-list" aria-label={label}>
        {records.map((r) => (
          <DiagnosisCard
            key={`${r.purpose}-${r.name}`}
            record={r}
            domain={domain}
            shared={shared}
          />
        ))}
      </ul>
    </>
  );
}

function DiagnosisCard({
  record,
  domain,
  shared,
}: {
  record: RecordCheckResult;
  domain: Pick<Domain, 'status'>;
  shared: readonly string[];
}) {
  const purposeId = useId();
  const { tone, label } = resultVerdict(record, domain);
  const message = withoutShared(record.message, shared);
  const fix = record.fix ? withoutShared(record.fix, shared) : '';
  const inherited = inheritedDmarcPolicy(record);
  return (
    <li className={`diagnosis diagnosis-${tone}`}>
      <span className="diagnosis-icon" aria-hidden="true">
        {ICON[tone]}
      </span>
      <div className="diagnosis-body">
        <div className="diagnosis-head">
          <strong id={purposeId}>{RECORD_PURPOSE_LABELS[record.purpose]}</strong>{' '}
          <span className="muted small">
            {record.type} {record.name}
          </span>{' '}
          <span className="diagnosis-verdict small">{label}</span>
        </div>
        {inherited ? <p className="diagnosis-message dmarc-inherited">{inherited}</p> : null}
        {message ? <p className="diagnosis-message">{message}</p> : null}
        {fix ? (
          <div className="diagnosis-fix">
            <span className="fix-label">Fix:</span> <FixText text={fix} describedBy={purposeId} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** A fix, a step per sentence; each value to publish as code with its own Copy button. */
function FixText({ text, describedBy }: { text: string; describedBy?: string }) {
  const steps = fixSteps(text);
  if (steps.length === 1) return <Step segments={steps[0] ?? []} describedBy={describedBy} />;
  return (
    <ol className="fix-steps">
      {steps.map((segments, i) => (
        <li key={i}>
          <Step segments={segments} describedBy={describedBy} />
        </li>
      ))}
    </ol>
  );
}

function Step({
  segments,
  describedBy,
}: {
  segments: Segment[];
  describedBy?: string | undefined;
}) {
  return (
    <>
      {segments.map((segment, i) =>
        'value' in segment ? (
          <span key={i} className="fix-value">
            <code>{segment.value}</code>{' '}
            <CopyButton
              text={segment.value}
              what="Value"
              label="Copy"
              aria-label={`Copy ${segment.value.length > 40 ? `${segment.value.slice(0, 40)}…` : segment.value}`}
              {...(describedBy ? { describedBy } : {})}
            />
          </span>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
