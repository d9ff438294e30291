import type { z } from 'zod';
import type { SqliteDatabase } from '../../sqlite/open-database';
import {
  DmarcApplied,
  DnsProvider,
  DnssecStatus,
  type CheckStatus,
  type DnsCheckCode,
  type DomainCheckResult,
  type RecordCheckResult,
} from '../../shared/dns-check';
import type { CheckRunSummary, LatestRun } from '../../shared/contract';

export type CheckTrigger = 'manual' | 'monitor';

interface RunRow {
  id: number;
  domain_id: string;
  domain: string;
  checked_at: string;
  status: CheckStatus;
  provider_json: string | null;
  trigger: CheckTrigger;
  dnssec_json: string | null;
}

interface RecordRow {
  position: number;
  purpose: RecordCheckResult['purpose'];
  type: RecordCheckResult['type'];
  name: string;
  required: number;
  expected: string | null;
  status: CheckStatus;
  codes_json: string;
  message: string;
  fix: string | null;
  found_json: string;
  agree_by: string | null;
  dmarc_json: string | null;
}

interface ServerRow {
  record_position: number;
  server: string;
  host: string | null;
  role: 'authoritative' | 'resolver';
  rcode: string;
  answers_json: string;
  ttl: number | null;
  ms: number;
  agrees: number | null;
}

interface SummaryRow {
  id: number;
  checked_at: string;
  status: CheckStatus;
  trigger: CheckTrigger;
  passed: number | null;
  warned: number | null;
  unchecked: number | null;
  failed: number | null;
  unpublished: number | null;
}

const summaryOf = (r: SummaryRow): CheckRunSummary => ({
  id: r.id,
  checkedAt: r.checked_at,
  status: r.status,
  trigger: r.trigger,
  passed: r.passed ?? 0,
  warned: r.warned ?? 0,
  unchecked: r.unchecked ?? 0,
  failed: r.failed ?? 0,
  unpublished: r.unpublished ?? 0,
});

const json = <T>(text: string): T => JSON.parse(text) as T;

