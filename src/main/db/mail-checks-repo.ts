import type { SqliteDatabase } from '../../sqlite/open-database';
import type { CheckStatus } from '../../shared/dns-check';
import {
  MailCheckResult,
  MailHistoryEntry,
  SmtpStep,
  type MailHistoryEntry as Entry,
} from '../../shared/mail-check';
import { z } from 'zod';

/** Entries kept per account and domain (and for messages from elsewhere): the newest win. */
export const MAIL_HISTORY_KEEP = 200;

export interface NewMailCheck {
  domainId: string | null;
  domain: string | null;
  kind: Entry['kind'];
  at: string;
  status: CheckStatus;
  subject: string | null;
  from: string | null;
  recipient: string | null;
  result: MailCheckResult | null;
  transcript: SmtpStep[] | null;
  note: string | null;
}

interface Row {
  id: number;
  domain_id: string | null;
  domain: string | null;
  kind: Entry['kind'];
  at: string;
  status: CheckStatus;
  subject: string | null;
  from_address: string | null;
  recipient: string | null;
  result_json: string | null;
  transcript_json: string | null;
  note: string | null;
}

const Transcript = z.array(SmtpStep);

/** JSON written by an older or newer app that no longer parses is shown without it, not as an error. */
function parsed<T>(schema: z.ZodType<T>, json: string | null): T | null {
  if (json === null) return null;
  try {
    const result = schema.safeParse(JSON.parse(json));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

function toEntry(row: Row): Entry {
  return MailHistoryEntry.parse({
    id: row.id,
    kind: row.kind,
    domainId: row.domain_id,
    domain: row.domain,
    at: row.at,
    status: row.status,
    subject: row.subject,
    from: row.from_address,
    recipient: row.recipient,
    result: parsed(MailCheckResult, row.result_json),
    transcript: parsed(Transcript, row.transcript_json),
    note: row.note,
  });
}

/** Test sends and checked messages, per account and domain, readable offline. */
export function createMailChecksRepo(db: SqliteDatabase) {
  const s = {
    insert: db.prepare(`
      INSERT INTO mail_checks (account_id, domain_id, domain, kind, at, status, subject,
        from_address, recipient, result_json, transcript_json, note)
      VALUES (@accountId, @domainId, @domain, @kind, @at, @status, @subject, @from, @recipient,
        @result, @transcript, @note)`),
    prune: db.prepare(`
      DELETE FROM mail_checks WHERE account_id = @accountId AND domain_id IS @domainId AND id NOT IN (
        SELECT id FROM mail_checks WHERE account_id = @accountId AND domain_id IS @domainId
        ORDER BY at DESC, id DESC LIMIT @keep)`),
    byDomain: db.prepare(`SELECT * FROM mail_checks WHERE account_id = ? AND domain_id IS ?
      ORDER BY at DESC, id DESC LIMIT ?`),
    all: db.prepare(`SELECT * FROM mail_checks WHERE account_id = ?
      ORDER BY at DESC, id DESC LIMIT ?`),
    one: db.prepare('SELECT * FROM mail_checks WHERE account_id = ? AND id = ?'),
  };
  const save = db.transaction((accountId: string, entry: NewMailCheck): number => {
    const id = Number(
      s.insert.run({
        accountId,
        domainId: entry.domainId,
        domain: entry.domain,
        kind: entry.kind,
        at: entry.at,
        status: entry.status,
        subject: entry.subject,
        from: entry.from,
        recipient: entry.recipient,
        result: entry.result === null ? null : JSON.stringify(entry.result),
        transcript: entry.transcript === null ? null : JSON.stringify(entry.transcript),
        note: entry.note,
      }).lastInsertRowid,
    );
    s.prune.run({ accountId, domainId: entry.domainId, keep: MAIL_HISTORY_KEEP });
    return id;
  });
  return {
    save: (accountId: string, entry: NewMailCheck): number => save(accountId, entry),

    /** Newest first: one domain's (null: messages from elsewhere), or, with `undefined`, all. */
    list(accountId: string, domainId: string | null | undefined, limit: number): Entry[] {
      const rows =
        domainId === undefined
          ? (s.all.all(accountId, limit) as Row[])
          : (s.byDomain.all(accountId, domainId, limit) as Row[]);
      return rows.map(toEntry);
    },

    get(accountId: string, id: number): Entry | undefined {
      const row = s.one.get(accountId, id) as Row | undefined;
      return row ? toEntry(row) : undefined;
    },
  };
}
export type MailChecksRepo = ReturnType<typeof createMailChecksRepo>;
