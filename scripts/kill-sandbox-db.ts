import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type SqliteDatabase } from '../src/sqlite/open-database';
import { migrate } from '../src/sqlite/migrate';
import { sandboxMigrations } from '../src/sandbox/db/migrations';
import { SANDBOX_DATABASE_FILE } from '../src/sandbox/start';
import { createSandboxStore } from '../src/sandbox/store';
import { createIdempotencyStore } from '../src/sandbox/store/idempotency';
import { killWriter, runKillRounds, type RoundResult } from './kill-rounds';

/**
 * kill -9 during sandbox database writes, many rounds:
 *
 *   npx tsx scripts/kill-sandbox-db.ts [ROUNDS]      (default 100)
 *
 * Each round starts a writer child on the same database. The child runs the sandbox store's own
 * write paths in a loop (daily-limit reservations, SMTP user create/delete, events, stored
 * messages, idempotency records) and prints one acknowledgement per committed transaction. The
 * parent SIGKILLs it at a random moment, reopens the database and checks: PRAGMA integrity_check
 * is ok, foreign keys hold, every acknowledged write is there, and each day's account count
 * equals the sum of its per-user counts (no half transaction). Exit 1 on any failure.
 */

const SELF = fileURLToPath(import.meta.url);
const BASE_TIME = Date.parse('2031-01-01T00:00:00Z');
const FAKE_HASH = `scrypt$16384$8$1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

function setUp(dir: string) {
  const db = openDatabase(join(dir, SANDBOX_DATABASE_FILE));
  migrate(db, sandboxMigrations);
  // Each reservation moves the clock a minute: at most 1,440 per UTC day, under the limit.
  const counted = () =>
    (db.prepare('SELECT coalesce(sum(sent), 0) AS n FROM daily_sends').get() as { n: number }).n;
  let minutes = counted();
  const store = createSandboxStore(db, () => new Date(BASE_TIME + minutes * 60_000));
  const { account } = store.accounts.ensureAccount('Kill -9 account');
  return { db, store, accountId: account.id, tick: () => (minutes += 1) };
}

/** The child: writes until killed, one line per committed transaction (written after the commit). */
async function writer(dir: string): Promise<void> {
  const { db, store, accountId, tick } = setUp(dir);
  // Idempotency records on a clock that stands still: the moving one would expire them (24 h).
  const idempotency = createIdempotencyStore(db, () => new Date(BASE_TIME));
  let domain = store.domains.list(accountId)[0];
  if (!domain) {
    const id = store.domains.create({
      accountId,
      name: 'kill.example.com',
      verificationToken: '0'.repeat(32),
      dkimSelector: 'kyrios1',
      dkimPrivateKey: 'not a key',
      records: [
        {
          purpose: 'verification',
          type: 'TXT',
          name: '_kyrios.kill.example.com',
          value: 'x',
          required: true,
        },
      ],
    });
    store.domains.applyVerification(accountId, id, []);
    domain = store.domains.get(accountId, id);
  }
  if (!domain) throw new Error('no domain');
  const domainId = domain.id;
  let sender = store.smtpUsers.identityByLogin('sender@kill.example.com');
  if (!sender) {
    store.smtpUsers.create({
      accountId,
      domainId,
      login: 'sender@kill.example.com',
      passwordHash: FAKE_HASH,
    });
    sender = store.smtpUsers.identityByLogin('sender@kill.example.com');
  }
  if (!sender) throw new Error('no sender');
  const senderId = sender.id;
  // A kill between a user's creation and its deletion leaves it active: clear those first.
  for (const left of store.smtpUsers.list(accountId, domainId) ?? []) {
    if (left.id !== senderId) store.smtpUsers.delete(accountId, domainId, left.id);
  }

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('ready');
  for (let i = 0; ; i++) {
    switch (i % 5) {
      case 0:
      case 1: {
        tick();
        const result = store.sending.reserve(accountId, senderId);
        if (!result.ok) throw new Error(`reserve refused: ${result.reason}`);
        out(`reserve ${result.reservation.day}`);
        break;
      }
      case 2: {
        const id = store.sending.recordMessage({
          accountId,
          userId: senderId,
          mailFrom: 'sender@kill.example.com',
          recipients: [`r${i}@example.org`],
          size: 4096,
          raw: Buffer.alloc(4096, i % 251),
        });
        out(`message ${id}`);
        break;
      }
      case 3: {
        const created = store.smtpUsers.create({
          accountId,
          domainId,
          login: `u${process.pid}-${i}@kill.example.com`,
          passwordHash: FAKE_HASH,
        });
        if (!created.ok) throw new Error(`create refused: ${created.code}`);
        out(`user ${created.user.id}`);
        store.smtpUsers.delete(accountId, domainId, created.user.id);
        out(`deleted ${created.user.id}`);
        break;
      }
      default: {
        const key = `key-${process.pid}-${i}`;
        idempotency.save(accountId, key, 'h', { status: 201, contentType: null, body: key });
        out(`idem ${key}`);
      }
    }
    // Let stdout drain now and then (pipes are asynchronous on some systems).
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
}

interface Acked {
  reserves: Map<string, number>;
  messages: string[];
  users: string[];
  deleted: string[];
  keys: string[];
}

/** Every problem with the database against what was acknowledged; empty when all is well. */
function verify(dir: string, acked: Acked): string[] {
  const problems: string[] = [];
  let db: SqliteDatabase;
  try {
    db = openDatabase(join(dir, SANDBOX_DATABASE_FILE));
  } catch (error) {
    return [`cannot open: ${String(error)}`];
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} rows`);

    const days = new Map(
      (
        db.prepare('SELECT day, sent FROM daily_sends').all() as { day: string; sent: number }[]
      ).map((r) => [r.day, r.sent]),
    );
    for (const [day, count] of acked.reserves) {
      if ((days.get(day) ?? 0) < count) {
        problems.push(`day ${day}: ${days.get(day) ?? 0} counted, ${count} acknowledged`);
      }
    }
    const split = db
      .prepare(
        `SELECT d.day, d.sent, coalesce((SELECT sum(u.sent) FROM user_daily_sends u WHERE u.day = d.day), 0) AS users
         FROM daily_sends d`,
      )
      .all() as { day: string; sent: number; users: number }[];
    for (const row of split) {
      if (row.sent !== row.users)
        problems.push(`day ${row.day}: account ${row.sent} ≠ users ${row.users}`);
    }
    const has = (sql: string) => {
      const statement = db.prepare(sql);
      return (id: string) => statement.get(id) !== undefined;
    };
    const message = has('SELECT 1 FROM outbound_messages WHERE id = ? AND length(raw) = 4096');
    const user = has('SELECT 1 FROM smtp_users WHERE id = ?');
    const deleted = has('SELECT 1 FROM smtp_users WHERE id = ? AND deleted_at IS NOT NULL');
    const lost = (kind: string, ids: string[], test: (id: string) => boolean) => {
      const missing = ids.filter((id) => !test(id));
      if (missing.length > 0)
        problems.push(`${missing.length} acknowledged ${kind} lost (${missing[0]}…)`);
    };
    lost('messages', acked.messages, message);
    lost('users', acked.users, user);
    lost('deletions', acked.deleted, deleted);
    const store = createSandboxStore(db);
    const account = store.accounts.ensureAccount('Kill -9 account').account.id;
    lost('idempotency records', acked.keys, (key) => {
      const found = store.idempotency.lookup(account, key);
      return found.found && found.response.body === key;
    });
  } finally {
    db.close();
  }
  return problems;
}

