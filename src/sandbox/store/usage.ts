import type { SqliteDatabase } from '../../sqlite/open-database';

export interface UsageReport {
  days: { day: string; sent: number }[];
  byUser: {
    userId: string;
    login: string;
    domainId: string;
    domain: string;
    sent: number;
    deleted: boolean;
  }[];
  byDomain: { domainId: string; domain: string; sent: number }[];
}

/**
 * Usage over a window of UTC days. Counts live per user and day and are never deleted, so users
 * and domains deleted since keep their counts; active users and domains appear with zero.
 */
export function createUsageStore(db: SqliteDatabase) {
  const s = {
    days: db.prepare(
      'SELECT day, sent FROM daily_sends WHERE account_id = ? AND day BETWEEN ? AND ?',
    ),
    byUser: db.prepare(`
      SELECT u.id AS userId, u.login, u.domain_id AS domainId, d.name AS domain,
        coalesce((SELECT sum(c.sent) FROM user_daily_sends c
                  WHERE c.smtp_user_id = u.id AND c.day BETWEEN @from AND @to), 0) AS sent,
        u.deleted_at IS NOT NULL AS deleted
      FROM smtp_users u JOIN domains d ON d.id = u.domain_id
      WHERE u.account_id = @account
      ORDER BY d.name, u.login, u.created_at`),
    domainsActive: db.prepare(
      'SELECT id AS domainId, name AS domain FROM domains WHERE account_id = ? AND deleted_at IS NULL',
    ),
  };
  return {
    report(accountId: string, window: readonly string[]): UsageReport {
      const from = window[0] ?? '';
      const to = window.at(-1) ?? '';
      const counted = new Map(
        (s.days.all(accountId, from, to) as { day: string; sent: number }[]).map((r) => [
          r.day,
          r.sent,
        ]),
      );
      const users = (
        s.byUser.all({ account: accountId, from, to }) as (Omit<
          UsageReport['byUser'][number],
          'deleted'
        > & { deleted: number })[]
      )
        .map((u) => ({ ...u, deleted: u.deleted === 1 }))
        // A deleted user with nothing in the window has nothing to report.
        .filter((u) => u.sent > 0 || !u.deleted);

      const domains = new Map<string, { domainId: string; domain: string; sent: number }>();
      for (const d of s.domainsActive.all(accountId) as { domainId: string; domain: string }[]) {
        domains.set(d.domainId, { ...d, sent: 0 });
      }
      for (const u of users) {
        const entry = domains.get(u.domainId) ?? {
          domainId: u.domainId,
          domain: u.domain,
          sent: 0,
        };
        entry.sent += u.sent;
        domains.set(u.domainId, entry);
      }
      return {
        days: window.map((day) => ({ day, sent: counted.get(day) ?? 0 })),
        byUser: users,
        byDomain: [...domains.values()].sort(
          (a, b) => a.domain.localeCompare(b.domain) || a.domainId.localeCompare(b.domainId),
        ),
      };
    },
  };
}
