import { z } from 'zod';

/**
 * The certificate the account's SMTP host presents on STARTTLS, as SMTP Settings offers it to apps
 * that pin it: read from the host the way a mail app meets it (src/main/services/smtp-certificate.ts).
 */
export const SmtpCertificate = z.object({
  /** The SMTP host and port it was read from (the account's, as SMTP Settings shows them). */
  host: z.string(),
  port: z.number().int(),
  /** PEM, as an app's "trusted certificate" field takes it. */
  pem: z.string(),
  /** SHA-256 of the DER certificate, colon-separated upper-case hex: what pinning apps compare. */
  sha256Fingerprint: z.string(),
  /** The names (DNS) and addresses (IP) its subjectAltName lists. */
  hostNames: z.array(z.string()),
  /** Whether `host` is one of them: a client that checks the name accepts it. */
  coversHost: z.boolean(),
  /** Its validity, ISO 8601. */
  validFrom: z.string(),
  validTo: z.string(),
});
export type SmtpCertificate = z.infer<typeof SmtpCertificate>;
