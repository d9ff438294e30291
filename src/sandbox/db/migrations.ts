import type { Migration } from '../../sqlite/migrate';

/** The sandbox database's migrations, in order. Append only. */
export const sandboxMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts-keys-domains-records',
    sql: `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  key_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE domains (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
  verification_token TEXT NOT NULL,
  dkim_selector TEXT NOT NULL,
  dkim_private_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  verified_at TEXT,
  last_checked_at TEXT,
  deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX domains_active_name ON domains (account_id, name) WHERE deleted_at IS NULL;

CREATE TABLE records (
  id TEXT PRIMARY KEY,
  domain_id TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('TXT', 'CNAME', 'MX')),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  priority INTEGER,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'pending'
) STRICT;
CREATE INDEX records_domain ON records (domain_id, position);
`,
  },
];
