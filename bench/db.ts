import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_DATABASE_FILE, openAppDatabase } from '../src/main/db/app-database';
import { createAccountsRepo } from '../src/main/db/accounts-repo';
import { createAuditRepo } from '../src/main/db/audit-repo';
import { createCheckHistoryRepo } from '../src/main/db/check-history-repo';
import { createDomainsRepo } from '../src/main/db/domains-repo';
import { createSmtpUsersRepo } from '../src/main/db/smtp-users-repo';
import { createSnapshotsRepo } from '../src/main/db/snapshots-repo';
import { createUsageSamplesRepo } from '../src/main/db/usage-samples-repo';
import { auditCsv, usageCsv } from '../src/main/services/exports';
import type { DomainCheckResult } from '../src/shared/dns-check';
import type { Domain } from '../src/shared/domain';
import type { Usage } from '../src/shared/kyrios';
import { hourlyRate } from '../src/shared/limit-guard';

/**
 * The app database at size: N domains (7 records each), 5 SMTP users per domain, 20 stored DNS
 * checks per domain (7 records × 2 servers each), an audit row per action, 30 days of limit-guard
 * readings every 5 minutes and a 90-day usage snapshot. Then: opening it (what every launch does,
 * migrations check included) and the queries behind the screens: inventory, history, usage.
 *
 *   npm run bench -- db [DOMAINS]      (default 1000)
 *
 * Baselines, stated: a read behind one interaction (a domain, its users, its checks, a page of
 * the audit log) should fit in a frame, 16 ms; a whole screen's load or an export, like the UI's
 * first render, in 100 ms; opening the database too (every launch).
 */

const DOMAINS = Number(process.argv[3] ?? '1000');
const USERS_PER_DOMAIN = 5;
const RUNS_PER_DOMAIN = 20;
const FRAME_MS = 16;
const SCREEN_MS = 100;
const ACCOUNT = { id: 'bench', kind: 'remote' as const, label: 'Bench', baseUrl: 'http://x' };
const AT = '2030-01-01T00:00:00.000Z';

function domainOf(i: number): Domain {
  const name = `d${i}.bench.test`;
  return {
    id: `dom_${i}`,
    name,
    status: 'verified',
    createdAt: AT,
    verifiedAt: AT,
    lastCheckedAt: AT,
    records: Array.from({ length: 7 }, (_, r) => ({
      id: `rec_${i}_${r}`,
      purpose: 'verification' as const,
      type: 'TXT' as const,
      name: `r${r}.${name}`,
      value: `v=value ${r} ${'k'.repeat(r === 2 ? 400 : 40)}`,
      required: r < 5,
      status: 'pass' as const,
    })),
  };
}

function checkOf(domain: Domain, run: number): DomainCheckResult {
  return {
    domain: domain.name,
    checkedAt: new Date(Date.parse(AT) + run * 3_600_000).toISOString(),
    status: 'pass',
    provider: null,
    records: domain.records.map((r) => ({
      purpose: r.purpose,
      type: r.type,
      name: r.name,
      required: r.required,
      expected: r.value,
      status: 'pass' as const,
      codes: ['ok' as const],
      message: `The TXT record at ${r.name} is published as expected.`,
      fix: null,
      found: [r.value],
      agreeBy: null,
      servers: [0, 1].map((s) => ({
        server: `192.0.2.${s + 1}:53`,
        host: s === 0 ? 'ns1.bench.test' : null,
        role: s === 0 ? ('authoritative' as const) : ('resolver' as const),
        rcode: 'NOERROR',
        answers: [r.value],
        ttl: 300,
        ms: 3.2,
        agrees: true,
      })),
    })),
  };
}

