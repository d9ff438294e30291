import { formatCount, percentOf } from '../ui/format';
import { projectionText, rateText, warningBannerText } from './guard-text';
import { limitLevel, type LimitLevel } from './limits';
import { useKyriosAccount } from '../shell/kyrios-account-store';
import { guardActions, useGuard } from './guard-store';
import { useUsage } from './usage-store';

const BAR_CLASS: Record<LimitLevel, string> = {
  ok: 'ok',
  warning: 'warn',
  critical: 'crit',
  reached: 'full',
};

/** Today's count as the freshest of the readings on hand (the guard's, the account's, usage). */
function useSentToday(): { sent: number; limit: number } | null {
  const guardSent = useGuard((s) => s.view?.sentToday ?? null);
  const guardDay = useGuard((s) => s.view?.day ?? null);
  const guardLimit = useGuard((s) => s.view?.dailyLimit ?? null);
  const account = useKyriosAccount((s) => s.account);
  const usageSent = useUsage((s) => s.today?.today.sent ?? null);
  const usageDay = useUsage((s) => s.today?.today.day ?? null);
  if (!account && guardSent === null) return null;
  const day = account?.day ?? guardDay;
  const counts = [
    account?.sentToday ?? 0,
    guardDay === day ? (guardSent ?? 0) : 0,
    usageDay === day ? (usageSent ?? 0) : 0,
  ];
  return { sent: Math.max(...counts), limit: account?.dailyLimit ?? guardLimit ?? 1500 };
}

/** Today's count against the daily limit, always in sight: the limit's consequence is drastic. */
export function LimitMeter() {
  const today = useSentToday();
  const view = useGuard((s) => s.view);
  if (!today) return null;
  const { sent, limit } = today;
  const level = limitLevel(sent, limit);
  const projection = projectionText(view);
  const title = [
    'Emails sent today, all domains together, of the daily limit',
    view?.ratePerHour !== null && view ? rateText(view) : null,
    projection,
  ]
    .filter(Boolean)
    .join('. ');
  return (
    <span className={`meter meter-${level}`} title={title}>
      <span className="small">
        {formatCount(sent)} / {formatCount(limit)} today
      </span>
      <span
        className={`progress progress-mini progress-${BAR_CLASS[level]}`}
        role="progressbar"
        aria-label="Daily sending limit"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(sent, limit)}
        aria-valuetext={`${formatCount(sent)} of ${formatCount(limit)} emails sent today${level !== 'ok' ? ` (${percentOf(sent, limit)}%)` : ''}`}
      >
        <span className="progress-fill" style={{ width: `${percentOf(sent, limit)}%` }} />
      </span>
    </span>
  );
}

/** The 80 % / 95 % warning of the day, pushed by the guard, until dismissed. */
export function LimitWarningBanner() {
  const warning = useGuard((s) => s.warning);
  if (!warning) return null;
  return (
    <div
      className={`banner shell-banner ${warning.threshold >= 95 ? 'banner-fail' : 'banner-warn'}`}
      role="alert"
    >
      <p>
        <strong>Daily limit warning.</strong> {warningBannerText(warning)}
      </p>
      <button
        type="button"
        className="button button-small"
        onClick={() => guardActions.dismissWarning()}
      >
        Dismiss warning
      </button>
    </div>
  );
}

/** The guard's pace and projection, for the usage panel. */
export function GuardFigures() {
  const view = useGuard((s) => s.view);
  const projection = projectionText(view);
  return (
    <dl className="guard-figures">
      <div>
        <dt>Pace</dt>
        <dd>{rateText(view)}</dd>
      </div>
      <div>
        <dt>Projection</dt>
        <dd className={view?.projectedBeforeReset ? 'guard-projection-warn' : undefined}>
          {projection ?? 'Not known yet: it needs the pace first.'}
        </dd>
      </div>
    </dl>
  );
}
