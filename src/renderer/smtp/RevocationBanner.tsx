import { useId, useState } from 'react';
import type { RevokedUser } from '../../shared/contract';
import { ServiceButton } from '../ui/ServiceButton';
import { formatCount, formatDateTime, readableTimes } from '../ui/format';
import { useAppInfo } from '../shell/app-info-store';
import { useServiceBlock } from '../shell/connection';
import { revocationActions, useRevocation } from './revocation-store';
import { bannerUsers } from './revocation-store';
import { RecreateDialog } from './RecreateDialog';

const DISMISSED_KEY = 'kyrios-desk-revocation-dismissed';

export const BANNER_TITLE = 'All SMTP credentials were deleted: the daily limit was exceeded';

function dismissedFor(account: string): string | null {
  try {
    return window.localStorage.getItem(`${DISMISSED_KEY}:${account}`);
  } catch {
    return null;
  }
}

/**
 * The daily-limit rule deleted every SMTP credential: a banner on every screen that lists each
 * lost login the event names (also those created elsewhere, which the app never listed) with its
 * domain, its note and where it was used, with "Recreate" per login once sending is possible
 * again. It stays until every login is recreated (then it can be dismissed).
 */
export function RevocationBanner() {
  const view = useRevocation((s) => s.view);
  const account = useAppInfo((s) => s.info?.account.baseUrl ?? '');
  const offline = useServiceBlock();
  const [recreating, setRecreating] = useState<RevokedUser | null>(null);
  const [expanded, setExpanded] = useState(true);
  const [, setDismissedAt] = useState(0);
  const [checking, setChecking] = useState(false);
  const ids = { title: useId(), reason: useId(), list: useId() };

  const users = bannerUsers(view);
  if (!view || users.length === 0) return null;
  const dismissed = dismissedFor(account);
  const latest = view.latest;
  const left = users.filter((u) => u.recreatedAs === null);
  const marker = latest ? String(latest.eventId) : (users[0]?.revokedOn ?? '');
  if (left.length === 0 && dismissed === marker) return null;

  const sending = view.sending;
  const blockedBy =
    offline ??
    (sending.possible ? null : readableTimes(sending.reason ?? 'Sending is not possible yet.'));

  // Outside the banner's states: the last Recreate turns the banner to "all done" while its
  // dialog still shows the new password.
  const dialog = (
    <RecreateDialog
      user={recreating}
      onClose={() => setRecreating(null)}
      returnFocusTo={() => document.getElementById(ids.title)}
    />
  );

  if (left.length === 0) {
    return (
      <>
        <section className="banner banner-ok shell-banner" aria-labelledby={ids.title}>
          <p id={ids.title}>
            Every SMTP login the daily-limit rule deleted has been recreated. Update the apps that
            used them with their new passwords.
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              try {
                window.localStorage.setItem(`${DISMISSED_KEY}:${account}`, marker);
              } catch {
                // Without storage the banner comes back after a reload; nothing else is lost.
              }
              setDismissedAt((n) => n + 1);
            }}
          >
            Dismiss
          </button>
        </section>
        {dialog}
      </>
    );
  }

  return (
    <>
      <section className="banner banner-fail revocation shell-banner" aria-labelledby={ids.title}>
        <div role="alert">
          <h2 id={ids.title} className="revocation-title">
            {BANNER_TITLE}
          </h2>
          <p>
            {latest
              ? `On ${latest.day} (UTC) the account went over its daily limit of ${formatCount(latest.dailyLimit ?? 1500)} emails${latest.trigger ? ` (the message that went over was sent by ${latest.trigger})` : ''}, and Kyrios deleted every SMTP credential of all dedicated domains. `
              : 'Kyrios deleted every SMTP credential of all dedicated domains. '}
            {formatCount(left.length)} {left.length === 1 ? 'login' : 'logins'} no longer{' '}
            {left.length === 1 ? 'works' : 'work'}: apps, CRMs and warm-up services using{' '}
            {left.length === 1 ? 'it' : 'them'} cannot send. Email history and statistics stay.
          </p>
        </div>
        {sending.possible ? (
          <p className="small">
            Sending is possible again: recreate each login (a new password is shown once) and give
            it to the apps listed.
          </p>
        ) : (
          <p className="small" id={ids.reason}>
            <strong>Recreate waits:</strong> {readableTimes(sending.reason ?? '')}{' '}
            <button
              type="button"
              className="link-button"
              disabled={checking}
              onClick={() => {
                setChecking(true);
                void revocationActions.load().finally(() => setChecking(false));
              }}
            >
              {checking ? 'Checking…' : 'Check again'}
            </button>
          </p>
        )}
        <button
          type="button"
          className="link-button small"
          aria-expanded={expanded}
          aria-controls={ids.list}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Hide the deleted logins' : `Show the ${users.length} deleted logins`}
        </button>
        <div id={ids.list} hidden={!expanded} className="table-scroll">
          <table
            className="table revocation-table"
            aria-label="SMTP logins deleted by the daily limit"
          >
            <thead>
              <tr>
                <th scope="col">Login name</th>
                <th scope="col">Domain</th>
                <th scope="col">Owner / purpose</th>
                <th scope="col">{"Where it's used"}</th>
                <th scope="col">Deleted</th>
                <th scope="col">
                  <span className="visually-hidden">Recreate</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <RevokedRow
                  key={user.id}
                  user={user}
                  blockedBy={blockedBy}
                  onRecreate={() => setRecreating(user)}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {dialog}
    </>
  );
}

function RevokedRow({
  user,
  blockedBy,
  onRecreate,
}: {
  user: RevokedUser;
  blockedBy: string | null;
  onRecreate: () => void;
}) {
  const loginId = useId();
  return (
    <tr>
      <th scope="row" id={loginId}>
        <code>{user.login}</code>
      </th>
      <td>{user.domain}</td>
      <td className="note-cell">
        {user.note ??
          (user.inInventory ? (
            <span className="muted">No note</span>
          ) : (
            <span className="muted">Not listed in this app before (created elsewhere)</span>
          ))}
      </td>
      <td className="note-cell">{user.whereUsed ?? <span className="muted">Not recorded</span>}</td>
      <td>{formatDateTime(user.deletedAt)}</td>
      <td>
        {user.recreatedAs ? (
          <span className="badge badge-verified" title={formatDateTime(user.recreatedAs.at)}>
            Recreated
          </span>
        ) : !user.domainKnown ? (
          <span className="muted small">
            {user.domain} is not on the account: add and verify it first
          </span>
        ) : (
          <ServiceButton
            className="button button-small button-primary"
            blockedBy={blockedBy}
            aria-describedby={loginId}
            onClick={onRecreate}
          >
            Recreate
          </ServiceButton>
        )}
      </td>
    </tr>
  );
}
