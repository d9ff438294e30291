import type { CheckStatus } from '../../shared/dns-check';
import { CHECK_STATUS_LABELS } from '../../shared/labels';

/** How a status looks; "could not check" (unknown) and "pending" are grey, never red. */
export type BadgeTone = 'pass' | 'warn' | 'unknown' | 'fail' | 'pending';

/** A status in words, coloured by its tone. */
export function Badge({ tone, label }: { tone: BadgeTone; label: string }) {
  return <span className={`badge badge-record-${tone}`}>{label}</span>;
}

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  return <Badge tone={status} label={CHECK_STATUS_LABELS[status]} />;
}
