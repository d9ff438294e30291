import { BusyButton } from './BusyButton';

interface FormActionsProps {
  busy: boolean;
  onCancel: () => void;
  /** The submit button's label. */
  submit: string;
  /** Its label while the form's work runs (default: unchanged). */
  busyText?: string;
}

/**
 * A dialog form's footer: Cancel, and the primary submit button. While the work runs Cancel is
 * held and the submit button ignores clicks but keeps focus (see BusyButton).
 */
export function FormActions({ busy, onCancel, submit, busyText }: FormActionsProps) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <BusyButton
        type="submit"
        className="button button-primary"
        busy={busy}
        {...(busyText ? { busyText } : {})}
      >
        {submit}
      </BusyButton>
    </div>
  );
}
