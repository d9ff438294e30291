import { useEffect, useId, useRef, useState } from 'react';
import type { AuditEntry } from '../../shared/audit';
import { AUDIT_ACTION_LABELS, detailText, targetText } from './audit-text';
import { exportAuditCsv } from '../usage/exports';
import { formatDateTime } from '../ui/format';
import { accountRegistryActions, useAccountRegistry } from './account-registry-store';
import { auditActions, useAudit } from './audit-store';
import { UsageExport } from '../usage/UsageExport';

/** "Audit log": every action taken from this app, with time and account; CSV exports. */
export function AuditView() {
  const entries = useAudit((s) => s.entries);
  const status = useAudit((s) => s.status);
  const error = useAudit((s) => s.error);
  const nextBeforeId = useAudit((s) => s.nextBeforeId);
  const loadingMore = useAudit((s) => s.loadingMore);
  const accountId = useAudit((s) => s.accountId);
  const accounts = useAccountRegistry((s) => s.view?.accounts ?? null);
  const [exporting, setExporting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const filterId = useId();

  useEffect(() => {
    heading.current?.focus();
    void auditActions.load();
    void accountRegistryActions.load();
  }, []);

  return (
    <main className="view" id="main" aria-labelledby="view-title">
      <div className="view-header">
        <div>
          <h1 id="view-title" ref={heading} tabIndex={-1} data-focus-fallback>
            Audit log
          </h1>
          <p className="muted small view-subtitle">
            Every action taken from Kyrios Desk on this computer, with its time and account. Only
            ever added to.
          </p>
        </div>
        <button
          type="button"
          className="button"
          disabled={exporting}
          aria-busy={exporting}
          onClick={() => {
            setExporting(true);
            void exportAuditCsv(accountId).finally(() => setExporting(false));
          }}
        >
          Export audit log as CSV
        </button>
      </div>

      <div className="list-toolbar audit-toolbar">
        <label htmlFor={filterId}>Account</label>
        <select
          id={filterId}
          className="input"
          value={accountId ?? ''}
          onChange={(e) => void auditActions.setAccount(e.target.value || null)}
        >
          <option value="">All accounts</option>
          {(accounts ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
        <UsageExport />
      </div>

      {status === 'error' && error ? (
        <div className="state state-error" role="alert">
          <p>Could not read the audit log: {error.message}</p>
          <button type="button" className="button" onClick={() => void auditActions.load()}>
            Try again
          </button>
        </div>
      ) : null}
      {status === 'loading' && entries.length === 0 ? (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the audit log…
        </p>
      ) : null}
      {status === 'ready' && entries.length === 0 ? (
        <p className="state">Nothing yet: actions taken from this app appear here.</p>
      ) : null}
      {entries.length > 0 ? (
        <div className="table-scroll">
          <table className="table audit-table" aria-label="Audit log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Account</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextBeforeId !== null ? (
        <div className="button-row button-row-center load-more">
          <button
            type="button"
            className="button"
            disabled={loadingMore}
            aria-busy={loadingMore}
            onClick={() => void auditActions.loadMore()}
          >
            {loadingMore ? 'Loading…' : 'Show older entries'}
          </button>
        </div>
      ) : null}
    </main>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr>
      <th scope="row">{formatDateTime(entry.at)}</th>
      <td>{entry.accountLabel}</td>
      <td>{AUDIT_ACTION_LABELS[entry.action] ?? entry.action}</td>
      <td className="note-cell">{targetText(entry)}</td>
      <td className="small note-cell">{detailText(entry.detail)}</td>
    </tr>
  );
}
