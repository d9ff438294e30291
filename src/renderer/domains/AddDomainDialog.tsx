import { useId, useRef, useState, type FormEvent } from 'react';
import { analyzeDomainInput } from '../../shared/domain-name';
import { domainsActions } from './domains-store';
import { navActions } from '../shell/nav-store';
import { showToast } from '../ui/toasts';
import { Dialog } from '../ui/Dialog';
import { FormActions } from '../ui/FormActions';

interface Props {
  open: boolean;
  onClose: () => void;
}

/** "Add Domain" → "Add & Verify": nothing is sent while the name is not valid. */
export function AddDomainDialog({ open, onClose }: Props) {
  return (
    <Dialog
      open={open}
      title="Add Domain"
      onClose={onClose}
      description="Enter the domain you will send from, in lowercase. Kyrios generates the DNS records to publish."
    >
      <AddDomainForm onDone={onClose} />
    </Dialog>
  );
}

function AddDomainForm({ onDone }: { onDone: () => void }) {
  const [value, setValue] = useState('');
  const [showAll, setShowAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serviceError, setServiceError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const errorId = useId();

  const analysis = analyzeDomainInput(value);
  // Messages with a one-click fix help while typing; the rest wait for blur or submit.
  const invalid = analysis.state === 'invalid' && (showAll || analysis.suggestion !== undefined);
  const emptyOnSubmit = analysis.state === 'empty' && showAll;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowAll(true);
    setServiceError(null);
    if (analysis.state !== 'valid') {
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    const result = await domainsActions.add(analysis.name);
    setBusy(false);
    if (!result.ok) {
      setServiceError(result.error.message);
      inputRef.current?.focus();
      return;
    }
    showToast('success', `${result.value.name} added. Publish its DNS records, then Verify Now.`);
    navActions.openDomain(result.value.id);
    onDone();
  }

  function applySuggestion(suggestion: string) {
    setValue(suggestion);
    setServiceError(null);
    inputRef.current?.focus();
  }

  const describedBy = [hintId, invalid || emptyOnSubmit || serviceError ? errorId : null]
    .filter(Boolean)
    .join(' ');

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="field">
        <span className="field-label">Domain name</span>
        <input
          ref={inputRef}
          type="text"
          name="domain"
          value={value}
          placeholder="example.com"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          data-autofocus
          aria-invalid={invalid || emptyOnSubmit}
          aria-describedby={describedBy}
          onChange={(e) => {
            setValue(e.target.value);
            setServiceError(null);
          }}
          onBlur={() => value.trim() !== '' && setShowAll(true)}
          disabled={busy}
        />
      </label>
      <p id={hintId} className="field-hint">
        {analysis.state === 'valid'
          ? `Will be added as ${analysis.name}.`
          : 'Lowercase letters, digits, hyphens and dots.'}
        {analysis.state !== 'empty' && analysis.unicode
          ? ` ${analysis.unicode} is registered as its punycode form.`
          : null}
      </p>
      {invalid && analysis.state === 'invalid' ? (
        <div id={errorId} className="field-error" role="alert">
          <span>{analysis.message}</span>
          {analysis.suggestion ? (
            <button
              type="button"
              className="link-button"
              onClick={() => applySuggestion(analysis.suggestion ?? '')}
            >
              Use {analysis.suggestion}
            </button>
          ) : null}
        </div>
      ) : null}
      {emptyOnSubmit ? (
        <div id={errorId} className="field-error" role="alert">
          Enter a domain name, such as example.com.
        </div>
      ) : null}
      {serviceError ? (
        <div id={errorId} className="field-error" role="alert">
          {serviceError}
        </div>
      ) : null}
      <FormActions busy={busy} onCancel={onDone} submit="Add & Verify" busyText="Adding…" />
    </form>
  );
}
