import type { AuditEntry } from '../../shared/audit';
import type { CsvExport } from '../../shared/contract';
import { toCsv } from '../../shared/csv';
import type { Usage } from '../../shared/kyrios';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'account'
  );
}

/** Usage as CSV: one row per day (with the limit), per SMTP user, or per domain. */
export function usageCsv(
  usage: Usage,
  by: 'day' | 'user' | 'domain',
  accountLabel: string,
  now: Date,
): CsvExport {
  const stamp = now.toISOString().slice(0, 10);
  const filename = `kyrios-usage-${slug(accountLabel)}-by-${by}-${stamp}.csv`;
  if (by === 'user') {
    const rows = usage.byUser.map((u) => [u.login, u.domain, u.sent, u.deleted]);
    return {
      filename,
      rows: rows.length,
      csv: toCsv(['login', 'domain', 'sent', 'deleted'], rows),
    };
  }
  if (by === 'domain') {
    const rows = usage.byDomain.map((d) => [d.domain, d.sent]);
    return { filename, rows: rows.length, csv: toCsv(['domain', 'sent'], rows) };
  }
  const rows = usage.days.map((d) => [
    d.day,
    d.sent,
    usage.dailyLimit,
    Math.max(0, usage.dailyLimit - d.sent),
  ]);
  return {
    filename,
    rows: rows.length,
    csv: toCsv(['day_utc', 'sent', 'daily_limit', 'remaining'], rows),
  };
}

/** The audit log as CSV, oldest first; details as `key=value` pairs. */
export function auditCsv(entries: readonly AuditEntry[], now: Date): CsvExport {
  const rows = entries.map((e) => [
    e.at,
    e.accountLabel,
    e.accountId,
    e.action,
    e.target,
    Object.entries(e.detail)
      .map(([key, value]) => `${key}=${value === null ? '' : String(value)}`)
      .join('; '),
  ]);
  return {
    filename: `kyrios-audit-log-${now.toISOString().slice(0, 10)}.csv`,
    rows: rows.length,
    csv: toCsv(['time_utc', 'account', 'account_id', 'action', 'target', 'details'], rows),
  };
}
