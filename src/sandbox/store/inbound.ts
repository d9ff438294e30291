import type { SqliteDatabase } from '../../sqlite/open-database';
import type { Clock } from '../clock';
import { newId } from '../ids';

/** A message received on the MX listener for one of the account's domains (Conversations). */
export interface InboundMessage {
  id: string;
  domainId: string;
  domain: string;
  /** Envelope sender (MAIL FROM); empty for bounces. */
  mailFrom: string;
  /** Envelope recipients on this domain. */
  to: string[];
  /** Header fields, decoded; null when absent. */
  from: string | null;
  subject: string | null;
  messageId: string | null;
  /** The plain-text body (first text part), null when the message has none. */
  text: string | null;
  size: number;
  receivedAt: string;
}

export interface NewInboundMessage {
  accountId: string;
  domainId: string;
  mailFrom: string;
  to: string[];
  from: string | null;
  subject: string | null;
  messageId: string | null;
  text: string | null;
  size: number;
  raw: Buffer;
}

/** Messages per GET /v1/conversations, newest first. */
export const CONVERSATIONS_PAGE = 200;

export function createInboundStore(db: SqliteDatabase, now: Clock) {
  const s = {
    insert: db.prepare(`
      INSERT INTO inbound_messages (id, account_id, domain_id, mail_from, recipients, from_header,
        subject, message_id, text, size, received_at, raw)
      VALUES (@id, @accountId, @domainId, @mailFrom, @to, @from, @subject, @messageId, @text,
        @size, @at, @raw)`),
    list: db.prepare(`
      SELECT m.id, m.domain_id AS domainId, d.name AS domain, m.mail_from AS mailFrom,
        m.recipients, m.from_header AS "from", m.subject, m.message_id AS messageId, m.text,
        m.size, m.received_at AS receivedAt
      FROM inbound_messages m JOIN domains d ON d.id = m.domain_id
      WHERE m.account_id = ? ORDER BY m.received_at DESC, m.rowid DESC LIMIT ?`),
  };
  return {
    insert(message: NewInboundMessage): string {
      const id = newId('in');
      s.insert.run({ ...message, id, to: JSON.stringify(message.to), at: now().toISOString() });
      return id;
    },

    list(accountId: string, limit = CONVERSATIONS_PAGE): InboundMessage[] {
      const rows = s.list.all(accountId, limit) as (Omit<InboundMessage, 'to'> & {
        recipients: string;
      })[];
      return rows.map(({ recipients, ...rest }) => ({
        ...rest,
        to: JSON.parse(recipients) as string[],
      }));
    },
  };
}
export type InboundStore = ReturnType<typeof createInboundStore>;
