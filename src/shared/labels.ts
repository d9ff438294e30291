import type { CheckStatus } from './dns-check';
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

/** A DNS check's verdict in words; `unknown` is "Could not check", never a failure. */
export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  unknown: 'Could not check',
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

/**
 * The daily-limit rule in the service's own words (docs/product-rules.md): the usage
 * panel, the shell's warning banner and the desktop notification all say exactly this.
 */
export const DAILY_LIMIT_RULE =
  'If the limit is exceeded, all SMTP credentials of all dedicated domains are deleted automatically.';
