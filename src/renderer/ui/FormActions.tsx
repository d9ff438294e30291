interface FormActionsProps {
  busy: boolean;
  onCancel: () => void;
  /** The submit button's label. */
  submit: string;
  /** Its label while the form's work runs (default: unchanged). */
  busyText?: string;
}

/** A dialog form's footer: Cancel, and the primary submit button, both held while it is busy. */
export function FormActions({ busy, onCancel, submit, busyText }: FormActionsProps) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
        {busy && busyText ? busyText : submit}
      </button>
    </div>
  );
}