/** An optional JSON column read back through its schema; absent when null or unreadable. */
function optional<T>(text: string | null, schema: z.ZodType<T>): T | undefined {
  if (text === null) return undefined;
  const parsed = schema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** The check history: one run per check, its records, and every server's answer for each. */
export function createCheckHistoryRepo(db: SqliteDatabase) {
  const s = {
    insertRun: db.prepare(`
      INSERT INTO check_runs (account_id, domain_id, domain, checked_at, status, provider_json, trigger, dnssec_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insertRecord: db.prepare(`
      INSERT INTO check_records (run_id, position, purpose, type, name, required, expected, status, codes_json, message, fix, found_json, agree_by, dmarc_json)
      VALUES (@runId, @position, @purpose, @type, @name, @required, @expected, @status, @codes, @message, @fix, @found, @agreeBy, @dmarc)`),
    insertServer: db.prepare(`
      INSERT INTO check_servers (run_id, record_position, position, server, host, role, rcode, answers_json, ttl, ms, agrees)
      VALUES (@runId, @recordPosition, @position, @server, @host, @role, @rcode, @answers, @ttl, @ms, @agrees)`),
    runs: db.prepare(`
      SELECT r.id, r.checked_at, r.status, r.trigger,
        SUM(c.status = 'pass') AS passed, SUM(c.status = 'warn') AS warned,
        SUM(c.status = 'unknown') AS unchecked, SUM(c.status = 'fail') AS failed,
        SUM(c.status = 'fail' AND c.codes_json = '["missing"]' AND c.found_json = '[]') AS unpublished
      FROM check_runs r LEFT JOIN check_records c ON c.run_id = r.id
      WHERE r.account_id = ? AND r.domain_id = ?
      GROUP BY r.id ORDER BY r.checked_at DESC, r.id DESC LIMIT ?`),
    // The newest run of each domain of the account, with its counts: what the domain list shows.
    latestRuns: db.prepare(`
      SELECT r.id, r.domain_id, r.checked_at, r.status, r.trigger,
        SUM(c.status = 'pass') AS passed, SUM(c.status = 'warn') AS warned,
        SUM(c.status = 'unknown') AS unchecked, SUM(c.status = 'fail') AS failed,
        SUM(c.status = 'fail' AND c.codes_json = '["missing"]' AND c.found_json = '[]') AS unpublished
      FROM (
        SELECT id, domain_id, checked_at, status, trigger,
          ROW_NUMBER() OVER (PARTITION BY domain_id ORDER BY checked_at DESC, id DESC) AS rank
        FROM check_runs WHERE account_id = ?
      ) r LEFT JOIN check_records c ON c.run_id = r.id
      WHERE r.rank = 1
      GROUP BY r.id`),
    latestRun: db.prepare(
      'SELECT * FROM check_runs WHERE account_id = ? AND domain_id = ? ORDER BY checked_at DESC, id DESC LIMIT 1',
    ),
    runById: db.prepare('SELECT * FROM check_runs WHERE account_id = ? AND id = ?'),
    records: db.prepare('SELECT * FROM check_records WHERE run_id = ? ORDER BY position'),
    servers: db.prepare(
      'SELECT * FROM check_servers WHERE run_id = ? ORDER BY record_position, position',
    ),
    // Monitoring's own runs past the retention, but never a domain's newest run; records and
    // server answers go with them (ON DELETE CASCADE). The timeline keeps its own copy of changes.
    pruneMonitor: db.prepare(`
      DELETE FROM check_runs WHERE account_id = ? AND trigger = 'monitor' AND checked_at < ?
        AND id NOT IN (SELECT MAX(id) FROM check_runs WHERE account_id = ? GROUP BY domain_id)`),
  };

  function load(run: RunRow): DomainCheckResult {
    const servers = s.servers.all(run.id) as ServerRow[];
    const records = (s.records.all(run.id) as RecordRow[]).map((r): RecordCheckResult => {
      const dmarc = optional(r.dmarc_json, DmarcApplied);
      return {
        purpose: r.purpose,
        type: r.type,
        name: r.name,
        required: r.required === 1,
        expected: r.expected,
        status: r.status,
        codes: json<DnsCheckCode[]>(r.codes_json),
        message: r.message,
        fix: r.fix,
        found: json<string[]>(r.found_json),
        agreeBy: r.agree_by,
        servers: servers
          .filter((x) => x.record_position === r.position)
          .map((x) => ({
            server: x.server,
            host: x.host,
            role: x.role,
            rcode: x.rcode,
            answers: json<string[]>(x.answers_json),
            ttl: x.ttl,
            ms: x.ms,
            agrees: x.agrees === null ? null : x.agrees === 1,
          })),
        ...(dmarc ? { dmarc } : {}),
      };
    });
    const dnssec = optional(run.dnssec_json, DnssecStatus);
    return {
      domain: run.domain,
      checkedAt: run.checked_at,
      status: run.status,
      provider: optional(run.provider_json, DnsProvider) ?? null,
      records,
      ...(dnssec ? { dnssec } : {}),
    };
  }

  return {
    /** Stores one check, all rows or none; returns the run's id. */
    save: db.transaction(
      (
        accountId: string,
        domainId: string,
        result: DomainCheckResult,
        trigger: CheckTrigger,
      ): number => {
        const runId = Number(
          s.insertRun.run(
            accountId,
            domainId,
            result.domain,
            result.checkedAt,
            result.status,
            result.provider ? JSON.stringify(result.provider) : null,
            trigger,
            result.dnssec ? JSON.stringify(result.dnssec) : null,
          ).lastInsertRowid,
        );
        result.records.forEach((r, position) => {
          s.insertRecord.run({
            runId,
            position,
            purpose: r.purpose,
            type: r.type,
            name: r.name,
            required: r.required ? 1 : 0,
            expected: r.expected,
            status: r.status,
            codes: JSON.stringify(r.codes),
            message: r.message,
            fix: r.fix,
            found: JSON.stringify(r.found),
            agreeBy: r.agreeBy,
            dmarc: r.dmarc ? JSON.stringify(r.dmarc) : null,
          });
          r.servers.forEach((x, serverPosition) => {
            s.insertServer.run({
              runId,
              recordPosition: position,
              position: serverPosition,
              server: x.server,
              host: x.host,
              role: x.role,
              rcode: x.rcode,
              answers: JSON.stringify(x.answers),
              ttl: x.ttl,
              ms: x.ms,
              agrees: x.agrees === null ? null : x.agrees ? 1 : 0,
            });
          });
        });
        return runId;
      },
    ),

    latest(accountId: string, domainId: string): (DomainCheckResult & { runId: number }) | null {
      const run = s.latestRun.get(accountId, domainId) as RunRow | undefined;
      return run ? { ...load(run), runId: run.id } : null;
    },

    get(accountId: string, runId: number): DomainCheckResult | null {
      const run = s.runById.get(accountId, runId) as RunRow | undefined;
      return run ? load(run) : null;
    },

    /** Drops monitoring runs checked before `before` (manual checks stay); returns how many. */
    pruneMonitorRuns(accountId: string, before: string): number {
      return s.pruneMonitor.run(accountId, before, accountId).changes;
    },

    /** Newest first. */
    runs(accountId: string, domainId: string, limit: number): CheckRunSummary[] {
      return (s.runs.all(accountId, domainId, limit) as SummaryRow[]).map(summaryOf);
    },

    /** The newest run of every domain of the account that was ever checked. */
    latestRuns(accountId: string): LatestRun[] {
      return (s.latestRuns.all(accountId) as (SummaryRow & { domain_id: string })[]).map((r) => ({
        domainId: r.domain_id,
        ...summaryOf(r),
      }));
    },
  };
}
export type CheckHistoryRepo = ReturnType<typeof createCheckHistoryRepo>;
