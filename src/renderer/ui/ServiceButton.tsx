import { useId, type ButtonHTMLAttributes } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Why the action cannot run now (e.g. Kyrios is offline); null when it can. */
  blockedBy: string | null;
}

/**
 * A button for an action that needs something not always there (the service). Blocked, it stays
 * focusable (aria-disabled) and carries the reason as its description and tooltip, so nobody
 * clicks a dead button or is left guessing why nothing happens.
 */
export function ServiceButton({
  blockedBy,
  onClick,
  type,
  title,
  children,
  'aria-describedby': describedBy,
  ...rest
}: Props) {
  const reasonId = useId();
  const blocked = blockedBy !== null;
  const described = [describedBy, blocked ? reasonId : null].filter(Boolean).join(' ');
  return (
    <>
      <button
        {...rest}
        type={type ?? 'button'}
        title={blocked ? blockedBy : title}
        aria-disabled={blocked ? true : undefined}
        aria-describedby={described || undefined}
        onClick={(event) => {
          if (blocked) {
            event.preventDefault();
            return;
          }
          onClick?.(event);
        }}
      >
        {children}
      </button>
      {blocked ? (
        <span id={reasonId} className="visually-hidden">
          {blockedBy}
        </span>
      ) : null}
    </>
  );
}
