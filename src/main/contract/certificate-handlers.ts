import type { SmtpCertificateService } from '../services/smtp-certificate';
import type { Handlers } from './dispatch';

/**
 * SMTP Settings' certificate, for apps that pin it. The same STARTTLS dial for every account: the
 * embedded sandbox's host and a real Kyrios account's host both present their certificate there,
 * exactly as a mail app meets it.
 */
export function certificateHandlers(
  certificate: SmtpCertificateService,
): Pick<Handlers, 'smtp:certificate'> {
  return { 'smtp:certificate': () => certificate.get() };
}
