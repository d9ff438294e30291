import type { ButtonHTMLAttributes } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** The action runs: the button says so and ignores clicks. */
  busy: boolean;
  /** What it says meanwhile (default: unchanged). */
  busyText?: string;
}

/**
 * A button whose action takes a while. While it runs the button stays focusable (aria-disabled,
 * not disabled): a disabled button drops keyboard focus to the page's body, so the user would have
 * to find their place again once the action is done.
 */
export function BusyButton({ busy, busyText, onClick, type, children, ...rest }: Props) {
  return (
    <button
      {...rest}
      type={type ?? 'button'}
      aria-disabled={busy || rest['aria-disabled'] ? true : undefined}
      aria-busy={busy}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    >
      {busy && busyText ? busyText : children}
    </button>
  );
}
