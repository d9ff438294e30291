import type { Domain } from '../../shared/domain';
import { FieldError } from '../ui/Field';
import { CopyButton } from '../ui/CopyButton';
import { smtpSecurity } from '../ui/format';
import { kyriosAccountActions, useKyriosAccount } from '../shell/kyrios-account-store';
import { SmtpCertificate } from './SmtpCertificate';

export function connectionText(smtp: { host: string; port: number }, domain: string): string {
  return `SMTP host: ${smtp.host}\nPort: ${smtp.port}\nSecurity: ${smtpSecurity(smtp.port)}\nUsername: the full login name (name@${domain})\nPassword: the password shown when the login was created or reset\n`;
}

/** What an app, CRM or warm-up tool needs to send through Kyrios from this domain. */
export function SmtpConnection({ domain }: { domain: Domain }) {
  const account = useKyriosAccount((s) => s.account);
  const status = useKyriosAccount((s) => s.status);
  const error = useKyriosAccount((s) => s.error);

  return (
    <section className="card" aria-labelledby="connection-title">
      <h2 id="connection-title">Connection details</h2>
      {!account ? (
        status === 'error' ? (
          <FieldError>
            Could not read the account’s SMTP server: {error?.message}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void kyriosAccountActions.load()}
            >
              Try again
            </button>
          </FieldError>
        ) : (
          <p className="muted" role="status">
            Loading the SMTP server…
          </p>
        )
      ) : (
        <dl className="settings-list">
          <div>
            <dt>Host</dt>
            <dd>
              <code>{account.smtp.host}</code>
              <CopyButton text={account.smtp.host} what="SMTP host" label="Copy SMTP host" />
            </dd>
          </div>
          <div>
            <dt>Port</dt>
            <dd>
              <code>{account.smtp.port}</code>
              <CopyButton
                text={String(account.smtp.port)}
                what="SMTP port"
                label="Copy SMTP port"
              />
            </dd>
          </div>
          <div>
            <dt>Security</dt>
            <dd>{smtpSecurity(account.smtp.port)}</dd>
          </div>
          <div>
            <dt>Login</dt>
            <dd>
              The full login name, e.g. <code>sales@{domain.name}</code>
            </dd>
          </div>
          <div>
            <dt>Password</dt>
            <dd>The password shown once when the credentials were created or reset.</dd>
          </div>
          <div>
            <dt>Sender</dt>
            <dd>Any address at {domain.name} (MAIL FROM on the domain itself).</dd>
          </div>
        </dl>
      )}
      {account ? (
        <CopyButton
          text={connectionText(account.smtp, domain.name)}
          what="SMTP settings"
          label="Copy all SMTP settings"
          className="button"
        />
      ) : null}
      {account ? <SmtpCertificate host={account.smtp.host} port={account.smtp.port} /> : null}
    </section>
  );
}
