import type { SqliteDatabase } from '../../sqlite/open-database';
import type { Clock } from '../clock';

export interface UserRef {
  userId: string;
  login: string;
  domainId: string;
  domain: string;
}

/** What each event says; types and fields are only ever added, never renamed. */
export interface EventDetails {
  domain_added: { domainId: string; domain: string };
  domain_verified: { domainId: string; domain: string };
  /** `logins`: the SMTP users deleted with the domain. */
  domain_deleted: { domainId: string; domain: string; logins: string[] };
  smtp_user_created: UserRef;
  smtp_user_deleted: UserRef & { reason: 'deleted' | 'domain_deleted' };
  password_reset: UserRef;
  /** Every SMTP user of every domain of the account, deleted in one transaction. */
  credentials_revoked_daily_limit: {
    day: string;
    dailyLimit: number;
    sent: number;
    /** The login whose recipient would have exceeded the limit. */
    trigger: { userId: string; login: string };
    logins: string[];
    users: UserRef[];
  };
}
export type EventType = keyof EventDetails;
export const EVENT_TYPES = [
  'domain_added',
  'domain_verified',
  'domain_deleted',
  'smtp_user_created',
  'smtp_user_deleted',
  'password_reset',
  'credentials_revoked_daily_limit',
] as const satisfies readonly EventType[];

export interface SandboxEvent {
  id: number;
  at: string;
  type: EventType;
  detail: EventDetails[EventType];
}

/** Events per page of GET /v1/events. */
export const EVENTS_PAGE = 500;

export function createEventsStore(db: SqliteDatabase, now: Clock) {
  const s = {
    insert: db.prepare(
      'INSERT INTO events (account_id, at, type, detail) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    after: db.prepare(
      'SELECT id, at, type, detail FROM events WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?',
    ),
  };
  return {
    /** Appends an event; call inside the transaction that made the change it reports. */
    append<T extends EventType>(accountId: string, type: T, detail: EventDetails[T]): number {
      const row = s.insert.get(accountId, now().toISOString(), type, JSON.stringify(detail)) as {
        id: number;
      };
      return row.id;
    },

    list(accountId: string, after: number, limit = EVENTS_PAGE): SandboxEvent[] {
      const rows = s.after.all(accountId, after, limit) as {
        id: number;
        at: string;
        type: EventType;
        detail: string;
      }[];
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        type: r.type,
        detail: JSON.parse(r.detail) as EventDetails[EventType],
      }));
    },
  };
}
export type EventsStore = ReturnType<typeof createEventsStore>;
