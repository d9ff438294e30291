import { useRef, useState, type FormEvent } from 'react';
import { analyzeDomainInput } from '../../shared/domain-name';
import { checksActions } from './checks-store';
import { domainsActions } from './domains-store';
import { navActions } from '../shell/nav-store';
import { showToast } from '../ui/toast-store';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { useSubmit } from '../ui/use-submit';
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
  const { busy, error, setError, formRef, run } = useSubmit();
  const inputRef = useRef<HTMLInputElement>(null);

  const analysis = analyzeDomainInput(value);
  // Messages with a one-click fix help while typing; the rest wait for blur or submit.
  const invalid = analysis.state === 'invalid' && (showAll || analysis.suggestion !== undefined);
  const fieldError =
    invalid && analysis.state === 'invalid'
      ? analysis.message
      : analysis.state === 'empty' && showAll
        ? 'Enter a domain name, such as example.com.'
        : error;

  function submit(event: FormEvent) {
    event.preventDefault();
    setShowAll(true);
    setError(null);
    if (analysis.state !== 'valid') {
      inputRef.current?.focus();
      return;
    }
    void run(() => domainsActions.add(analysis.name), {
      done: (domain) => {
        showToast('success', `${domain.name} added. Publish its DNS records, then Verify Now.`);
        // "Add & Verify": the diagnostics say at once what is published and what is not yet.
        void checksActions.check(domain.id);
        navActions.openDomain(domain.id);
        onDone();
      },
      refocus: () => inputRef.current,
    });
  }

  function applySuggestion(suggestion: string) {
    setValue(suggestion);
    setError(null);
    inputRef.current?.focus();
  }

  const suggestion = invalid && analysis.state === 'invalid' ? analysis.suggestion : undefined;
  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <Field
        label="Domain name"
        hint={
          <>
            {analysis.state === 'valid'
              ? `Will be added as ${analysis.name}.`
              : 'Lowercase letters, digits, hyphens and dots.'}
            {analysis.state !== 'empty' && analysis.unicode
              ? ` ${analysis.unicode} is registered as its punycode form.`
              : null}
          </>
        }
        error={fieldError}
        errorAction={
          suggestion ? (
            <button
              type="button"
              className="link-button"
              onClick={() => applySuggestion(suggestion)}
            >
              Use {suggestion}
            </button>
          ) : null
        }
      >
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            type="text"
            name="domain"
            value={value}
            placeholder="example.com"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-autofocus
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            onBlur={() => value.trim() !== '' && setShowAll(true)}
            disabled={busy}
          />
        )}
      </Field>
      <FormActions busy={busy} onCancel={onDone} submit="Add & Verify" busyText="Adding…" />
    </form>
  );
}
