import { randomBytes } from 'node:crypto';

/** Opaque, URL-safe identifiers with a readable prefix (`dom_…`, `rec_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
