import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { generatePasswordWith, passwordProblem } from '../shared/credential-rules';
import { GENERATED_PASSWORD_LENGTH } from './limits';
import { scryptOnWorker } from './scrypt-worker';

export { passwordProblem };

/** scrypt parameters of new hashes (N = 2^14, r = 8, p = 1: ~16 MiB, tens of ms). */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash` (base64url), computed off the event loop. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptOnWorker(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
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
  const key = await scryptOnWorker(
    password.normalize('NFC'),
    Buffer.from(salt, 'base64url'),
    KEY_LENGTH,
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    },
  );
  return stored !== undefined && key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random password that passes the service's own rules for this login. */
export function generatePassword(login: string): string {
  return generatePasswordWith(login, GENERATED_PASSWORD_LENGTH, (n) => randomInt(n));
}
