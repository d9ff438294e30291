import type { Migration } from '../../../sqlite/migrate';

/**
 * A revoked login the app never listed (created elsewhere, e.g. in the dashboard) is known only from
 * the revocation event, not from the inventory; it can be recreated all the same. Its link to the
 * user that recreated it therefore no longer requires an inventory row for the old id: the table is
 * rebuilt with the account as its only parent.
 */
export const migration009: Migration = {
  version: 9,
  name: 'revoked-links',
  sql: `
CREATE TABLE smtp_user_links_new (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  old_id TEXT NOT NULL,
  new_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (account_id, old_id)
) STRICT;
INSERT INTO smtp_user_links_new (account_id, old_id, new_id, at)
  SELECT account_id, old_id, new_id, at FROM smtp_user_links;
DROP TABLE smtp_user_links;
ALTER TABLE smtp_user_links_new RENAME TO smtp_user_links;
`,
};
