import type { SqliteDatabase } from '../../sqlite/open-database';
import { utcDay, type Clock } from '../clock';
import { newId } from '../ids';
import { DAILY_SEND_LIMIT } from '../limits';
import type { EventsStore, UserRef } from './events';
import type { SmtpUsersStore } from './smtp-users';

/** One accepted recipient, counted on its UTC day until its message ends. */
export interface Reservation {
  accountId: string;
  userId: string;
  day: string;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation; sent: number }
  | { ok: false; reason: 'user_deleted' }
  | { ok: false; reason: 'daily_limit'; revoked: UserRef[] };

export interface OutboundMessage {
  /** Given when the id must be known before storing (it goes into the Received header). */
  id?: string;
  accountId: string;
  userId: string;
  mailFrom: string;
  recipients: string[];
  size: number;
  raw: Buffer;
}

/**
 * The daily limit. Every RCPT TO runs `reserve`, one synchronous IMMEDIATE transaction: read the
 * account's count for the UTC day, then either add one (to the account and the user) or, when
 * one more would exceed the limit, refuse it and in the same transaction delete every SMTP user
 * of the account and write the event. Node runs one transaction at a time and SQLite's write lock
 * serialises any other process, so no interleaving of sessions can accept the 1,501st recipient;
 * `daily_sends` has a CHECK on the limit as a last guard.
 */
export function createSendingStore(
  db: SqliteDatabase,
  now: Clock,
  events: EventsStore,
  users: SmtpUsersStore,
) {
  const s = {
    accountSent: db.prepare('SELECT sent FROM daily_sends WHERE account_id = ? AND day = ?'),
    addAccount: db.prepare(
      `INSERT INTO daily_sends (account_id, day, sent) VALUES (?, ?, ?)
       ON CONFLICT (account_id, day) DO UPDATE SET sent = sent + excluded.sent`,
    ),
    addUser: db.prepare(
      `INSERT INTO user_daily_sends (smtp_user_id, day, sent) VALUES (?, ?, ?)
       ON CONFLICT (smtp_user_id, day) DO UPDATE SET sent = sent + excluded.sent`,
    ),
    // Not an upsert of -1: SQLite checks the CHECK constraint on the row to insert first.
    subAccount: db.prepare(
      'UPDATE daily_sends SET sent = sent - 1 WHERE account_id = ? AND day = ? AND sent > 0',
    ),
    subUser: db.prepare(
      'UPDATE user_daily_sends SET sent = sent - 1 WHERE smtp_user_id = ? AND day = ? AND sent > 0',
    ),
    userLogin: db.prepare('SELECT login FROM smtp_users WHERE id = ?'),
    insertMessage: db.prepare(`
      INSERT INTO outbound_messages (id, account_id, smtp_user_id, mail_from, recipients, size, received_at, raw)
      VALUES (@id, @accountId, @userId, @mailFrom, @recipients, @size, @at, @raw)`),
  };

  const reserve = db.transaction((accountId: string, userId: string): ReserveResult => {
    if (!users.isActive(userId)) return { ok: false, reason: 'user_deleted' };
    const day = utcDay(now());
    const row = s.accountSent.get(accountId, day) as { sent: number } | undefined;
    const sent = row?.sent ?? 0;
    if (sent >= DAILY_SEND_LIMIT) {
      const revoked = users.revokeAllOfAccount(accountId);
      const trigger = s.userLogin.get(userId) as { login: string };
      events.append(accountId, 'credentials_revoked_daily_limit', {
        day,
        dailyLimit: DAILY_SEND_LIMIT,
        sent,
        trigger: { userId, login: trigger.login },
        logins: revoked.map((r) => r.login),
        users: revoked,
      });
      return { ok: false, reason: 'daily_limit', revoked };
    }
    s.addAccount.run(accountId, day, 1);
    s.addUser.run(userId, day, 1);
    return { ok: true, reservation: { accountId, userId, day }, sent: sent + 1 };
  });

  const release = db.transaction((reservations: readonly Reservation[]): void => {
    for (const r of reservations) {
      s.subAccount.run(r.accountId, r.day);
      s.subUser.run(r.userId, r.day);
    }
  });

  return {
    /** Counts one recipient, or refuses it (and revokes, past the limit). */
    reserve: (accountId: string, userId: string): ReserveResult =>
      reserve.immediate(accountId, userId),

    /** Gives back the recipients of a message that did not complete (refused, reset, dropped). */
    release(reservations: readonly Reservation[]): void {
      if (reservations.length > 0) release.immediate(reservations);
    },

    /** Stores a completed message; its recipients stay counted. */
    recordMessage(message: OutboundMessage): string {
      const id = message.id ?? newId('msg');
      s.insertMessage.run({
        id,
        accountId: message.accountId,
        userId: message.userId,
        mailFrom: message.mailFrom,
        recipients: JSON.stringify(message.recipients),
        size: message.size,
        at: now().toISOString(),
        raw: message.raw,
      });
      return id;
    },

    sentOn(accountId: string, day: string): number {
      return (s.accountSent.get(accountId, day) as { sent: number } | undefined)?.sent ?? 0;
    },
  };
}
export type SendingStore = ReturnType<typeof createSendingStore>;
