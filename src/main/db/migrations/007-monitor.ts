import type { Migration } from '../../../sqlite/migrate';

/**
 * Monitoring: the last real observation of each record (a run that could not look it up observes
 * nothing), every change between consecutive observations (the per-domain timeline), and the
 * alerts raised (drift, ready to Verify Now, the dedicated IP listed or without reverse DNS). At
 * most one open alert per subject.
 */
export const migration007: Migration = {
  version: 7,
  name: 'monitor',
  sql: `
CREATE TABLE record_states (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  domain_id TEXT NOT NULL,
  record_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail')),
  found_json TEXT NOT NULL,
  codes_json TEXT NOT NULL,
  since TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (account_id, domain_id, record_key)
) STRICT;

CREATE TABLE record_changes (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  domain_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  purpose TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  before_json TEXT,
  after_json TEXT NOT NULL
) STRICT;
CREATE INDEX record_changes_by_domain ON record_changes (account_id, domain_id, id DESC);

CREATE TABLE monitor_alerts (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('drift', 'ready', 'ip_listed', 'ip_reverse')),
  domain_id TEXT,
  domain TEXT,
  subject TEXT NOT NULL,
  record_json TEXT,
  before_json TEXT,
  after_json TEXT,
  since TEXT NOT NULL,
  resolved_at TEXT,
  message TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX monitor_alerts_open
  ON monitor_alerts (account_id, kind, COALESCE(domain_id, ''), subject) WHERE resolved_at IS NULL;
`,
};
