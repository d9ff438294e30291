import type { SqliteDatabase } from '../../sqlite/open-database';
import type {
  AlertKind,
  MonitorAlert,
  RecordChange,
  RecordObservation,
  RecordRef,
} from '../../shared/monitor';

export interface RecordState extends RecordObservation {
  since: string;
  runId: number;
}

export type NewAlert = Omit<MonitorAlert, 'id' | 'resolvedAt' | 'subject'> & { subject: string };

interface AlertRow {
  id: number;
  kind: AlertKind;
  domain_id: string | null;
  domain: string | null;
  subject: string;
  record_json: string | null;
  before_json: string | null;
  after_json: string | null;
  since: string;
  resolved_at: string | null;
  message: string;
}

interface ChangeRow {
  id: number;
  domain_id: string;
  domain: string;
  run_id: number;
  at: string;
  purpose: RecordChange['purpose'];
  type: RecordChange['type'];
  name: string;
  required: number;
  before_json: string | null;
  after_json: string;
}

const parse = <T>(text: string | null): T | null =>
  text === null ? null : (JSON.parse(text) as T);

function toAlert(row: AlertRow): MonitorAlert {
  return {
    id: row.id,
    kind: row.kind,
    domainId: row.domain_id,
    domain: row.domain,
    record: parse<RecordRef>(row.record_json),
    before: parse<RecordObservation>(row.before_json),
    after: parse<RecordObservation>(row.after_json),
    subject: row.subject === '' ? null : row.subject,
    since: row.since,
    resolvedAt: row.resolved_at,
    message: row.message,
  };
}

