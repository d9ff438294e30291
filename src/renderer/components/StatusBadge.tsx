import type { CheckStatus } from '../../shared/dns-check';
import type { DomainStatus, RecordStatus } from '../../shared/domain';
import {
  CHECK_STATUS_LABELS,
  DOMAIN_STATUS_LABELS,
  RECORD_STATUS_LABELS,
} from '../../shared/labels';

export function DomainStatusBadge({ status }: { status: DomainStatus }) {
  return <span className={`badge badge-${status}`}>{DOMAIN_STATUS_LABELS[status]}</span>;
}

export function RecordStatusBadge({ status }: { status: RecordStatus }) {
  return <span className={`badge badge-record-${status}`}>{RECORD_STATUS_LABELS[status]}</span>;
}

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  return <span className={`badge badge-record-${status}`}>{CHECK_STATUS_LABELS[status]}</span>;
}
