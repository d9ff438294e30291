import { copyText } from './clipboard';

interface Props {
  /** The exact text that lands on the clipboard. */
  text: string;
  /** What the toast names: "Host of _dmarc.example.com". */
  what: string;
  label: string;
  describedBy?: string;
  className?: string;
}

export function CopyButton({ text, what, label, describedBy, className }: Props) {
  return (
    <button
      type="button"
      className={className ?? 'button button-small'}
      aria-describedby={describedBy}
      onClick={() => void copyText(text, what)}
    >
      {label}
    </button>
  );
}