/** Record states, the change timeline and the alerts; statements prepared once. */
export function createMonitorRepo(db: SqliteDatabase) {
  const s = {
    states: db.prepare('SELECT * FROM record_states WHERE account_id = ? AND domain_id = ?'),
    putState: db.prepare(`
      INSERT INTO record_states (account_id, domain_id, record_key, status, found_json, codes_json, since, run_id)
      VALUES (@accountId, @domainId, @key, @status, @found, @codes, @since, @runId)
      ON CONFLICT (account_id, domain_id, record_key) DO UPDATE SET status = excluded.status,
        found_json = excluded.found_json, codes_json = excluded.codes_json, since = excluded.since,
        run_id = excluded.run_id`),
    touchState: db.prepare(
      'UPDATE record_states SET run_id = ? WHERE account_id = ? AND domain_id = ? AND record_key = ?',
    ),
    addChange: db.prepare(`
      INSERT INTO record_changes (account_id, domain_id, domain, run_id, at, purpose, type, name, required, before_json, after_json)
      VALUES (@accountId, @domainId, @domain, @runId, @at, @purpose, @type, @name, @required, @before, @after)`),
    changes: db.prepare(
      'SELECT * FROM record_changes WHERE account_id = ? AND domain_id = ? ORDER BY id DESC LIMIT ?',
    ),
    openAlert: db.prepare(`
      INSERT OR IGNORE INTO monitor_alerts (account_id, kind, domain_id, domain, subject, record_json, before_json, after_json, since, message)
      VALUES (@accountId, @kind, @domainId, @domain, @subject, @record, @before, @after, @since, @message)`),
    alertById: db.prepare('SELECT * FROM monitor_alerts WHERE account_id = ? AND id = ?'),
    openAlerts: db.prepare(
      'SELECT * FROM monitor_alerts WHERE account_id = ? AND resolved_at IS NULL ORDER BY since DESC, id DESC',
    ),
    openOfKind: db.prepare(
      "SELECT * FROM monitor_alerts WHERE account_id = ? AND kind = ? AND COALESCE(domain_id, '') = ? AND resolved_at IS NULL",
    ),
    resolve: db.prepare('UPDATE monitor_alerts SET resolved_at = ? WHERE id = ?'),
    recent: db.prepare(
      'SELECT * FROM monitor_alerts WHERE account_id = ? ORDER BY id DESC LIMIT ?',
    ),
  };

  return {
    states(accountId: string, domainId: string): Map<string, RecordState> {
      const rows = s.states.all(accountId, domainId) as {
        record_key: string;
        status: RecordState['status'];
        found_json: string;
        codes_json: string;
        since: string;
        run_id: number;
      }[];
      return new Map(
        rows.map((r) => [
          r.record_key,
          {
            status: r.status,
            found: JSON.parse(r.found_json) as string[],
            codes: JSON.parse(r.codes_json) as string[],
            since: r.since,
            runId: r.run_id,
          },
        ]),
      );
    },
    putState(accountId: string, domainId: string, key: string, state: RecordState): void {
      s.putState.run({
        accountId,
        domainId,
        key,
        status: state.status,
        found: JSON.stringify(state.found),
        codes: JSON.stringify(state.codes),
        since: state.since,
        runId: state.runId,
      });
    },
    touchState(accountId: string, domainId: string, key: string, runId: number): void {
      s.touchState.run(runId, accountId, domainId, key);
    },
    addChange(accountId: string, change: Omit<RecordChange, 'id'>): number {
      return Number(
        s.addChange.run({
          accountId,
          domainId: change.domainId,
          domain: change.domain,
          runId: change.runId,
          at: change.at,
          purpose: change.purpose,
          type: change.type,
          name: change.name,
          required: change.required ? 1 : 0,
          before: change.before ? JSON.stringify(change.before) : null,
          after: JSON.stringify(change.after),
        }).lastInsertRowid,
      );
    },
    /** Newest first. */
    changes(accountId: string, domainId: string, limit: number): RecordChange[] {
      return (s.changes.all(accountId, domainId, limit) as ChangeRow[]).map((r) => ({
        id: r.id,
        domainId: r.domain_id,
        domain: r.domain,
        runId: r.run_id,
        at: r.at,
        purpose: r.purpose,
        type: r.type,
        name: r.name,
        required: r.required === 1,
        before: parse<RecordObservation>(r.before_json),
        after: JSON.parse(r.after_json) as RecordObservation,
      }));
    },
    /** Opens an alert unless one is already open for the same subject; returns the new one. */
    openAlert(accountId: string, alert: NewAlert): MonitorAlert | null {
      const info = s.openAlert.run({
        accountId,
        kind: alert.kind,
        domainId: alert.domainId,
        domain: alert.domain,
        subject: alert.subject,
        record: alert.record ? JSON.stringify(alert.record) : null,
        before: alert.before ? JSON.stringify(alert.before) : null,
        after: alert.after ? JSON.stringify(alert.after) : null,
        since: alert.since,
        message: alert.message,
      });
      if (info.changes === 0) return null;
      return toAlert(s.alertById.get(accountId, info.lastInsertRowid) as AlertRow);
    },
    /**
     * Resolves the open alerts of a kind for a domain (null: the IP's), only those about `subject`
     * when given; returns them resolved.
     */
    resolveAlerts(
      accountId: string,
      kind: AlertKind,
      domainId: string | null,
      at: string,
      subject?: string,
    ): MonitorAlert[] {
      const rows = s.openOfKind.all(accountId, kind, domainId ?? '') as AlertRow[];
      const resolved: MonitorAlert[] = [];
      for (const row of rows) {
        if (subject !== undefined && row.subject !== subject) continue;
        s.resolve.run(at, row.id);
        resolved.push({ ...toAlert(row), resolvedAt: at });
      }
      return resolved;
    },
    openAlerts(accountId: string): MonitorAlert[] {
      return (s.openAlerts.all(accountId) as AlertRow[]).map(toAlert);
    },
    recentAlerts(accountId: string, limit: number): MonitorAlert[] {
      return (s.recent.all(accountId, limit) as AlertRow[]).map(toAlert);
    },
  };
}
export type MonitorRepo = ReturnType<typeof createMonitorRepo>;
