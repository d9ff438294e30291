import type { Migration } from '../../../sqlite/migrate';

/**
 * Every action taken from this app, with its time and account. Not tied to the accounts table: the
 * log outlives an account's removal, so the label is kept as it was.
 */
export const migration005: Migration = {
  version: 5,
  name: 'audit-log',
  sql: `
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  account_id TEXT NOT NULL,
  account_label TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail_json TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_account ON audit_log (account_id, id DESC);
`,
};
