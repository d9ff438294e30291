import { copyText } from './clipboard';

interface Props {
  /** The exact text that lands on the clipboard. */
  text: string;
  /** What the toast names: "Host of _dmarc.example.com". */
  what: string;
  label: string;
  describedBy?: string;
  className?: string;
  /** A name for the button when its label alone would not say which value it copies. */
  'aria-label'?: string;
}

/** Copies exactly `text` and says so in a toast; the button keeps focus. */
export function CopyButton({
  text,
  what,
  label,
  describedBy,
  className,
  'aria-label': ariaLabel,
}: Props) {
  return (
    <button
      type="button"
      className={className ?? 'button button-small'}
      aria-label={ariaLabel}
      aria-describedby={describedBy}
      onClick={() => void copyText(text, what)}
    >
      {label}
    </button>
  );
}
