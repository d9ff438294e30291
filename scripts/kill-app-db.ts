import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { APP_DATABASE_FILE, openAppDatabase } from '../src/main/db/app-database';
import { createAccountsRepo } from '../src/main/db/accounts-repo';
import { auditTrailFor, createAuditRepo } from '../src/main/db/audit-repo';
import { createCheckHistoryRepo } from '../src/main/db/check-history-repo';
import { createDomainsRepo } from '../src/main/db/domains-repo';
import { createSmtpUsersRepo } from '../src/main/db/smtp-users-repo';
import { createDomainsService } from '../src/main/services/domains-service';
import { createSmtpService } from '../src/main/services/smtp-service';
import type { DomainCheckResult } from '../src/shared/dns-check';
import type { Domain } from '../src/shared/domain';
import { openDatabase, type SqliteDatabase } from '../src/sqlite/open-database';
import { killWriter, runKillRounds, type RoundResult } from './kill-rounds';

/**
 * kill -9 during app database writes, many rounds:
 *
 *   npx tsx scripts/kill-app-db.ts [ROUNDS]      (default 100)
 *
 * Each round starts a writer child on the same app database. The child runs the app's own write
 * paths through the real services and repositories (a fake Kyrios answers at once): a domain added
 * (its cache row, its records and its audit row in one transaction), an SMTP user created (the
 * inventory row and its audit row), a note changed (the update and its audit row), and a stored
 * DNS check (a run, its records and every server's answer). It prints one acknowledgement per
 * committed change. The parent SIGKILLs it at a random moment, reopens the database and checks:
 * integrity_check ok, foreign keys hold, every acknowledged change is there, and every multi-row
 * change is whole (an inventory row exactly when its audit row, a run with all its rows). Exit 1
 * on any failure.
 */

const SELF = fileURLToPath(import.meta.url);
const ACCOUNT = {
  id: 'kill-account',
  kind: 'remote' as const,
  label: 'Kill -9',
  baseUrl: 'http://x',
};
const RECORDS_PER_DOMAIN = 3;
const SERVERS_PER_RECORD = 2;

function fakeDomain(name: string, id: string): Domain {
  const at = new Date().toISOString();
  return {
    id,
    name,
    status: 'pending',
    createdAt: at,
    verifiedAt: null,
    lastCheckedAt: null,
    records: Array.from({ length: RECORDS_PER_DOMAIN }, (_, i) => ({
      id: `${id}-r${i}`,
      purpose: 'verification' as const,
      type: 'TXT' as const,
      name: `r${i}.${name}`,
      value: `value-${i}`,
      required: true,
      status: 'pending' as const,
    })),
  };
}

function checkResult(name: string): DomainCheckResult {
  return {
    domain: name,
    checkedAt: new Date().toISOString(),
    status: 'pass',
    provider: null,
    records: Array.from({ length: RECORDS_PER_DOMAIN }, (_, i) => ({
      purpose: 'verification' as const,
      type: 'TXT' as const,
      name: `r${i}.${name}`,
      required: true,
      expected: `value-${i}`,
      status: 'pass' as const,
      codes: ['ok' as const],
      message: 'ok',
      fix: null,
      found: [`value-${i}`],
      agreeBy: null,
      servers: Array.from({ length: SERVERS_PER_RECORD }, (_, s) => ({
        server: `127.0.0.${s + 1}:53`,
        host: null,
        role: 'authoritative' as const,
        rcode: 'NOERROR',
        answers: [`value-${i}`],
        ttl: 300,
        ms: 1,
        agrees: true,
      })),
    })),
  };
}

