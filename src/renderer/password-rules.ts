/**
 * The service's SMTP rules, checked before anything is sent so the dialog can say what is wrong
 * at once. The service checks again and has the last word (its message is shown as it comes).
 */

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const LOCAL_PART_MAX = 64;
const GENERATED_LENGTH = 20;
// No look-alikes (0/O, 1/l/I), so a password read aloud or retyped survives.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function localPart(login: string): string {
  const at = login.lastIndexOf('@');
  return at >= 0 ? login.slice(0, at) : login;
}

/** Null when acceptable, else the reason, in the service's words. */
export function passwordProblem(password: string, login: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) {
    return `A password needs at least ${PASSWORD_MIN} characters; this one has ${length}.`;
  }
  if (length > PASSWORD_MAX) {
    return `A password has at most ${PASSWORD_MAX} characters; this one has ${length}.`;
  }
  const local = localPart(login);
  if (local !== '' && password.toLowerCase().includes(local.toLowerCase())) {
    return `The password must not contain the login's local part ("${local}").`;
  }
  return null;
}

export type LoginCheck = { ok: true; login: string } | { ok: false; message: string };

/** `local@domain` on the domain itself, or the bare local part; lowercase letters, digits, . - _ */
export function checkLogin(input: string, domain: string): LoginCheck {
  const trimmed = input.trim();
  if (trimmed === '')
    return { ok: false, message: 'Enter a login, such as sales or sales@' + domain + '.' };
  const at = trimmed.lastIndexOf('@');
  const local = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const given = at >= 0 ? trimmed.slice(at + 1) : domain;
  if (/[A-Z]/.test(trimmed)) {
    return { ok: false, message: `Logins are lowercase only: use ${trimmed.toLowerCase()}.` };
  }
  if (given !== domain) {
    return {
      ok: false,
      message: `The login must be an address on ${domain} (or just the part before the @), not on ${given || 'nothing'}.`,
    };
  }
  if (local === '') return { ok: false, message: 'The login needs a part before the @.' };
  if (local.length > LOCAL_PART_MAX) {
    return {
      ok: false,
      message: `The part before the @ is at most ${LOCAL_PART_MAX} characters; this one has ${local.length}.`,
    };
  }
  const bad = [...local].find((c) => !/[a-z0-9._-]/.test(c));
  if (bad !== undefined) {
    return {
      ok: false,
      message: `Logins use lowercase letters, digits, ".", "-" and "_" before the @; "${bad}" is not allowed.`,
    };
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return {
      ok: false,
      message: 'A dot cannot start or end the part before the @, nor follow another dot.',
    };
  }
  return { ok: true, login: `${local}@${domain}` };
}

/** A random password that passes the rules for this login (Web Crypto, unbiased). */
export function generatePassword(
  login: string,
  random: (n: number) => number = randomBelow,
): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < GENERATED_LENGTH; i++) password += ALPHABET[random(ALPHABET.length)];
    if (passwordProblem(password, login) === null) return password;
  }
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
