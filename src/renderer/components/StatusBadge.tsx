import type { CheckStatus } from '../../shared/dns-check';
import type { DomainStatus, RecordStatus } from '../../shared/domain';
import { DOMAIN_STATUS_LABELS, RECORD_STATUS_LABELS } from '../../shared/labels';

export function DomainStatusBadge({ status }: { status: DomainStatus }) {
  return <span className={`badge badge-${status}`}>{DOMAIN_STATUS_LABELS[status]}</span>;
}

export function RecordStatusBadge({ status }: { status: RecordStatus }) {
  return <span className={`badge badge-record-${status}`}>{RECORD_STATUS_LABELS[status]}</span>;
}

const CHECK_LABELS: Record<CheckStatus, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' };

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  return <span className={`badge badge-record-${status}`}>{CHECK_LABELS[status]}</span>;
}
