import type { Migration } from '../../../sqlite/migrate';

/** Accounts the app talks to, and the last known state of their domains and generated records. */
export const migration001: Migration = {
  version: 1,
  name: 'accounts-domains',
  sql: `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('sandbox', 'remote')),
  label TEXT NOT NULL,
  base_url TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE domains (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed')),
  created_at TEXT NOT NULL,
  verified_at TEXT,
  last_checked_at TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (account_id, id),
  UNIQUE (account_id, name)
) STRICT;

CREATE TABLE domain_records (
  account_id TEXT NOT NULL,
  domain_id TEXT NOT NULL,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('TXT', 'CNAME', 'MX')),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  priority INTEGER,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  status TEXT NOT NULL,
  PRIMARY KEY (account_id, domain_id, id),
  FOREIGN KEY (account_id, domain_id) REFERENCES domains(account_id, id) ON DELETE CASCADE
) STRICT;
`,
};
