/**
 * The service's SMTP credential rules (docs/product-rules.md), in one place: the sandbox enforces
 * them, the dialogs check them before anything is sent, and both say the same words.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const MAX_LOCAL_PART = 64;
/** No look-alikes (0/O, 1/l/I), so a password read aloud or retyped survives. */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function localPart(login: string): string {
  const at = login.lastIndexOf('@');
  return at >= 0 ? login.slice(0, at) : login;
}

/**
 * 12–128 characters (code points) and not containing the login's local part, compared without
 * regard to case. Null when acceptable, else what is wrong.
 */
export function passwordProblem(password: string, login: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `A password needs at least ${PASSWORD_MIN_LENGTH} characters; this one has ${length}.`;
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return `A password has at most ${PASSWORD_MAX_LENGTH} characters; this one has ${length}.`;
  }
  const local = localPart(login);
  if (local !== '' && password.toLowerCase().includes(local.toLowerCase())) {
    return `The password must not contain the login's local part ("${local}").`;
  }
  return null;
}

export type LoginCheck = { ok: true; login: string } | { ok: false; message: string };

/**
 * `local@domain` on the user's own domain, or the bare local part: 1–64 of lowercase letters,
 * digits, `.`, `-` and `_`, in any order. That is the service's rule exactly: the login is the name
 * SMTP AUTH takes, not an address SMTP carries in a path, so no dot-atom rule (a dot may lead,
 * trail or repeat) and no 254-character address bound applies.
 */
export function checkLogin(input: string, domain: string): LoginCheck {
  const at = input.lastIndexOf('@');
  const local = at >= 0 ? input.slice(0, at) : input;
  const given = at >= 0 ? input.slice(at + 1) : domain;
  if (/[A-Z]/.test(input)) {
    return { ok: false, message: `Logins are lowercase only: use ${input.toLowerCase()}.` };
  }
  if (given !== domain) {
    return {
      ok: false,
      message: `The login must be an address on ${domain} (or just the part before the @), not on ${given || 'nothing'}.`,
    };
  }
  if (local.length === 0) return { ok: false, message: 'The login needs a part before the @.' };
  if (local.length > MAX_LOCAL_PART) {
    return {
      ok: false,
      message: `The part before the @ is at most ${MAX_LOCAL_PART} characters; this one has ${local.length}.`,
    };
  }
  const bad = [...local].find((c) => !/[a-z0-9._-]/.test(c));
  if (bad !== undefined) {
    return {
      ok: false,
      message: `Logins use lowercase letters, digits, ".", "-" and "_" before the @; "${bad}" is not allowed.`,
    };
  }
  return { ok: true, login: `${local}@${domain}` };
}

/**
 * A random password of `length` characters from PASSWORD_ALPHABET that passes the rules for this
 * login; `randomBelow(n)` must be uniform on 0..n-1 (node:crypto randomInt, or Web Crypto).
 */
export function generatePasswordWith(
  login: string,
  length: number,
  randomBelow: (n: number) => number,
): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i++)
      password += PASSWORD_ALPHABET[randomBelow(PASSWORD_ALPHABET.length)];
    if (passwordProblem(password, login) === null) return password;
  }
}