function round(dir: string, acked: Acked): Promise<RoundResult> {
  return killWriter(SELF, dir, ([kind, value = '']) => {
    if (kind === 'reserve') acked.reserves.set(value, (acked.reserves.get(value) ?? 0) + 1);
    else if (kind === 'message') acked.messages.push(value);
    else if (kind === 'user') acked.users.push(value);
    else if (kind === 'deleted') acked.deleted.push(value);
    else if (kind === 'idem') acked.keys.push(value);
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { writer: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.writer) return writer(values.writer);

  const rounds = Number(positionals[0] ?? '100');
  if (!Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write('usage: npx tsx scripts/kill-sandbox-db.ts [ROUNDS]\n');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kyrios-kill-'));
  setUp(dir).db.close();
  const acked: Acked = { reserves: new Map(), messages: [], users: [], deleted: [], keys: [] };
  await runKillRounds({
    rounds,
    dir,
    round: () => round(dir, acked),
    verify: () => verify(dir, acked),
    acknowledged: () => {
      const reserves = [...acked.reserves.values()].reduce((a, b) => a + b, 0);
      return `reservations ${reserves}, messages ${acked.messages.length}, users ${acked.users.length}, deletions ${acked.deleted.length}, idempotency ${acked.keys.length}`;
    },
    checks:
      'integrity_check ok, foreign keys, every acknowledged write present, day count = sum of user counts',
  });
}

await main();
