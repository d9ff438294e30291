import type { SqliteDatabase } from '../../sqlite/open-database';
import type { UsageSample } from '../../shared/limit-guard';

/** Readings of the account's daily count, for the limit guard's hourly rate. */
export function createUsageSamplesRepo(db: SqliteDatabase) {
  const s = {
    insert: db.prepare(
      'INSERT OR REPLACE INTO usage_samples (account_id, at, day, sent) VALUES (?, ?, ?, ?)',
    ),
    since: db.prepare(
      'SELECT at, day, sent FROM usage_samples WHERE account_id = ? AND at >= ? ORDER BY at',
    ),
    last: db.prepare(
      'SELECT at, day, sent FROM usage_samples WHERE account_id = ? ORDER BY at DESC LIMIT 1',
    ),
    prune: db.prepare('DELETE FROM usage_samples WHERE account_id = ? AND at < ?'),
  };
  return {
    add(accountId: string, sample: UsageSample): void {
      s.insert.run(accountId, sample.at, sample.day, sample.sent);
    },
    /** Oldest first. */
    since(accountId: string, at: string): UsageSample[] {
      return s.since.all(accountId, at) as UsageSample[];
    },
    last(accountId: string): UsageSample | undefined {
      return s.last.get(accountId) as UsageSample | undefined;
    },
    prune(accountId: string, before: string): number {
      return s.prune.run(accountId, before).changes;
    },
  };
}
export type UsageSamplesRepo = ReturnType<typeof createUsageSamplesRepo>;
