import { createHash } from 'node:crypto';
import { z } from 'zod';

export interface RemoteAccountConfig {
  baseUrl: string;
  apiKey: string;
  label: string;
}

const HttpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.username === '' &&
        url.password === ''
      );
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials, such as https://api.kyrios.example');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A remote account's base URL, checked (http(s), no credentials) and without trailing slashes. */
export function parseBaseUrl(
  value: string,
): { ok: true; url: string } | { ok: false; why: string } {
  const parsed = HttpUrl.safeParse(value);
  if (!parsed.success) return { ok: false, why: parsed.error.issues[0]?.message ?? 'is not valid' };
  return { ok: true, url: parsed.data.replace(/\/+$/, '') };
}

/** The stable id of the account KYRIOS_API_URL names (kept from the first versions). */
export function envAccountId(baseUrl: string): string {
  return `remote-${createHash('sha256').update(baseUrl).digest('hex').slice(0, 16)}`;
}

/**
 * A remote Kyrios account from the environment (browser mode and the CLI take the key from there):
 * `KYRIOS_API_URL` and `KYRIOS_API_KEY`, optionally `KYRIOS_ACCOUNT_LABEL`. Neither set → the
 * embedded sandbox. Only one set is a mistake worth stopping for.
 */
export function remoteAccountFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): RemoteAccountConfig | undefined {
  const url = env.KYRIOS_API_URL?.trim();
  const key = env.KYRIOS_API_KEY?.trim();
  if (!url && !key) return undefined;
  if (!url)
    throw new ConfigError(
      'KYRIOS_API_KEY is set but KYRIOS_API_URL is not: set both to use a remote account.',
    );
  if (!key)
    throw new ConfigError(
      'KYRIOS_API_URL is set but KYRIOS_API_KEY is not: set both to use a remote account.',
    );
  const parsed = HttpUrl.safeParse(url);
  if (!parsed.success)
    throw new ConfigError(`KYRIOS_API_URL ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  return {
    baseUrl: parsed.data.replace(/\/+$/, ''),
    apiKey: key,
    label: env.KYRIOS_ACCOUNT_LABEL?.trim() || new URL(parsed.data).host,
  };
}
