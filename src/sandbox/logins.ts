/** The SMTP login rule: `local@domain` on the user's own domain, or the bare local part. */

export const MAX_LOCAL_PART = 64;
/** The longest address SMTP carries in a path (RFC 5321 §4.5.3.1.3, minus the brackets). */
const MAX_ADDRESS = 254;

export type LoginCheck = { ok: true; login: string } | { ok: false; message: string };

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
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return {
      ok: false,
      message: 'A dot cannot start or end the part before the @, nor follow another dot.',
    };
  }
  const login = `${local}@${domain}`;
  if (login.length > MAX_ADDRESS) {
    return {
      ok: false,
      message: `An address is at most ${MAX_ADDRESS} characters; this one has ${login.length}.`,
    };
  }
  return { ok: true, login };
}
