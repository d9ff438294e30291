import { useRef, useState, type DragEvent } from 'react';
import type { Domain } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import { CHECK_STATUS_LABELS } from '../../shared/labels';
import type { MailHistoryEntry } from '../../shared/mail-check';
import { BusyButton } from '../ui/BusyButton';
import { Field, FieldError } from '../ui/Field';
import { formatCount } from '../ui/format';
import { MailVerdicts } from './MailVerdicts';
import { messageCheckActions, useMessageCheckRun } from './message-check-store';

/**
 * "Check a received message": pasted headers or a whole message, or an .eml opened or dropped,
 * verified as its receiver did, with the records Kyrios generated for the fixes.
 */
export function MessageCheck({ domain }: { domain: Domain }) {
  const run = useMessageCheckRun(domain.id);
  const [raw, setRaw] = useState('');
  const [empty, setEmpty] = useState(false);
  const [dragging, setDragging] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const checking = run.status === 'checking';

  /** A refusal (not a message, binary, cut off) is said under the form; back to the text. */
  const settled = (result: Result<MailHistoryEntry>, focus: HTMLElement | null) => {
    if (!result.ok) focus?.focus();
  };

  function checkPasted() {
    if (checking) return;
    if (raw.trim() === '') {
      setEmpty(true);
      textRef.current?.focus();
      return;
    }
    void messageCheckActions
      .checkText(domain.id, raw)
      .then((result) => settled(result, textRef.current));
  }

  function checkFile(file: File | undefined, input: HTMLElement | null) {
    if (!file || checking) return;
    setEmpty(false);
    void messageCheckActions
      .checkFile(domain.id, file, file.name)
      .then((result) => settled(result, input));
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    checkFile(event.dataTransfer.files[0], textRef.current);
  }

  const file = run.file;
  const percent = file && file.size > 0 ? Math.round((file.sent / file.size) * 100) : 0;
  return (
    <section className="message-check" aria-labelledby="message-check-title">
      <div className="section-header">
        <h3 id="message-check-title">Check a received message</h3>
      </div>
      <p className="muted small">
        See whether a message from {domain.name} passes SPF, DKIM and DMARC as its receiver judged
        it. Copy its source where it arrived (Gmail: Show original; Outlook: View message source)
        and paste it, or open or drop its .eml file.
      </p>
      <div
        className={dragging ? 'drop-area drop-area-active' : 'drop-area'}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <Field
          label="Message source or headers"
          hint="The headers alone check SPF, DMARC and the DKIM keys; the whole message also checks the DKIM signatures. You can drop an .eml file here."
          error={empty ? 'Paste the message’s headers or its whole source first.' : null}
        >
          {(control) => (
            <textarea
              {...control}
              ref={textRef}
              className="input"
              value={raw}
              spellCheck={false}
              onChange={(e) => {
                setRaw(e.target.value);
                setEmpty(false);
              }}
              readOnly={checking}
            />
          )}
        </Field>
        <div className="button-row">
          <BusyButton
            className="button button-primary"
            busy={checking}
            busyText="Checking…"
            onClick={checkPasted}
          >
            Check message
          </BusyButton>
        </div>
        <Field className="file-pick" label="Or open an .eml file">
          {(control) => (
            <input
              {...control}
              type="file"
              accept=".eml,message/rfc822"
              // Not disabled while a check runs: that would drop keyboard focus to the page.
              aria-disabled={checking || undefined}
              onChange={(e) => {
                const input = e.currentTarget;
                checkFile(input.files?.[0], input);
                // The same file can be picked again after a fix.
                input.value = '';
              }}
            />
          )}
        </Field>
      </div>
      <div role="status" className="small">
        {checking && file ? (
          <div className="progress-note">
            <div
              className="progress"
              role="progressbar"
              aria-label={`Checking ${file.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
            <span>
              Checking {file.name}: {formatCount(file.sent)} of {formatCount(file.size)} bytes read…
            </span>
          </div>
        ) : checking ? (
          'Checking the message…'
        ) : run.status === 'done' && run.entry ? (
          `Checked ${run.file ? run.file.name : 'the message'}: ${CHECK_STATUS_LABELS[run.entry.status]}.`
        ) : null}
      </div>
      {run.error ? (
        <FieldError>
          {run.file ? `${run.file.name}: ` : ''}
          {run.error.message}
        </FieldError>
      ) : null}
      {run.status === 'done' && run.entry?.result ? (
        <MailVerdicts
          result={run.entry.result}
          label={`Verdicts of the checked message${run.file ? ` ${run.file.name}` : ''}`}
        />
      ) : null}
    </section>
  );
}
