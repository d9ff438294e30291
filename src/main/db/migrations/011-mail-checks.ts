import type { Migration } from '../../../sqlite/migrate';

/**
 * Test sends and checked messages, per domain, readable offline: the verdicts (the check's JSON,
 * never the message itself, which may be 50 MB) and, for a test send, each SMTP step with its reply.
 * `domain_id` is the account's domain the message is from; null for a message from elsewhere.
 */
export const migration011: Migration = {
  version: 11,
  name: 'mail-checks',
  sql: `
CREATE TABLE mail_checks (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  domain_id TEXT,
  domain TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('check', 'test_send')),
  at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'unknown', 'fail')),
  subject TEXT,
  from_address TEXT,
  recipient TEXT,
  result_json TEXT,
  transcript_json TEXT,
  note TEXT,
  CHECK (kind = 'test_send' OR result_json IS NOT NULL)
) STRICT;
CREATE INDEX mail_checks_by_domain ON mail_checks (account_id, domain_id, at DESC, id DESC);
CREATE INDEX mail_checks_by_account ON mail_checks (account_id, at DESC, id DESC);
`,
};
