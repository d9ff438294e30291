import { useEffect } from 'react';
import { Toasts } from './components/Toasts';
import { formatCount, percentOf } from './format';
import {
  accountActions,
  appActions,
  connectLocation,
  connectPushes,
  domainsActions,
  useAccount,
  useAppInfo,
  useDomains,
  useNav,
  useUsage,
} from './stores';
import { connectionSummary } from './stores/account-store';
import { DedicatedDomainView } from './views/DedicatedDomainView';
import { SmtpSettingsView } from './views/SmtpSettingsView';

/** How often the account (today's count, connection) is refreshed in the background. */
const ACCOUNT_REFRESH_MS = 60_000;

function AccountBadge() {
  const info = useAppInfo((s) => s.info);
  const infoError = useAppInfo((s) => s.error);
  const accountName = useAccount((s) => s.account?.name ?? null);
  const connection = useAccount((s) => s.connection);
  const accountSource = useAccount((s) => (s.status === 'ready' ? s.source : null));
  const domainsSource = useDomains((s) => (s.status === 'ready' ? s.source : null));
  const offlineReason = useDomains((s) => s.offlineReason);
  if (infoError) return <span className="account account-error">{infoError.message}</span>;
  if (!info) return <span className="account">Connecting…</span>;
  const summary = connectionSummary(connection, [accountSource, domainsSource], offlineReason);
  const state =
    summary.state === 'online'
      ? 'Connected'
      : summary.state === 'offline'
        ? 'Offline'
        : 'Connecting…';
  const why = summary.state === 'offline' && summary.reason ? `: ${summary.reason}` : '';
  return (
    <span className="account" title={`${info.account.baseUrl}${why}`}>
      <span className={`dot dot-${summary.state}`} aria-hidden="true" />
      <span>
        {accountName ? `${accountName} · ` : ''}
        {info.account.label}
      </span>
      <span className="muted" role="status">
        {' '}
        · {state}
      </span>
    </span>
  );
}

/** Today's count against the daily limit, always in sight: the limit's consequence is drastic. */
function LimitMeter() {
  const account = useAccount((s) => s.account);
  const todaySent = useUsage((s) => s.today?.today.sent ?? null);
  if (!account) return null;
  const sent = Math.max(todaySent ?? 0, account.sentToday);
  const share = sent / account.dailyLimit;
  const level = share >= 1 ? 'full' : share >= 0.8 ? 'warn' : 'ok';
  return (
    <span className="meter" title="Emails sent today, all domains together, of the daily limit">
      <span className="small">
        {formatCount(sent)} / {formatCount(account.dailyLimit)} today
      </span>
      <span
        className={`progress progress-mini progress-${level}`}
        role="progressbar"
        aria-label="Daily sending limit"
        aria-valuemin={0}
        aria-valuemax={account.dailyLimit}
        aria-valuenow={Math.min(sent, account.dailyLimit)}
        aria-valuetext={`${formatCount(sent)} of ${formatCount(account.dailyLimit)} emails sent today`}
      >
        <span
          className="progress-fill"
          style={{ width: `${percentOf(sent, account.dailyLimit)}%` }}
        />
      </span>
    </span>
  );
}

export function App() {
  const route = useNav((s) => s.route);

  useEffect(() => {
    void appActions.load();
    void accountActions.load();
    void accountActions.loadConnection();
    void domainsActions.load();
    const stopLocation = connectLocation();
    const stopPushes = connectPushes();
    const timer = setInterval(() => void accountActions.load(), ACCOUNT_REFRESH_MS);
    return () => {
      stopLocation();
      stopPushes();
      clearInterval(timer);
    };
  }, []);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash holds the screen; move focus without touching it.
          event.preventDefault();
          document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="topbar">
        <span className="brand">Kyrios Desk</span>
        <div className="topbar-right">
          <LimitMeter />
          <AccountBadge />
        </div>
      </header>
      {route.page === 'smtp' ? (
        <SmtpSettingsView key={route.domainId} domainId={route.domainId} />
      ) : (
        <DedicatedDomainView selectedId={route.domainId} />
      )}
      <Toasts />
    </div>
  );
}
