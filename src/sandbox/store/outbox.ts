import type { SqliteDatabase } from '../../sqlite/open-database';
import type { Clock } from '../clock';
import type { InboundMessage } from './inbound';

/**
 * Mail the sandbox "sent": each accepted message is kept signed, as it would leave the dedicated
 * IP (outbound_messages.raw). Recipients the service itself receives for (a verified domain of the
 * account whose MX points at it) get it in Conversations; every other recipient's copy waits here,
 * in the outbox, readable through the API with its raw form.
 */
export interface OutboxMessage {
  id: string;
  domainId: string;
  domain: string;
  /** The SMTP user that sent it. */
  login: string;
  /** The envelope sender as it leaves: on the domain's return-path host. */
  mailFrom: string;
  /** The recipients that went to the outbox (not to Conversations). */
  to: string[];
  from: string | null;
  subject: string | null;
  messageId: string | null;
  /** The address it would be sent from: the account's dedicated IP. */
  sentFrom: string;
  size: number;
  acceptedAt: string;
}

export interface NewOutboxMessage {
  id: string;
  accountId: string;
  domainId: string;
  mailFrom: string;
  to: string[];
  from: string | null;
  subject: string | null;
  messageId: string | null;
  sentFrom: string;
  size: number;
}

/** What signing and routing need to know about the sender's domain. */
export interface SendingDomain {
  id: string;
  accountId: string;
  name: string;
  dkimSelector: string;
  dkimPrivateKey: string;
  /** The return_path record's name (`kbounce.<domain>`), null for a domain without one. */
  returnPath: string | null;
}

/** Messages per GET /v1/outbox, newest first. */
export const OUTBOX_PAGE = 200;

type OutboxRow = Omit<OutboxMessage, 'to'> & { recipients: string };

const OUTBOX_COLUMNS = `o.id, o.domain_id AS domainId, d.name AS domain, u.login, o.envelope_from AS mailFrom,
  o.recipients, o.from_header AS "from", o.subject, o.message_id AS messageId, o.sent_from AS sentFrom,
  o.size, o.accepted_at AS acceptedAt`;
const OUTBOX_FROM = `outbox_messages o JOIN domains d ON d.id = o.domain_id
  JOIN outbound_messages m ON m.id = o.id JOIN smtp_users u ON u.id = m.smtp_user_id`;

function toMessage({ recipients, ...rest }: OutboxRow): OutboxMessage {
  return { ...rest, to: JSON.parse(recipients) as string[] };
}

export function createOutboxStore(db: SqliteDatabase, now: Clock) {
  const s = {
    sendingDomain: db.prepare(`
      SELECT d.id, d.account_id AS accountId, d.name, d.dkim_selector AS dkimSelector,
        d.dkim_private_key AS dkimPrivateKey,
        (SELECT r.name FROM records r WHERE r.domain_id = d.id AND r.purpose = 'return_path'
         ORDER BY r.position LIMIT 1) AS returnPath
      FROM domains d WHERE d.id = ?`),
    // "Whose MX points at the service": the MX record as the last verification found it.
    receivingDomain: db.prepare(`
      SELECT d.id, d.account_id AS accountId, d.name, d.dkim_selector AS dkimSelector,
        d.dkim_private_key AS dkimPrivateKey
      FROM domains d
      WHERE d.account_id = ? AND d.name = ? AND d.status = 'verified' AND d.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM records r WHERE r.domain_id = d.id AND r.purpose = 'mx'
                    AND r.status IN ('pass', 'warn'))`),
    insert: db.prepare(`
      INSERT INTO outbox_messages (id, account_id, domain_id, envelope_from, recipients, from_header,
        subject, message_id, sent_from, size, accepted_at)
      VALUES (@id, @accountId, @domainId, @mailFrom, @to, @from, @subject, @messageId, @sentFrom,
        @size, @at)`),
    list: db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM ${OUTBOX_FROM}
      WHERE o.account_id = ? ORDER BY o.accepted_at DESC, o.rowid DESC LIMIT ?`),
    get: db.prepare(`SELECT ${OUTBOX_COLUMNS}, m.raw FROM ${OUTBOX_FROM}
      WHERE o.account_id = ? AND o.id = ?`),
    inbound: db.prepare(`
      SELECT m.id, m.domain_id AS domainId, d.name AS domain, m.mail_from AS mailFrom,
        m.recipients, m.from_header AS "from", m.subject, m.message_id AS messageId, m.text,
        m.size, m.received_at AS receivedAt, m.raw
      FROM inbound_messages m JOIN domains d ON d.id = m.domain_id
      WHERE m.account_id = ? AND m.id = ?`),
  };

  return {
    sendingDomain(domainId: string): SendingDomain | undefined {
      return s.sendingDomain.get(domainId) as SendingDomain | undefined;
    },

    /** The account's verified domain of that name whose MX is the service's, if any. */
    receivingDomain(
      accountId: string,
      name: string,
    ): Omit<SendingDomain, 'returnPath'> | undefined {
      return s.receivingDomain.get(accountId, name) as
        Omit<SendingDomain, 'returnPath'> | undefined;
    },

    /** Call inside the transaction that records the outbound message (its id is the key). */
    insert(message: NewOutboxMessage): void {
      s.insert.run({ ...message, to: JSON.stringify(message.to), at: now().toISOString() });
    },

    list(accountId: string, limit = OUTBOX_PAGE): OutboxMessage[] {
      return (s.list.all(accountId, limit) as OutboxRow[]).map(toMessage);
    },

    /** One outbox message with its raw form, as it would leave (signed, with its Received). */
    get(accountId: string, id: string): (OutboxMessage & { raw: Buffer }) | undefined {
      const row = s.get.get(accountId, id) as (OutboxRow & { raw: Buffer }) | undefined;
      if (!row) return undefined;
      const { raw, ...rest } = row;
      return { ...toMessage(rest), raw };
    },

    /** One Conversations message with its raw form, as the MX stored it. */
    inbound(accountId: string, id: string): (InboundMessage & { raw: Buffer }) | undefined {
      const row = s.inbound.get(accountId, id) as
        (Omit<InboundMessage, 'to'> & { recipients: string; raw: Buffer }) | undefined;
      if (!row) return undefined;
      const { recipients, ...rest } = row;
      return { ...rest, to: JSON.parse(recipients) as string[] };
    },
  };
}
export type OutboxStore = ReturnType<typeof createOutboxStore>;
