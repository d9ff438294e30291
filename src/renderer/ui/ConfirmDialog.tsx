import { useRef, type ReactNode } from 'react';
import type { Result } from '../../shared/errors';
import { BusyButton } from './BusyButton';
import { Dialog } from './Dialog';
import { FieldError } from './Field';
import { useSubmit } from './use-submit';

interface Props {
  open: boolean;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /**
   * The destructive work. Done: the dialog closes (`done` runs first). Refused: the dialog stays
   * open and says why (the page behind it is hidden, so a message there would go unseen).
   */
  onConfirm: () => Promise<Result<unknown>>;
  /** What to do once it is done (a toast, a reload), and the words for a refusal. */
  done?: () => void;
  failed?: (message: string) => string;
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
  done,
  failed,
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
      <ConfirmActions
        confirmLabel={confirmLabel}
        onConfirm={onConfirm}
        onClose={onClose}
        {...(done ? { done } : {})}
        {...(failed ? { failed } : {})}
      />
    </Dialog>
  );
}

function ConfirmActions({
  confirmLabel,
  onConfirm,
  done,
  failed,
  onClose,
}: Pick<Props, 'confirmLabel' | 'onConfirm' | 'onClose' | 'done' | 'failed'>) {
  const { busy, error, run } = useSubmit();
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <>
      {error ? <FieldError>{error}</FieldError> : null}
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
        <BusyButton
          className="button button-danger"
          busy={busy}
          onClick={() =>
            void run(onConfirm, {
              done: () => {
                done?.();
                onClose();
              },
              failed: (e) => (failed ? failed(e.message) : e.message),
              // Back on the safe choice, beside the message.
              refocus: () => cancel.current,
            })
          }
        >
          {confirmLabel}
        </BusyButton>
      </div>
    </>
  );
}