/** The child: writes until killed, one line per committed change (written after the commit). */
async function writer(dir: string): Promise<void> {
  const db = openAppDatabase(dir);
  createAccountsRepo(db).ensure(ACCOUNT);
  const audit = auditTrailFor(createAuditRepo(db), ACCOUNT);
  const domainsRepo = createDomainsRepo(db);
  const users = createSmtpUsersRepo(db);
  const history = createCheckHistoryRepo(db);
  const events = { emit: () => undefined };
  const tag = `${process.pid}`;
  let n = 0;
  const domains = createDomainsService({
    accountId: ACCOUNT.id,
    repo: domainsRepo,
    users,
    events,
    audit,
    kyrios: {
      createDomain: (name) => Promise.resolve(fakeDomain(name, `dom-${tag}-${n}`)),
      listDomains: () => Promise.resolve([]),
      verifyDomain: () => Promise.reject(new Error('unused')),
      deleteDomain: () => Promise.reject(new Error('unused')),
    },
  });
  const smtp = createSmtpService({
    accountId: ACCOUNT.id,
    users,
    domains: domainsRepo,
    events,
    audit,
    kyrios: {
      createSmtpUser: (_domainId, login) => {
        const at = new Date().toISOString();
        return Promise.resolve({
          user: { id: `usr-${tag}-${n}`, login, createdAt: at, passwordChangedAt: at },
          password: 'never stored',
        });
      },
      listSmtpUsers: () => Promise.reject(new Error('unused')),
      resetSmtpPassword: () => Promise.reject(new Error('unused')),
      deleteSmtpUser: () => Promise.reject(new Error('unused')),
    },
  });

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('ready');
  let domain: Domain | undefined;
  let userId: string | undefined;
  for (n = 0; ; n++) {
    switch (n % 4) {
      case 0: {
        domain = await domains.add(`d${tag}-${n}.kill.test`);
        out(`domain ${domain.id}`);
        break;
      }
      case 1: {
        if (!domain) break;
        const created = await smtp.create(
          domain.id,
          `u${tag}-${n}@${domain.name}`,
          undefined,
          'first',
        );
        userId = created.user.id;
        out(`user ${userId}`);
        break;
      }
      case 2: {
        if (!domain || !userId) break;
        smtp.setNote(domain.id, userId, `note ${n}`);
        out(`note ${userId} ${n}`);
        break;
      }
      default: {
        if (!domain) break;
        const runId = history.save(ACCOUNT.id, domain.id, checkResult(domain.name), 'manual');
        out(`run ${runId}`);
      }
    }
    // Let stdout drain now and then (pipes are asynchronous on some systems).
    if (n % 50 === 49) await new Promise((r) => setImmediate(r));
  }
}

export interface Acked {
  domains: string[];
  users: string[];
  /** The newest acknowledged note number of each user. */
  notes: Map<string, number>;
  runs: number[];
}

