import { Field } from '../ui/Field';

/** Longest owner/purpose note or "where it's used" text (the contract's bound). */
export const NOTE_MAX = 500;

interface NoteFieldsProps {
  note: string;
  whereUsed: string;
  onNote: (value: string) => void;
  onWhereUsed: (value: string) => void;
  disabled: boolean;
  /** Creating a user: both fields are optional and say so. */
  optional?: boolean;
  /** The first field takes focus when the dialog opens. */
  autoFocus?: boolean;
}

/**
 * An SMTP user's two local notes, as the create and edit dialogs ask for them: who owns it or
 * what it is for, and where it is used (the apps and integrations to fix after a revocation).
 */
export function NoteFields(props: NoteFieldsProps) {
  const suffix = props.optional ? ' (optional)' : '';
  return (
    <>
      <Field label={`Owner or purpose${suffix}`}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={props.note}
            maxLength={NOTE_MAX}
            placeholder="e.g. Anna, warm-up service"
            onChange={(e) => props.onNote(e.target.value)}
            data-autofocus={props.autoFocus ? true : undefined}
            disabled={props.disabled}
          />
        )}
      </Field>
      <Field label={`Where it's used${suffix}`}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={props.whereUsed}
            maxLength={NOTE_MAX}
            placeholder="e.g. Billing app, Zapier"
            onChange={(e) => props.onWhereUsed(e.target.value)}
            disabled={props.disabled}
          />
        )}
      </Field>
    </>
  );
}
