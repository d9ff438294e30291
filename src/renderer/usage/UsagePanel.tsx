import { useEffect } from 'react';
import { FieldError } from '../ui/Field';
import type { Domain } from '../../shared/domain';
import type { Usage } from '../../shared/kyrios';
import { toUnicodeName } from '../../shared/idn';
import { DAILY_LIMIT_RULE } from '../../shared/labels';
import { levelWarning } from './guard-text';
import { DAILY_LIMIT, limitLevel } from './limits';
import {
  formatAgo,
  formatCount,
  formatDateTime,
  formatTime,
  formatUntil,
  percentOf,
} from '../ui/format';
import { useKyriosAccount } from '../shell/kyrios-account-store';
import { guardActions } from './guard-store';
import { usageActions, useUsage } from './usage-store';
import { USAGE_DAYS } from './usage-store';
import { lastDays, splitRows } from './usage-data';
import { useNow } from '../ui/use-now';
import { GuardFigures } from './LimitGuard';
import { UsageExport } from './UsageExport';
import { UsageChart } from './UsageChart';

/** Refresh while on screen: mail goes out from other machines too. */
const REFRESH_MS = 30_000;
const BAR_CLASS = { ok: 'ok', warning: 'warn', critical: 'crit', reached: 'full' } as const;

/** "Email usage": the account's count against the daily limit, split per domain and per user. */
export function UsagePanel({ domain }: { domain: Domain }) {
  const usage = useUsage((s) => s.usage);
  const today = useUsage((s) => s.today);
  const status = useUsage((s) => s.status);
  const refreshing = useUsage((s) => s.refreshing);
  const error = useUsage((s) => s.error);
  const source = useUsage((s) => s.source);
  const syncedAt = useUsage((s) => s.syncedAt);
  const resetsAt = useKyriosAccount((s) => s.account?.resetsAt ?? null);

  useEffect(() => {
    const refresh = () => {
      void usageActions.load();
      void guardActions.load();
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <section className="card usage" aria-labelledby="usage-title">
      <div className="section-header section-header-first">
        <h2 id="usage-title">Email usage</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            void usageActions.load();
            void guardActions.load();
          }}
          disabled={refreshing || status === 'loading'}
          aria-busy={refreshing}
        >
          {refreshing ? 'Refreshing…' : 'Refresh usage'}
        </button>
      </div>
      {status === 'loading' || status === 'idle' ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading usage…
        </p>
      ) : null}
      {status === 'error' && error ? (
        <FieldError>
          Could not load the usage: {error.message}{' '}
          <button type="button" className="link-button" onClick={() => void usageActions.load()}>
            Try again
          </button>
        </FieldError>
      ) : null}
      {status === 'ready' && !usage ? (
        <p className="muted">No usage figures yet: they appear once Kyrios has been reached.</p>
      ) : null}
      {usage ? (
        <UsageFigures
          usage={usage}
          today={today ?? { ...usage, byUser: [], byDomain: [] }}
          domainId={domain.id}
          resetsAt={resetsAt}
          stale={source === 'cache' ? syncedAt : null}
        />
      ) : null}
    </section>
  );
}

function UsageFigures({
  usage,
  today,
  domainId,
  resetsAt,
  stale,
}: {
  usage: Usage;
  today: Usage;
  domainId: string;
  resetsAt: string | null;
  stale: string | null;
}) {
  // "figures as of 3 min ago" and "resets in 5 h" age while on screen.
  const now = useNow();
  const limit = usage.dailyLimit || DAILY_LIMIT;
  const { sent, remaining } = today.today;
  const level = limitLevel(sent, limit);
  const warning = levelWarning(level, remaining);
  const domains = splitRows(usage.byDomain, today.byDomain, (d) => d.domainId);
  const users = splitRows(usage.byUser, today.byUser, (u) => u.userId);
  return (
    <>
      {stale !== null ? (
        <p className="banner banner-warn small">
          Kyrios cannot be reached: figures as of {formatAgo(stale, now).toLowerCase()}.
        </p>
      ) : null}
      <p className="usage-today">
        <span className="usage-big">{formatCount(sent)}</span> of {formatCount(limit)} emails sent
        today
      </p>
      <div
        className={`progress progress-${BAR_CLASS[level]}`}
        role="progressbar"
        aria-label="Sent today"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(sent, limit)}
        aria-valuetext={`${formatCount(sent)} of ${formatCount(limit)}`}
      >
        <div className="progress-fill" style={{ width: `${percentOf(sent, limit)}%` }} />
      </div>
      <p className="small">
        <strong>{formatCount(remaining)}</strong> remaining ·{' '}
        {resetsAt ? (
          <span title={formatDateTime(resetsAt)}>
            resets at {formatTime(resetsAt)} ({formatUntil(resetsAt, now)})
          </span>
        ) : (
          'resets at midnight UTC'
        )}
      </p>
      {warning ? (
        <p
          className={level === 'warning' ? 'limit-note' : 'limit-note limit-note-full'}
          role="alert"
        >
          {warning}
        </p>
      ) : (
        <p className="muted small">
          The limit is {formatCount(limit)} emails per account per day, all domains together.{' '}
          {DAILY_LIMIT_RULE}
        </p>
      )}
      <GuardFigures />

      <table className="table usage-table" aria-label="Sent by domain">
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col" className="num">
              Today
            </th>
            <th scope="col" className="num">
              {USAGE_DAYS} days
            </th>
          </tr>
        </thead>
        <tbody>
          {domains.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No domains.
              </td>
            </tr>
          ) : null}
          {domains.map(({ row, today: t, window: w }) => (
            <tr key={row.domainId} className={row.domainId === domainId ? 'current' : undefined}>
              <th scope="row">{toUnicodeName(row.domain)}</th>
              <td className="num">{formatCount(t)}</td>
              <td className="num">{formatCount(w)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table className="table usage-table" aria-label="Sent by user">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col" className="num">
              Today
            </th>
            <th scope="col" className="num">
              {USAGE_DAYS} days
            </th>
          </tr>
        </thead>
        <tbody>
          {users.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No SMTP users.
              </td>
            </tr>
          ) : null}
          {users.map(({ row, today: t, window: w }) => (
            <tr key={row.userId} className={row.deleted ? 'deleted' : undefined}>
              <th scope="row">
                <code>{row.login}</code>{' '}
                {row.deleted ? <span className="badge badge-deleted">Deleted</span> : null}
              </th>
              <td className="num">{formatCount(t)}</td>
              <td className="num">{formatCount(w)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 className="usage-subtitle">Last {USAGE_DAYS} days</h3>
      <UsageChart series={lastDays(usage.days, usage.today.day, USAGE_DAYS)} limit={limit} />
      <UsageExport />
    </>
  );
}
