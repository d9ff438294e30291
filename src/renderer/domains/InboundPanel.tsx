import type { DomainCheckResult } from '../../shared/dns-check';
import type { Domain } from '../../shared/domain';
import { CopyButton } from '../ui/CopyButton';
import { Badge } from '../ui/StatusBadge';
import { checkOf, recordVerdict } from './selectors';

/** IMAP settings of common providers, as the service gives them (docs/product-rules.md). */
export const IMAP_PROVIDERS = [
  { name: 'Gmail', host: 'imap.gmail.com', port: 993 },
  { name: 'AOL', host: 'imap.aol.com', port: 993 },
  { name: 'Verizon', host: 'imap.verizon.net', port: 995 },
] as const;

export function imapSettingsText(p: (typeof IMAP_PROVIDERS)[number]): string {
  return `IMAP host: ${p.host}\nPort: ${p.port}\nSecurity: SSL/TLS\nUsername: your email address\nPassword: an app password\n`;
}

/**
 * Where mail to the domain goes: Kyrios Conversations through the MX record. Kyrios hosts no
 * mailboxes, so reading mail elsewhere needs the user's own provider's IMAP.
 */
export function InboundPanel({
  domain,
  check,
}: {
  domain: Domain;
  check: DomainCheckResult | null;
}) {
  const mx = domain.records.find((r) => r.purpose === 'mx');
  const mxCheck = mx ? checkOf(check, mx) : null;
  return (
    <section className="inbound" aria-labelledby="inbound-title">
      <div className="section-header">
        <h3 id="inbound-title">Inbound mail and IMAP</h3>
      </div>
      <p>
        Mail sent to any address at {domain.name} (for example, support@{domain.name}) arrives in
        the <strong>Conversations</strong> tab of Kyrios, with no outbound email needed first: the
        domain’s MX record points at Kyrios.
      </p>
      <p className="mx-status">
        MX record
        {mx ? (
          <>
            {' '}
            (<code>{mx.value}</code>)
          </>
        ) : null}
        :{' '}
        {mx ? (
          <>
            <Badge {...recordVerdict(mx, domain, check)} />{' '}
            {mxCheck ? (
              <span className="small">{mxCheck.message}</span>
            ) : (
              <span className="small muted">Verify Now to check it from this computer.</span>
            )}
          </>
        ) : (
          <span className="muted">none generated for this domain.</span>
        )}
      </p>
      <p>
        Kyrios hosts no mailboxes: POP and IMAP are not supported, and SMTP credentials only send.
        To read mail in an email client, use your own email provider’s IMAP settings. The username
        is the email address; the password is an app password made at that provider.
      </p>
      <table className="table imap-table" aria-label="IMAP settings of common providers">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">IMAP host</th>
            <th scope="col">Port</th>
            <th scope="col">Security</th>
            <th scope="col">
              <span className="visually-hidden">Copy</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {IMAP_PROVIDERS.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.name}</th>
              <td>
                <code>{p.host}</code>
              </td>
              <td>{p.port}</td>
              <td>SSL/TLS</td>
              <td>
                <CopyButton
                  text={imapSettingsText(p)}
                  what={`${p.name} IMAP settings`}
                  label={`Copy ${p.name} IMAP settings`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">For other providers, ask them for their IMAP details.</p>
    </section>
  );
}
