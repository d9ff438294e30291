import { useId } from 'react';
import { FieldError } from '../ui/Field';
import type { Blocklist } from '../../shared/ip-check';

interface Props {
  lists: Blocklist[];
  onChange: (lists: Blocklist[]) => void;
  /** Service messages per row index and field ("zone"), or for the whole list ("*"). */
  errors: Record<string, string>;
  disabled: boolean;
}

/** The DNS blocklists the dedicated IP is checked against: name, zone, whether it takes IPv6. */
export function BlocklistEditor({ lists, onChange, errors, disabled }: Props) {
  const listError = errors['*'];
  const errorId = useId();
  const update = (index: number, change: Partial<Blocklist>) =>
    onChange(lists.map((l, i) => (i === index ? { ...l, ...change } : l)));
  return (
    <fieldset className="fieldset blocklists" disabled={disabled}>
      <legend className="field-label">Blocklists</legend>
      <p className="field-hint">
        DNS blocklists the dedicated IP is checked against, at most 20. A list that refuses the
        query (as Spamhaus does from public resolvers) is reported as unknown, never as listed.
      </p>
      {lists.length === 0 ? <p className="muted small">No blocklists: none is asked.</p> : null}
      <ul className="blocklist-rows" aria-describedby={listError ? errorId : undefined}>
        {lists.map((list, index) => (
          <BlocklistRow
            key={index}
            index={index}
            list={list}
            errors={errors}
            onUpdate={(change) => update(index, change)}
            onRemove={() => onChange(lists.filter((_, i) => i !== index))}
          />
        ))}
      </ul>
      {listError ? <FieldError id={errorId}>{listError}</FieldError> : null}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...lists, { name: '', zone: '', ipv6: false }])}
      >
        Add blocklist
      </button>
    </fieldset>
  );
}

function BlocklistRow({
  index,
  list,
  errors,
  onUpdate,
  onRemove,
}: {
  index: number;
  list: Blocklist;
  errors: Record<string, string>;
  onUpdate: (change: Partial<Blocklist>) => void;
  onRemove: () => void;
}) {
  const ids = { name: useId(), zone: useId(), error: useId() };
  const nameError = errors[`${index}.name`];
  const zoneError = errors[`${index}.zone`] ?? errors[`${index}`];
  const message = [nameError, zoneError].filter(Boolean).join(' ');
  const n = index + 1;
  return (
    <li className="blocklist-row">
      <label className="field">
        <span className="field-label small">Name of blocklist {n}</span>
        <input
          id={ids.name}
          className="input"
          value={list.name}
          maxLength={80}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={message ? ids.error : undefined}
          onChange={(e) => onUpdate({ name: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label small">Zone of blocklist {n}</span>
        <input
          id={ids.zone}
          className="input"
          value={list.zone}
          placeholder="zen.spamhaus.org"
          autoCapitalize="none"
          spellCheck={false}
          aria-invalid={zoneError ? true : undefined}
          aria-describedby={message ? ids.error : undefined}
          onChange={(e) => onUpdate({ zone: e.target.value })}
        />
      </label>
      <label className="choice small">
        <input
          type="checkbox"
          checked={list.ipv6}
          onChange={(e) => onUpdate({ ipv6: e.target.checked })}
        />
        IPv6 too
      </label>
      <button
        type="button"
        className="button button-small button-danger-outline"
        aria-label={`Remove blocklist ${n}${list.name ? ` (${list.name})` : ''}`}
        onClick={onRemove}
      >
        Remove
      </button>
      {message ? (
        <FieldError id={ids.error} className="field-error blocklist-error">
          {message}
        </FieldError>
      ) : null}
    </li>
  );
}
