import type { Migration } from '../../../sqlite/migrate';

/**
 * "Where it's used" for each SMTP user: the apps, CRMs and integrations that send with the login,
 * kept locally beside the owner/purpose note (never sent to the service), so that after the
 * daily-limit rule deletes every credential the admin knows where each new password must go.
 */
export const migration008: Migration = {
  version: 8,
  name: 'where-used',
  sql: `
ALTER TABLE smtp_users ADD COLUMN where_used TEXT;
`,
};
