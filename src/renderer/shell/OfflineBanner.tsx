import { useState } from 'react';
import { formatAgo, formatTime } from '../ui/format';
import { useConnection } from './connection';
import { kyriosAccountActions, useKyriosAccount } from './kyrios-account-store';
import { useNow } from '../ui/use-now';

/**
 * Says that Kyrios cannot be reached, since when and why, that what is stored stays readable, and
 * when the app asks again by itself. It goes away by itself once the service answers.
 */
export function OfflineBanner() {
  const summary = useConnection();
  const nextProbeAt = useKyriosAccount((s) => s.connection?.nextProbeAt ?? null);
  const [trying, setTrying] = useState(false);
  const now = useNow(15_000);
  if (summary.state !== 'offline') return null;
  const { since, reason } = summary;

  return (
    <section className="banner banner-warn shell-banner" aria-labelledby="offline-title">
      <div role="status">
        <p>
          <strong id="offline-title">
            Offline
            {since ? ` since ${formatTime(since)} (${formatAgo(since, now).toLowerCase()})` : ''}
          </strong>
          : {reason ?? 'Kyrios cannot be reached.'}
        </p>
        <p className="small">
          Everything stored on this computer stays readable: domains, DNS records, check history,
          SMTP credentials and the last usage; DNS checks still run. Actions that need Kyrios are
          disabled until it is back.{' '}
          {nextProbeAt && Date.parse(nextProbeAt) > now.getTime()
            ? `Kyrios Desk asks again by itself at ${formatTime(nextProbeAt)}.`
            : 'Kyrios Desk keeps asking by itself.'}
        </p>
      </div>
      <button
        type="button"
        className="button button-small"
        disabled={trying}
        aria-busy={trying}
        onClick={() => {
          setTrying(true);
          void kyriosAccountActions
            .load()
            .then(() => kyriosAccountActions.loadConnection())
            .finally(() => setTrying(false));
        }}
      >
        {trying ? 'Trying…' : 'Try again now'}
      </button>
    </section>
  );
}
