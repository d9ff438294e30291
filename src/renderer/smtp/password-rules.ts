/**
 * The service's SMTP rules, checked before anything is sent so the dialog can say what is wrong
 * at once. The service checks again and has the last word (its message is shown as it comes).
 * The rules themselves are shared with the sandbox (src/shared/credential-rules.ts).
 */
import {
  checkLogin as checkServiceLogin,
  generatePasswordWith,
  type LoginCheck,
} from '../../shared/credential-rules';

export {
  localPart,
  MAX_LOCAL_PART as LOCAL_PART_MAX,
  PASSWORD_MAX_LENGTH as PASSWORD_MAX,
  PASSWORD_MIN_LENGTH as PASSWORD_MIN,
  passwordProblem,
  type LoginCheck,
} from '../../shared/credential-rules';

const GENERATED_LENGTH = 20;

/** As the service checks it, after trimming, with a hint when nothing was typed. */
export function checkLogin(input: string, domain: string): LoginCheck {
  const trimmed = input.trim();
  if (trimmed === '') {
    return { ok: false, message: `Enter a login, such as sales or sales@${domain}.` };
  }
  return checkServiceLogin(trimmed, domain);
}

/** A random password that passes the rules for this login (Web Crypto, unbiased). */
export function generatePassword(
  login: string,
  random: (n: number) => number = randomBelow,
): string {
  return generatePasswordWith(login, GENERATED_LENGTH, random);
}

function randomBelow(n: number): number {
  // Rejection sampling: 256 is not a multiple of the alphabet's size.
  const limit = 256 - (256 % n);
  const byte = new Uint8Array(1);
  for (;;) {
    crypto.getRandomValues(byte);
    if ((byte[0] ?? 255) < limit) return (byte[0] ?? 0) % n;
  }
}
