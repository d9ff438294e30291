import type { SqliteDatabase } from '../../sqlite/open-database';
import { RevocationDetail } from '../../shared/kyrios';

export interface StoredRevocation {
  eventId: number;
  at: string;
  day: string;
  detail: RevocationDetail | null;
}

/**
 * The daily-limit revocations the event feed reported, and the links from a revoked SMTP user to
 * the one that recreated it.
 */
export function createRevocationsRepo(db: SqliteDatabase) {
  const s = {
    add: db.prepare(
      'INSERT OR IGNORE INTO revocations (account_id, event_id, at, day, detail_json) VALUES (?, ?, ?, ?, ?)',
    ),
    list: db.prepare(
      'SELECT * FROM revocations WHERE account_id = ? ORDER BY at DESC, event_id DESC',
    ),
    link: db.prepare(
      'INSERT INTO smtp_user_links (account_id, old_id, new_id, at) VALUES (?, ?, ?, ?)',
    ),
    links: db.prepare('SELECT old_id, new_id, at FROM smtp_user_links WHERE account_id = ?'),
  };
  return {
    /** True when the revocation is new to the app. */
    add(accountId: string, eventId: number, at: string, detail: RevocationDetail): boolean {
      return s.add.run(accountId, eventId, at, detail.day, JSON.stringify(detail)).changes > 0;
    },
    /** Newest first. */
    list(accountId: string): StoredRevocation[] {
      return (
        s.list.all(accountId) as {
          event_id: number;
          at: string;
          day: string;
          detail_json: string;
        }[]
      ).map((r) => {
        let detail: RevocationDetail | null = null;
        try {
          const parsed = RevocationDetail.safeParse(JSON.parse(r.detail_json));
          if (parsed.success) detail = parsed.data;
        } catch {
          // Kept without its detail.
        }
        return { eventId: r.event_id, at: r.at, day: r.day, detail };
      });
    },
    link(accountId: string, oldId: string, newId: string, at: string): void {
      s.link.run(accountId, oldId, newId, at);
    },
    /** Revoked user id → the user that recreated it. */
    links(accountId: string): Map<string, { newId: string; at: string }> {
      return new Map(
        (s.links.all(accountId) as { old_id: string; new_id: string; at: string }[]).map((r) => [
          r.old_id,
          { newId: r.new_id, at: r.at },
        ]),
      );
    },
  };
}
export type RevocationsRepo = ReturnType<typeof createRevocationsRepo>;
