import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { GENERATED_PASSWORD_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './limits';

/** scrypt parameters of new hashes (N = 2^14, r = 8, p = 1: ~16 MiB, tens of ms). */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url), computed off the event loop. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize('NFC'), salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// Checked against when the login does not exist, so both paths cost one scrypt.
const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const parts = (stored ?? DUMMY_HASH).split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return stored !== undefined && key.length === expected.length && timingSafeEqual(key, expected);
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password that passes the service's own rules for this login. */
export function generatePassword(login: string): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++)
      password += ALPHABET[randomInt(ALPHABET.length)];
    if (passwordProblem(password, login) === null) return password;
  }
}

/**
 * The password rule: 12–128 characters and not containing the login's local part (compared
 * without regard to case). Null when the password is acceptable, else what is wrong.
 */
export function passwordProblem(password: string, login: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `A password needs at least ${PASSWORD_MIN_LENGTH} characters; this one has ${length}.`;
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return `A password has at most ${PASSWORD_MAX_LENGTH} characters; this one has ${length}.`;
  }
  const at = login.lastIndexOf('@');
  const local = at >= 0 ? login.slice(0, at) : login;
  if (local !== '' && password.toLowerCase().includes(local.toLowerCase())) {
    return `The password must not contain the login's local part ("${local}").`;
  }
  return null;
}
