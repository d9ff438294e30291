import type { Migration } from '../../../sqlite/migrate';

/**
 * "Could not check" becomes a status of its own (`unknown`): a record no server answered for is
 * neither stored nor counted as a failure, and an optional record that fails is a warning. The
 * status columns' CHECK constraints are widened (SQLite can only do that by rebuilding the tables:
 * new tables point at each other, the old ones go, and the renames carry the references along), and
 * the history already stored is read again under the new rule (docs/diagnostics.md).
 */
export const migration010: Migration = {
  version: 10,
  name: 'could-not-check',
  sql: `
CREATE TABLE check_runs_new (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  domain_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'unknown', 'fail')),
  provider_json TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'monitor'))
) STRICT;
INSERT INTO check_runs_new SELECT id, account_id, domain_id, domain, checked_at, status, provider_json, trigger
  FROM check_runs;

CREATE TABLE check_records_new (
  run_id INTEGER NOT NULL REFERENCES check_runs_new(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  expected TEXT,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'unknown', 'fail')),
  codes_json TEXT NOT NULL,
  message TEXT NOT NULL,
  fix TEXT,
  found_json TEXT NOT NULL,
  agree_by TEXT,
  PRIMARY KEY (run_id, position)
) STRICT;
INSERT INTO check_records_new SELECT run_id, position, purpose, type, name, required, expected,
  CASE
    WHEN codes_json = '["lookup_failed"]' THEN 'unknown'
    WHEN status = 'fail' AND required = 0 THEN 'warn'
    ELSE status
  END,
  codes_json, message, fix, found_json, agree_by
  FROM check_records;

CREATE TABLE check_servers_new (
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
  FOREIGN KEY (run_id, record_position) REFERENCES check_records_new(run_id, position) ON DELETE CASCADE
) STRICT;
INSERT INTO check_servers_new SELECT * FROM check_servers;

DROP TABLE check_servers;
DROP TABLE check_records;
DROP TABLE check_runs;
ALTER TABLE check_runs_new RENAME TO check_runs;
ALTER TABLE check_records_new RENAME TO check_records;
ALTER TABLE check_servers_new RENAME TO check_servers;
CREATE INDEX check_runs_by_domain ON check_runs (account_id, domain_id, checked_at DESC, id DESC);

UPDATE check_runs SET status = CASE
    WHEN EXISTS (SELECT 1 FROM check_records c
                 WHERE c.run_id = check_runs.id AND c.required = 1 AND c.status = 'fail') THEN 'fail'
    WHEN EXISTS (SELECT 1 FROM check_records c
                 WHERE c.run_id = check_runs.id AND c.required = 1 AND c.status = 'unknown') THEN 'unknown'
    WHEN EXISTS (SELECT 1 FROM check_records c
                 WHERE c.run_id = check_runs.id AND c.status <> 'pass') THEN 'warn'
    ELSE 'pass'
  END
  WHERE EXISTS (SELECT 1 FROM check_records c WHERE c.run_id = check_runs.id);

CREATE TABLE record_states_new (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  domain_id TEXT NOT NULL,
  record_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'unknown', 'fail')),
  found_json TEXT NOT NULL,
  codes_json TEXT NOT NULL,
  since TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (account_id, domain_id, record_key)
) STRICT;
INSERT INTO record_states_new SELECT * FROM record_states;
DROP TABLE record_states;
ALTER TABLE record_states_new RENAME TO record_states;
`,
};
