import type { Migration } from '../../../sqlite/migrate';

/**
 * Every DNS check the app ran, per record and per server (answers, TTL, codes), so the last result
 * and the history stay readable offline. Not tied to the domains cache: a domain removed from the
 * account keeps its history.
 */
export const migration002: Migration = {
  version: 2,
  name: 'check-history',
  sql: `
CREATE TABLE check_runs (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  domain_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail')),
  provider_json TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'monitor'))
) STRICT;
CREATE INDEX check_runs_by_domain ON check_runs (account_id, domain_id, checked_at DESC, id DESC);

CREATE TABLE check_records (
  run_id INTEGER NOT NULL REFERENCES check_runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  expected TEXT,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail')),
  codes_json TEXT NOT NULL,
  message TEXT NOT NULL,
  fix TEXT,
  found_json TEXT NOT NULL,
  agree_by TEXT,
  PRIMARY KEY (run_id, position)
) STRICT;

CREATE TABLE check_servers (
  run_id INTEGER NOT NULL,
  record_position INTEGER NOT NULL,
  position INTEGER NOT NULL,
  server TEXT NOT NULL,
  host TEXT,
  role TEXT NOT NULL CHECK (role IN ('authoritative', 'resolver')),
  rcode TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  ttl INTEGER,
  ms REAL NOT NULL,
  agrees INTEGER CHECK (agrees IN (0, 1)),
  PRIMARY KEY (run_id, record_position, position),
  FOREIGN KEY (run_id, record_position) REFERENCES check_records(run_id, position) ON DELETE CASCADE
) STRICT;
`,
};