function fill(dir: string): { rows: number } {
  const db = openAppDatabase(dir);
  const accounts = createAccountsRepo(db);
  const domains = createDomainsRepo(db);
  const users = createSmtpUsersRepo(db);
  const history = createCheckHistoryRepo(db);
  const audit = createAuditRepo(db, () => new Date(AT));
  const samples = createUsageSamplesRepo(db);
  const snapshots = createSnapshotsRepo(db);
  accounts.ensure(ACCOUNT);
  const all = Array.from({ length: DOMAINS }, (_, i) => domainOf(i));
  db.transaction(() => {
    domains.replaceAll(ACCOUNT.id, all, AT);
    for (const d of all) {
      audit.record(ACCOUNT, { action: 'domain_added', target: d.name });
      for (let u = 0; u < USERS_PER_DOMAIN; u++) {
        const user = {
          id: `usr_${d.id}_${u}`,
          login: `u${u}@${d.name}`,
          createdAt: AT,
          passwordChangedAt: AT,
        };
        users.add(ACCOUNT.id, d.id, d.name, user, u === 0 ? 'Billing mail' : null, AT);
        audit.record(ACCOUNT, {
          action: 'smtp_user_created',
          target: user.login,
          detail: { domain: d.name },
        });
      }
      for (let r = 0; r < RUNS_PER_DOMAIN; r++)
        history.save(ACCOUNT.id, d.id, checkOf(d, r), 'monitor');
    }
    const start = Date.parse(AT) - 30 * 86_400_000;
    for (let t = 0; t < 30 * 288; t++) {
      const at = new Date(start + t * 300_000);
      samples.add(ACCOUNT.id, {
        at: at.toISOString(),
        day: at.toISOString().slice(0, 10),
        sent: t % 288,
      });
    }
    const usage: Usage = {
      dailyLimit: 1500,
      today: { day: '2030-01-01', sent: 700, remaining: 800 },
      days: Array.from({ length: 90 }, (_, i) => ({
        day: new Date(Date.parse(AT) - i * 86_400_000).toISOString().slice(0, 10),
        sent: (i * 37) % 1500,
      })),
      byUser: all.flatMap((d) =>
        Array.from({ length: USERS_PER_DOMAIN }, (_, u) => ({
          userId: `usr_${d.id}_${u}`,
          login: `u${u}@${d.name}`,
          domainId: d.id,
          domain: d.name,
          sent: u * 3,
          deleted: false,
        })),
      ),
      byDomain: all.map((d) => ({ domainId: d.id, domain: d.name, sent: 12 })),
    };
    snapshots.put(ACCOUNT.id, 'usage:90', usage, AT);
  })();
  const rows = (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[]
  ).reduce(
    (n, t) => n + (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
    0,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { rows };
}

function timeIt(runs: number, work: () => unknown): { p50: number; p99: number } {
  for (let i = 0; i < Math.min(5, runs); i++) work(); // warm-up: statements prepared, pages cached
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return { p50: at(50), p99: at(99) };
}

const dir = mkdtempSync(join(tmpdir(), 'kyrios-bench-db-'));
try {
  const fillStarted = performance.now();
  const { rows } = fill(dir);
  const fillMs = performance.now() - fillStarted;
  const bytes = statSync(join(dir, APP_DATABASE_FILE)).size;

  const open = timeIt(30, () => openAppDatabase(dir).close());
  const db = openAppDatabase(dir);
  const domains = createDomainsRepo(db);
  const users = createSmtpUsersRepo(db);
  const history = createCheckHistoryRepo(db);
  const audit = createAuditRepo(db);
  const samples = createUsageSamplesRepo(db);
  const snapshots = createSnapshotsRepo(db);
  const middle = `dom_${Math.floor(DOMAINS / 2)}`;
  const since = new Date(Date.parse(AT) - 3_600_000).toISOString();
  const latestRun = history.runs(ACCOUNT.id, middle, 1)[0]?.id ?? 0;
  const now = new Date(AT);
  const usage = () => snapshots.get<Usage>(ACCOUNT.id, 'usage:90')?.value;

  const rowsOut: [string, { p50: number; p99: number }, number][] = [
    ['open (warm cache, schema check)', open, SCREEN_MS],
    [
      'domains list (every domain + records)',
      timeIt(50, () => domains.list(ACCOUNT.id)),
      SCREEN_MS,
    ],
    ['one domain with its records', timeIt(500, () => domains.get(ACCOUNT.id, middle)), FRAME_MS],
    ['SMTP users of one domain', timeIt(500, () => users.active(ACCOUNT.id, middle)), FRAME_MS],
    ['SMTP inventory of the account', timeIt(50, () => users.all(ACCOUNT.id)), SCREEN_MS],
    [
      'check history of a domain (50 runs)',
      timeIt(500, () => history.runs(ACCOUNT.id, middle, 50)),
      FRAME_MS,
    ],
    [
      'latest check of a domain (records, servers)',
      timeIt(500, () => history.latest(ACCOUNT.id, middle)),
      FRAME_MS,
    ],
    ['one stored check by id', timeIt(500, () => history.get(ACCOUNT.id, latestRun)), FRAME_MS],
    ['usage: cached 90 days (snapshot)', timeIt(200, usage), FRAME_MS],
    [
      'usage: CSV by user',
      timeIt(50, () => usageCsv(usage() as Usage, 'user', 'Bench', now)),
      FRAME_MS,
    ],
    [
      'limit guard: last hour of readings + rate',
      timeIt(500, () => hourlyRate(samples.since(ACCOUNT.id, since))),
      FRAME_MS,
    ],
    ['audit log: first page (100)', timeIt(500, () => audit.list({ limit: 100 })), FRAME_MS],
    ['audit log: CSV of everything', timeIt(10, () => auditCsv(audit.all(), now)), SCREEN_MS],
  ];
  db.close();

  const pad = (s: string, n: number) => s.padEnd(n);
  const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
  process.stdout.write(
    [
      `App database at size: ${DOMAINS} domains, ${DOMAINS * USERS_PER_DOMAIN} SMTP users, ${DOMAINS * RUNS_PER_DOMAIN} stored checks; ${rows} rows, ${(bytes / 1048576).toFixed(1)} MB (filled in ${(fillMs / 1000).toFixed(1)} s)`,
      '',
      `${pad('query', 46)}${'p50'.padStart(10)}${'p99'.padStart(10)}   baseline   p99/baseline`,
      ...rowsOut.map(
        ([name, t, budget]) =>
          `${pad(name, 46)}${ms(t.p50)}${ms(t.p99)}   ${`${budget} ms`.padStart(8)}   ${(t.p99 / budget).toFixed(3)}`,
      ),
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
