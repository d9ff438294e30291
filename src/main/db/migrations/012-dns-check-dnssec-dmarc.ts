import type { Migration } from '../../../sqlite/migrate';

/**
 * What a DNS check adds to its result since the engine reads DNSSEC and DMARC as receivers do
 * (docs/diagnostics.md): the zone's DNSSEC state on the run, and on a DMARC record the record
 * receivers apply and where it lives. Both JSON, both null for checks stored before.
 */
export const migration012: Migration = {
  version: 12,
  name: 'dns-check-dnssec-dmarc',
  sql: `
ALTER TABLE check_runs ADD COLUMN dnssec_json TEXT;
ALTER TABLE check_records ADD COLUMN dmarc_json TEXT;
`,
};
