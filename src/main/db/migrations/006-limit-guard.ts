import type { Migration } from '../../../sqlite/migrate';

/**
 * The limit guard and revocations: readings of the account's daily count (for the hourly rate),
 * notices already given (once per threshold per UTC day, once per revocation), the daily-limit
 * revocations seen in the event feed, and which new SMTP user recreated a revoked one.
 */
export const migration006: Migration = {
  version: 6,
  name: 'limit-guard',
  sql: `
CREATE TABLE usage_samples (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  sent INTEGER NOT NULL CHECK (sent >= 0),
  PRIMARY KEY (account_id, at)
) STRICT;

CREATE TABLE notices (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT;

CREATE TABLE revocations (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  PRIMARY KEY (account_id, event_id)
) STRICT;

CREATE TABLE smtp_user_links (
  account_id TEXT NOT NULL,
  old_id TEXT NOT NULL,
  new_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (account_id, old_id),
  FOREIGN KEY (account_id, old_id) REFERENCES smtp_users(account_id, id) ON DELETE CASCADE
) STRICT;
`,
};
