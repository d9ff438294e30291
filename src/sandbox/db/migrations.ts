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
  {
    version: 2,
    name: 'smtp-users-sending-events-idempotency-messages',
    sql: `
CREATE TABLE smtp_users (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  domain_id TEXT NOT NULL REFERENCES domains(id),
  login TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  deleted_at TEXT,
  deleted_reason TEXT CHECK (deleted_reason IN ('deleted', 'domain_deleted', 'daily_limit')),
  CHECK ((deleted_at IS NULL) = (deleted_reason IS NULL))
) STRICT;
CREATE UNIQUE INDEX smtp_users_active_login ON smtp_users (login) WHERE deleted_at IS NULL;
CREATE INDEX smtp_users_domain ON smtp_users (domain_id, created_at);
CREATE INDEX smtp_users_account_active ON smtp_users (account_id) WHERE deleted_at IS NULL;

-- The account's count for one UTC day. The CHECK is the last guard of the daily limit.
CREATE TABLE daily_sends (
  account_id TEXT NOT NULL REFERENCES accounts(id),
  day TEXT NOT NULL,
  sent INTEGER NOT NULL CHECK (sent BETWEEN 0 AND 1500),
  PRIMARY KEY (account_id, day)
) STRICT, WITHOUT ROWID;

-- Per SMTP user and day; kept when the user or its domain is deleted (usage history stays).
CREATE TABLE user_daily_sends (
  smtp_user_id TEXT NOT NULL REFERENCES smtp_users(id),
  day TEXT NOT NULL,
  sent INTEGER NOT NULL CHECK (sent >= 0),
  PRIMARY KEY (smtp_user_id, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_daily_sends_day ON user_daily_sends (day);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX events_account ON events (account_id, id);

-- Stored responses for Idempotency-Key replays, encrypted with a key derived from the
-- Idempotency-Key itself (a generated SMTP password may be in the body).
CREATE TABLE idempotency_keys (
  account_id TEXT NOT NULL REFERENCES accounts(id),
  key_hash TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, key_hash)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE outbound_messages (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  smtp_user_id TEXT NOT NULL REFERENCES smtp_users(id),
  mail_from TEXT NOT NULL,
  recipients TEXT NOT NULL,
  size INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  raw BLOB NOT NULL
) STRICT;
CREATE INDEX outbound_messages_user ON outbound_messages (smtp_user_id, received_at);

CREATE TABLE inbound_messages (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  domain_id TEXT NOT NULL REFERENCES domains(id),
  mail_from TEXT NOT NULL,
  recipients TEXT NOT NULL,
  from_header TEXT,
  subject TEXT,
  message_id TEXT,
  text TEXT,
  size INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  raw BLOB NOT NULL
) STRICT;
CREATE INDEX inbound_messages_account ON inbound_messages (account_id, received_at);
`,
  },
  {
    version: 3,
    name: 'outbox',
    // The recipients of a sent message that the service does not receive for itself. The signed
    // raw form stays in outbound_messages (one copy per message, whatever its recipients).
    sql: `
CREATE TABLE outbox_messages (
  id TEXT PRIMARY KEY REFERENCES outbound_messages(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  domain_id TEXT NOT NULL REFERENCES domains(id),
  envelope_from TEXT NOT NULL,
  recipients TEXT NOT NULL,
  from_header TEXT,
  subject TEXT,
  message_id TEXT,
  sent_from TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  accepted_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_messages_account ON outbox_messages (account_id, accepted_at);
`,
  },
];
