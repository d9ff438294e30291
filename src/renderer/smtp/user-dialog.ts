import type { SmtpUserView } from '../../shared/contract';

/**
 * The dialog a row of the credentials table asks SMTP Settings to open for its user. Its own
 * module, so the table and the screen that holds it do not import each other.
 */
export type UserDialog =
  | { kind: 'reset'; user: SmtpUserView }
  | { kind: 'delete'; user: SmtpUserView }
  | { kind: 'note'; user: SmtpUserView }
  | { kind: 'test'; user: SmtpUserView };