function count(db: SqliteDatabase, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** Every problem with the database against what was acknowledged; empty when all is well. */
export function verify(dir: string, acked: Acked): string[] {
  const problems: string[] = [];
  let db: SqliteDatabase;
  try {
    db = openDatabase(join(dir, APP_DATABASE_FILE));
  } catch (error) {
    return [`cannot open: ${String(error)}`];
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} rows`);

    // All or nothing: a domain's cache row, its records and its audit row; a user and its audit row.
    const domains = db.prepare('SELECT id, name FROM domains').all() as {
      id: string;
      name: string;
    }[];
    const added = new Set(
      (
        db.prepare("SELECT target FROM audit_log WHERE action = 'domain_added'").all() as {
          target: string;
        }[]
      ).map((r) => r.target),
    );
    if (domains.length !== added.size || domains.some((d) => !added.has(d.name))) {
      problems.push(`domains ${domains.length} ≠ domain_added audit rows ${added.size}`);
    }
    const partial = count(
      db,
      `SELECT count(*) AS n FROM domains d WHERE (SELECT count(*) FROM domain_records r WHERE r.account_id = d.account_id AND r.domain_id = d.id) <> ?`,
      RECORDS_PER_DOMAIN,
    );
    if (partial > 0) problems.push(`${partial} domains without all their records`);
    const users = db.prepare('SELECT id, login, note FROM smtp_users').all() as {
      id: string;
      login: string;
      note: string | null;
    }[];
    const created = new Set(
      (
        db.prepare("SELECT target FROM audit_log WHERE action = 'smtp_user_created'").all() as {
          target: string;
        }[]
      ).map((r) => r.target),
    );
    if (users.length !== created.size || users.some((u) => !created.has(u.login))) {
      problems.push(`SMTP users ${users.length} ≠ smtp_user_created audit rows ${created.size}`);
    }
    // A note is stored exactly when its audit row is: the newest audit note is the stored one.
    const lastNotes = new Map(
      (
        db
          .prepare(
            `SELECT target, detail_json FROM audit_log WHERE id IN (
               SELECT max(id) FROM audit_log
               WHERE action IN ('smtp_user_created', 'smtp_note_changed') GROUP BY target)`,
          )
          .all() as { target: string; detail_json: string }[]
      ).map((r) => [r.target, (JSON.parse(r.detail_json) as { note?: string | null }).note]),
    );
    const wrongNote = users.find((u) => lastNotes.get(u.login) !== u.note);
    if (wrongNote) {
      problems.push(
        `${wrongNote.login}: note "${String(wrongNote.note)}", audit says "${String(lastNotes.get(wrongNote.login))}"`,
      );
    }
    const brokenRuns = count(
      db,
      `SELECT count(*) AS n FROM check_runs c WHERE
         (SELECT count(*) FROM check_records r WHERE r.run_id = c.id) <> ? OR
         (SELECT count(*) FROM check_servers s WHERE s.run_id = c.id) <> ?`,
      RECORDS_PER_DOMAIN,
      RECORDS_PER_DOMAIN * SERVERS_PER_RECORD,
    );
    if (brokenRuns > 0) problems.push(`${brokenRuns} check runs without all their rows`);

    // Nothing acknowledged is lost.
    // Looked up by primary key (account and id): one index probe per acknowledged write.
    const has = (sql: string) => {
      const statement = db.prepare(sql);
      return (id: unknown) => statement.get(ACCOUNT.id, id) !== undefined;
    };
    const lost = (kind: string, ids: unknown[], test: (id: unknown) => boolean) => {
      const missing = ids.filter((id) => !test(id));
      if (missing.length > 0)
        problems.push(`${missing.length} acknowledged ${kind} lost (${String(missing[0])}…)`);
    };
    lost('domains', acked.domains, has('SELECT 1 FROM domains WHERE account_id = ? AND id = ?'));
    lost(
      'SMTP users',
      acked.users,
      has('SELECT 1 FROM smtp_users WHERE account_id = ? AND id = ?'),
    );
    lost('check runs', acked.runs, has('SELECT 1 FROM check_runs WHERE account_id = ? AND id = ?'));
    const noteOf = db.prepare('SELECT note FROM smtp_users WHERE account_id = ? AND id = ?');
    const staleNotes = [...acked.notes].filter(([id, n]) => {
      const note = (noteOf.get(ACCOUNT.id, id) as { note: string | null } | undefined)?.note ?? '';
      return !/^note \d+$/.test(note) || Number(note.slice(5)) < n;
    });
    if (staleNotes.length > 0) problems.push(`${staleNotes.length} acknowledged notes lost`);
  } finally {
    db.close();
  }
  return problems;
}

/** One round: a writer child, killed at a random moment; its acknowledgements added to `acked`. */
export function round(dir: string, acked: Acked, maxKillMs = 400): Promise<RoundResult> {
  return killWriter(
    SELF,
    dir,
    ([kind, value = '', extra = '']) => {
      if (kind === 'domain') acked.domains.push(value);
      else if (kind === 'user') acked.users.push(value);
      else if (kind === 'note') acked.notes.set(value, Number(extra));
      else if (kind === 'run') acked.runs.push(Number(value));
    },
    maxKillMs,
  );
}

export function emptyAcked(): Acked {
  return { domains: [], users: [], notes: new Map(), runs: [] };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { writer: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.writer) return writer(values.writer);

  const rounds = Number(positionals[0] ?? '100');
  if (!Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write('usage: npx tsx scripts/kill-app-db.ts [ROUNDS]\n');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kyrios-kill-app-'));
  openAppDatabase(dir).close();
  const acked = emptyAcked();
  await runKillRounds({
    rounds,
    dir,
    round: () => round(dir, acked),
    verify: () => verify(dir, acked),
    acknowledged: () =>
      `domains ${acked.domains.length}, SMTP users ${acked.users.length}, notes ${acked.notes.size} users, check runs ${acked.runs.length}`,
    checks:
      'integrity_check ok, foreign keys, every acknowledged write present, inventory row ⇔ audit row, domain and check run rows whole',
  });
}

// Run only as a script (the durability test imports round and verify).
if (process.argv[1] && resolve(process.argv[1]) === SELF) await main();
