import type { z } from 'zod';
import { ApiProblem } from './problem';

/** Parses a JSON body with a zod schema; a mismatch is a 400 `invalid_request` naming the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    throw new ApiProblem(
      400,
      'invalid_request',
      'Invalid request',
      `${issue?.message ?? 'Invalid body'}${where}.`,
    );
  }
  return parsed.data;
}

/** An optional integer query parameter within bounds; else 400 `invalid_request`. */
export function intQuery(
  query: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  if (raw === undefined) return fallback;
  const text = typeof raw === 'string' ? raw : undefined;
  const value = text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ApiProblem(
      400,
      'invalid_request',
      'Invalid request',
      `"${name}" must be an integer from ${min} to ${max}${text === undefined ? ', given once' : `, not "${text}"`}.`,
    );
  }
  return value;
}

export function notFound(what: string, id: string): ApiProblem {
  return new ApiProblem(404, 'not_found', 'Not found', `No ${what} ${id}.`);
}
