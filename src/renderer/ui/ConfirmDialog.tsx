import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface Props {
  open: boolean;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /**
   * Resolves true when done (the dialog closes); false to stay open; or what went wrong, which
   * the dialog shows (the page behind it is inert, so an error there would go unseen).
   */
  onConfirm: () => Promise<boolean | string>;
  onClose: () => void;
  returnFocusTo?: () => HTMLElement | null;
}

/** A destructive action's confirmation: Cancel is focused first, so Enter alone never destroys. */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  onConfirm,
  onClose,
  returnFocusTo,
}: Props) {
  return (
    <Dialog
      open={open}
      title={title}
      description={description}
      onClose={onClose}
      {...(returnFocusTo ? { returnFocusTo } : {})}
    >
      <ConfirmActions confirmLabel={confirmLabel} onConfirm={onConfirm} onClose={onClose} />
    </Dialog>
  );
}

function ConfirmActions({
  confirmLabel,
  onConfirm,
  onClose,
}: Pick<Props, 'confirmLabel' | 'onConfirm' | 'onClose'>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const cancel = useRef<HTMLButtonElement>(null);
  // The buttons were disabled while it ran, which took focus away: back on the safe one.
  useEffect(() => {
    if (failures > 0) cancel.current?.focus();
  }, [failures]);
  return (
    <>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button
          ref={cancel}
          type="button"
          className="button"
          onClick={onClose}
          disabled={busy}
          data-autofocus
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          aria-busy={busy}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            void onConfirm().then((outcome) => {
              setBusy(false);
              if (outcome === true) {
                onClose();
                return;
              }
              if (typeof outcome === 'string') setError(outcome);
              setFailures((n) => n + 1);
            });
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </>
  );
}
