import type { DomainStatus, RecordStatus } from './domain';
import type { RecordPurpose } from './records';

// Words the UI shows for API values. Zod-free, so the renderer bundle stays small.

export const DOMAIN_STATUS_LABELS: Record<DomainStatus, string> = {
  pending: 'Pending',
  verified: 'Verified',
  failed: 'Failed',
};

export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  pending: 'Not checked',
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
};

export const RECORD_PURPOSE_LABELS: Record<RecordPurpose, string> = {
  verification: 'Verification',
  spf: 'SPF',
  dkim: 'DKIM',
  return_path: 'Return path',
  mx: 'Inbound (MX)',
  dmarc: 'DMARC',
  tracking: 'Tracking',
};

/** The host as most DNS providers ask for it: relative to the zone, "@" for the apex. */
export function relativeHost(recordName: string, domain: string): string {
  if (recordName === domain) return '@';
  const suffix = `.${domain}`;
  return recordName.endsWith(suffix) ? recordName.slice(0, -suffix.length) : recordName;
}
