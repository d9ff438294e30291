import * as Radix from '@radix-ui/react-dialog';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { canFocus, firstTabbable, focusOrFallback } from './focus';
import { hostToasts } from './toast-store';
import { Toasts } from './Toasts';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  description?: ReactNode;
  /** `wide` for dialogs with tables or long values. */
  size?: 'normal' | 'wide';
  /**
   * Where focus goes on close when not back where it was (e.g. the ⋯ button of a menu item, or
   * the note saying why the button that opened it is now disabled).
   */
  returnFocusTo?: () => HTMLElement | null;
}

/**
 * A modal dialog on Radix's: focus moves in (to the `data-autofocus` element, else the first
 * field), Tab and Shift+Tab cycle inside it with no stop outside, the page behind is hidden from
 * assistive technology and takes no clicks, Escape closes it. On close focus goes back to where it
 * was, or `returnFocusTo`, or the screen's heading when that element is gone or disabled (a menu
 * item, a deleted row, a button the change just disabled). While open it shows the toasts: the
 * page behind is hidden.
 *
 * No Radix overlay: its scroll lock injects a <style> element, which the Content Security Policy
 * refuses; a plain backdrop does the same job here.
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
  const toastHost = useId();
  const content = useRef<HTMLDivElement>(null);
  // What had focus when the dialog opened: where it goes back to.
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => (open ? hostToasts(toastHost) : undefined), [open, toastHost]);

  return (
    <Radix.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
    >
      <Radix.Portal>
        <div className="dialog-backdrop" aria-hidden="true" />
        <Radix.Content
          ref={content}
          className={size === 'wide' ? 'dialog dialog-wide' : 'dialog'}
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            const active = document.activeElement;
            opener.current = active instanceof HTMLElement ? active : null;
            const root = content.current;
            if (!root) return;
            (root.querySelector<HTMLElement>('[data-autofocus]') ?? firstTabbable(root))?.focus();
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            const target = returnFocusTo?.();
            focusOrFallback(canFocus(target) ? target : opener.current);
          }}
          // A click beside the dialog does not throw away what was typed in it.
          onPointerDownOutside={(event) => event.preventDefault()}
        >
          <Radix.Title className="dialog-title">{title}</Radix.Title>
          {description ? (
            <Radix.Description asChild>
              <div className="dialog-description">{description}</div>
            </Radix.Description>
          ) : null}
          {children}
          <Toasts host={toastHost} />
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  );
}
