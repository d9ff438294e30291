import { useId, type ReactNode } from 'react';
import type { CheckStatus } from '../../shared/dns-check';
import { CHECK_STATUS_LABELS } from '../../shared/labels';
import type { MailCheckResult, ReceiverResults, SmtpStep } from '../../shared/mail-check';
import { CopyButton } from '../ui/CopyButton';
import { CheckStatusBadge } from '../ui/StatusBadge';
import { formatCount } from '../ui/format';

const ICON: Record<CheckStatus, string> = { pass: '✓', warn: '!', unknown: '?', fail: '✗' };

/**
 * A message's verdicts as a receiver would give them (docs/mail-check.md): SPF, each DKIM
 * signature, DMARC, ARC and the receiver's own Authentication-Results, each in the records table's
 * words, with why it does not pass, its codes and the exact fix with a Copy button.
 */
export function MailVerdicts({ result, label }: { result: MailCheckResult; label: string }) {
  const { spf, dmarc, arc, connection } = result;
  return (
    <div className="mail-verdicts">
      <p className="mail-summary">
        <CheckStatusBadge status={result.status} />{' '}
        <span className="small">
          {result.subject ? <>“{result.subject}” · </> : null}
          From {result.from ?? 'no address'}
          {result.envelopeFrom ? <> · envelope sender {result.envelopeFrom}</> : null}
          {connection.ip ? (
            <>
              {' '}
              · sent from {connection.ip}
              {connection.source === 'received' ? ' (Received chain)' : ''}
            </>
          ) : null}{' '}
          · {formatCount(result.size)} bytes
        </span>
      </p>
      <ul className="diagnosis-list" aria-label={label}>
        <VerdictCard
          title="SPF"
          about={spf.domain ? `for ${spf.domain}` : null}
          verdict={spf}
          details={[
            ['Connecting IP', spf.ip],
            ['HELO', spf.helo],
            ['Record', spf.record],
          ]}
        />
        {result.dkim.map((dkim, i) => (
          <VerdictCard
            key={i}
            title={result.dkim.length > 1 ? `DKIM signature ${i + 1}` : 'DKIM'}
            about={
              dkim.domain ? `d=${dkim.domain}${dkim.selector ? ` s=${dkim.selector}` : ''}` : null
            }
            verdict={dkim}
            details={[
              ['Algorithm', dkim.algorithm],
              ['Aligned with From', dkim.domain ? (dkim.aligned ? 'yes' : 'no') : null],
              [
                'Signed length (l=)',
                dkim.bodyLength === null ? null : formatCount(dkim.bodyLength),
              ],
              ['Key record', dkim.keyRecord],
            ]}
          />
        ))}
        <VerdictCard
          title="DMARC"
          about={dmarc.domain ? `for ${dmarc.domain}` : null}
          verdict={dmarc}
          details={[
            ['Policy', dmarc.policy ? `${dmarc.policyTag ?? 'p'}=${dmarc.policy}` : null],
            ['Receivers', dmarc.disposition],
            [
              'Aligned',
              `SPF ${dmarc.spfAligned ? 'yes' : 'no'}, DKIM ${dmarc.dkimAligned ? 'yes' : 'no'}`,
            ],
            ['Record', dmarc.record ? `_dmarc.${dmarc.recordDomain ?? ''}: ${dmarc.record}` : null],
          ]}
        />
        {arc ? (
          <VerdictCard
            title="ARC"
            about={arc.sealedBy ? `sealed by ${arc.sealedBy}` : null}
            verdict={arc}
            details={[['Sets', String(arc.instances)]]}
          />
        ) : null}
      </ul>
      {result.dkim.length === 0 ? (
        <p className="small muted">The message carries no DKIM signature.</p>
      ) : null}
      {result.receiverResults ? <ReceiverTable receiver={result.receiverResults} /> : null}
      {result.notes.length > 0 ? (
        <ul className="mail-notes small" aria-label="Notes on the message">
          {result.notes.map((note) => (
            <li key={note.code}>{note.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface VerdictLike {
  status: CheckStatus;
  result: string;
  codes: readonly string[];
  message: string;
  fix: string | null;
}

function VerdictCard({
  title,
  about,
  verdict,
  details,
}: {
  title: string;
  about: string | null;
  verdict: VerdictLike;
  details: [string, string | null][];
}) {
  const titleId = useId();
  const codes = verdict.codes.filter((c) => c !== 'ok');
  const shown = details.filter((d): d is [string, string] => d[1] !== null && d[1] !== '');
  return (
    <li className={`diagnosis diagnosis-${verdict.status}`}>
      <span className="diagnosis-icon" aria-hidden="true">
        {ICON[verdict.status]}
      </span>
      <div className="diagnosis-body">
        <div className="diagnosis-head">
          <strong id={titleId}>
            {title}
            {about ? ` ${about}` : ''}
          </strong>{' '}
          <span className="diagnosis-verdict small">
            {CHECK_STATUS_LABELS[verdict.status]} (receivers write “{verdict.result}”)
          </span>
        </div>
        <p className="diagnosis-message">{verdict.message}</p>
        {codes.length > 0 ? (
          <p className="small muted">
            Code{codes.length > 1 ? 's' : ''}:{' '}
            {codes.map((code, i) => (
              <span key={code}>
                {i > 0 ? ', ' : ''}
                <code>{code}</code>
              </span>
            ))}
          </p>
        ) : null}
        {verdict.fix ? (
          <div className="diagnosis-fix">
            <span className="fix-label">Fix:</span> <span>{verdict.fix}</span>{' '}
            <CopyButton
              text={verdict.fix}
              what={`The fix for ${title}`}
              label="Copy fix"
              describedBy={titleId}
            />
          </div>
        ) : null}
        {shown.length > 0 ? (
          <dl className="mail-details small">
            {shown.map(([term, value]) => (
              <Detail key={term} term={term}>
                {value}
              </Detail>
            ))}
          </dl>
        ) : null}
      </div>
    </li>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>
        <code>{children}</code>
      </dd>
    </div>
  );
}

/** The receiver's own Authentication-Results beside the app's verdict on the same thing. */
function ReceiverTable({ receiver }: { receiver: ReceiverResults }) {
  return (
    <div className="mail-receiver">
      <p className="small">
        <CheckStatusBadge status={receiver.status} /> {receiver.message}
      </p>
      <table className="table" aria-label={`Authentication-Results by ${receiver.authservId}`}>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">The receiver wrote</th>
            <th scope="col">This app finds</th>
            <th scope="col">Agrees</th>
          </tr>
        </thead>
        <tbody>
          {receiver.results.map((r, i) => (
            <tr key={i}>
              <th scope="row">
                {r.method.toUpperCase()}
                {r.detail ? <span className="muted small"> {r.detail}</span> : null}
              </th>
              <td>{r.result}</td>
              <td>{r.app ?? '—'}</td>
              <td>{r.agrees === null ? '—' : r.agrees ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each SMTP step of a test send with the server's reply: what was sent (never the password). */
export function SmtpTranscript({ steps, label }: { steps: readonly SmtpStep[]; label: string }) {
  return (
    <ol className="smtp-transcript" aria-label={label}>
      {steps.map((step, i) => (
        <li key={i} className={step.ok ? 'step-ok' : 'step-failed'}>
          <span aria-hidden="true">{step.ok ? '✓' : '✗'}</span>{' '}
          <span className="visually-hidden">{step.ok ? 'OK: ' : 'Failed: '}</span>
          <code className="smtp-command">{step.command}</code>
          {step.reply ? (
            <pre className="smtp-reply">{step.reply.text}</pre>
          ) : (
            <span className="muted small"> no reply</span>
          )}
        </li>
      ))}
    </ol>
  );
}
