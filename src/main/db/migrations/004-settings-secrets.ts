import type { Migration } from '../../../sqlite/migrate';

/**
 * App-wide state (the settings document, the account in use) and the API keys of remote accounts
 * as the OS secret store encrypted them (Electron safeStorage): an opaque blob, never the key.
 */
export const migration004: Migration = {
  version: 4,
  name: 'settings-secrets',
  sql: `
CREATE TABLE app_state (
  key TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE account_secrets (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  blob BLOB NOT NULL,
  stored_at TEXT NOT NULL
) STRICT;
`,
};
