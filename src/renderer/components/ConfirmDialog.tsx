import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface Props {
  open: boolean;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** Resolves true when done (the dialog closes), false to stay open (the error is shown elsewhere). */
  onConfirm: () => Promise<boolean>;
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
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
        Cancel
      </button>
      <button
        type="button"
        className="button button-danger"
        aria-busy={busy}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onConfirm().then((done) => {
            setBusy(false);
            if (done) onClose();
          });
        }}
      >
        {confirmLabel}
      </button>
    </div>
  );
}
