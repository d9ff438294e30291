import type { Migration } from '../../../sqlite/migrate';

/**
 * The inventory that survives: every SMTP user the app has seen (never a password), its local
 * owner/purpose note, and when and why it was deleted — so what the daily-limit rule deleted can be
 * recreated. Plus the last known account and usage, readable offline, and sync cursors.
 */
export const migration003: Migration = {
  version: 3,
  name: 'inventory',
  sql: `
CREATE TABLE smtp_users (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  domain_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  login TEXT NOT NULL,
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  note TEXT,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  deleted_at TEXT,
  deleted_reason TEXT CHECK (deleted_reason IN ('deleted', 'domain_deleted', 'daily_limit', 'missing')),
  PRIMARY KEY (account_id, id),
  CHECK ((deleted_at IS NULL) = (deleted_reason IS NULL))
) STRICT;
CREATE INDEX smtp_users_by_domain ON smtp_users (account_id, domain_id, deleted_at);

CREATE TABLE snapshots (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  json TEXT NOT NULL,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT;
`,
};
