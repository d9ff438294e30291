import { useEffect, useId } from 'react';
import { CopyButton } from '../ui/CopyButton';
import { FieldError } from '../ui/Field';
import { saveTextFile } from '../ui/download';
import { formatDate } from '../ui/format';
import { useNow } from '../ui/use-now';
import {
  certificateActions,
  certificateFileName,
  certificateWarnings,
  useSmtpCertificate,
} from './certificate-store';

/**
 * The certificate the SMTP host presents on STARTTLS, for apps that pin it: its PEM to copy or
 * save, its SHA-256 fingerprint, the names it covers and until when; a warning when it does not
 * cover the host shown above (a client that checks the name would refuse it).
 */
export function SmtpCertificate({ host, port }: { host: string; port: number }) {
  const certificate = useSmtpCertificate((s) => s.certificate);
  const status = useSmtpCertificate((s) => s.status);
  const error = useSmtpCertificate((s) => s.error);
  const now = useNow();
  const titleId = useId();
  const current = certificate && certificate.host === host && certificate.port === port;

  useEffect(() => {
    void certificateActions.load();
  }, [host, port]);

  return (
    <section className="certificate" aria-labelledby={titleId}>
      <h3 id={titleId}>TLS certificate</h3>
      {error ? (
        <FieldError>
          Could not read the certificate of {host}:{port}: {error.message}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => void certificateActions.load()}
          >
            Try again
          </button>
        </FieldError>
      ) : null}
      {!current ? (
        status === 'error' ? null : (
          <p className="muted small" role="status">
            Reading the certificate {host}:{port} presents…
          </p>
        )
      ) : (
        <>
          <p className="muted small">
            What {host} presents when a mail app starts TLS. Apps that pin the server’s certificate
            take the PEM file or its SHA-256 fingerprint.
          </p>
          {certificateWarnings(certificate, now).map((warning) => (
            <p key={warning} className="warning-note" role="note">
              {warning}
            </p>
          ))}
          <dl className="settings-list certificate-list">
            <div>
              <dt>SHA-256</dt>
              <dd>
                <code className="fingerprint">{certificate.sha256Fingerprint}</code>
                <CopyButton
                  text={certificate.sha256Fingerprint}
                  what="SHA-256 fingerprint"
                  label="Copy SHA-256 fingerprint"
                />
              </dd>
            </div>
            <div>
              <dt>Names</dt>
              <dd>
                <ul className="certificate-names" aria-label="Names the certificate covers">
                  {certificate.hostNames.map((name) => (
                    <li key={name}>
                      <code>{name}</code>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt>Valid</dt>
              <dd>
                {formatDate(certificate.validFrom)} to {formatDate(certificate.validTo)}
              </dd>
            </div>
          </dl>
          <div className="button-row">
            <CopyButton
              text={certificate.pem}
              what="Certificate (PEM)"
              label="Copy certificate (PEM)"
            />
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                saveTextFile(
                  certificateFileName(certificate.host),
                  certificate.pem,
                  'application/x-pem-file',
                )
              }
            >
              Save certificate…
            </button>
          </div>
        </>
      )}
    </section>
  );
}
