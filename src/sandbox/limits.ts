/** The service's rules (docs/product-rules.md), in one place for the API, SMTP and the tests. */

/** Emails per account per UTC day; one email is one accepted recipient. */
export const DAILY_SEND_LIMIT = 1500;

/** SMTP users per dedicated domain. */
export const SMTP_USERS_PER_DOMAIN = 5;

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../shared/credential-rules';
/** Length of the passwords the service generates when none is given. */
export const GENERATED_PASSWORD_LENGTH = 32;

/** Default cap on a submitted or inbound message, in bytes as received (10 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
