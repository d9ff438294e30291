import { useEffect, useId, useRef, type ReactNode } from 'react';
import { hostToasts } from './toasts';
import { Toasts } from './Toasts';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  description?: ReactNode;
  /** `wide` for dialogs with tables or long values. */
  size?: 'normal' | 'wide';
  /** Where focus goes on close when not back where it was (e.g. the ⋯ button of a menu item). */
  returnFocusTo?: () => HTMLElement | null;
}

/**
 * A modal on the platform's own <dialog>: showModal() gives the top layer, an inert page behind,
 * Escape to close and initial focus; focus goes back to where it was when the dialog closes (or to
 * the page heading when that element is gone or disabled, e.g. a menu item, a deleted row or a
 * button the change just disabled). While open, the dialog shows the toasts: the page is inert.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  description,
  size,
  returnFocusTo,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  const toastHost = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
      // One rule for initial focus, whatever the browser's dialog focusing steps do.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => (open ? hostToasts(toastHost) : undefined), [open, toastHost]);

  return (
    <dialog
      ref={ref}
      className={size === 'wide' ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={() => {
        // Runs once the page is no longer inert, so the target can take focus.
        const target = returnFocusTo?.() ?? returnFocus.current;
        const usable =
          target?.isConnected && target !== document.body && !target.matches(':disabled');
        if (usable) target.focus();
        else document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
        if (open) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {description ? (
        <div id={descriptionId} className="dialog-description">
          {description}
        </div>
      ) : null}
      {open ? children : null}
      {open ? <Toasts host={toastHost} /> : null}
    </dialog>
  );
}
