import { domainsSource, useDomains } from '../domains/domains-store';
import { formatTime } from '../ui/format';
import {
  accountConnection,
  connectionSummary,
  useKyriosAccount,
  type ConnectionSummary,
} from './kyrios-account-store';

/**
 * Whether Kyrios can be reached, from the freshest evidence the window has (a connection push,
 * else whether the last account and domain answers were live): the one answer that the header,
 * the offline banner and every action needing the service share.
 */
export function useConnection(): ConnectionSummary {
  const connection = useKyriosAccount((s) => s.connection);
  const accountSource = useKyriosAccount((s) => (s.status === 'ready' ? s.source : null));
  const domainsSource = useDomains((s) => (s.status === 'ready' ? s.source : null));
  const offlineReason = useDomains((s) => s.offlineReason);
  return connectionSummary(connection, [accountSource, domainsSource], offlineReason);
}

/**
 * Why an action that needs Kyrios cannot run now, or null when it can: while the service cannot
 * be reached, such buttons stay visible and focusable but say why instead of failing on click.
 */
export function useServiceBlock(): string | null {
  const summary = useConnection();
  return summary.state === 'offline' ? offlineActionReason(summary.since) : null;
}

/** `useServiceBlock` outside React: for commands from the menu or a shortcut. */
export function serviceBlockNow(): string | null {
  const account = accountConnection();
  const domains = domainsSource();
  const summary = connectionSummary(
    account.connection,
    [account.source, domains.source],
    domains.offlineReason,
  );
  return summary.state === 'offline' ? offlineActionReason(summary.since) : null;
}

export function offlineActionReason(since: string | null): string {
  return `Kyrios cannot be reached${since ? ` since ${formatTime(since)}` : ''}: this needs it, and works again once it is back.`;
}
