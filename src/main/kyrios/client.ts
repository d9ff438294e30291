import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Domain } from '../../shared/domain';

/** Why a call to the Kyrios API failed, in terms the services can act on. */
export class KyriosError extends Error {
  constructor(
    /** The problem's `code` from the service, or `offline` / `bad_response` / `service_error`. */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KyriosError';
  }
}

const Problem = z.object({
  code: z.string().optional(),
  detail: z.string().optional(),
  title: z.string().optional(),
});
const DomainListBody = z.object({ domains: z.array(Domain) });

export interface KyriosClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request; the call fails as `offline` past it. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Typed calls to the Kyrios HTTP API (docs in the OpenAPI file). Responses are validated: the service
 * is a boundary like any other.
 */
export function createKyriosClient(options: KyriosClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json, application/problem+json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] = randomUUID();

    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new KyriosError(
        'offline',
        timedOut
          ? `Kyrios did not answer within ${Math.round(timeoutMs / 1000)} s.`
          : `Kyrios could not be reached at ${base} (${describeNetworkError(error)}).`,
      );
    }

    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new KyriosError(
        'bad_response',
        `Kyrios answered ${response.status} with a body that is not JSON.`,
        response.status,
      );
    }

    if (!response.ok) {
      const problem = Problem.safeParse(json);
      const code =
        problem.success && problem.data.code
          ? problem.data.code
          : response.status >= 500
            ? 'service_error'
            : 'bad_response';
      const detail = problem.success ? (problem.data.detail ?? problem.data.title) : undefined;
      throw new KyriosError(code, detail ?? `Kyrios answered ${response.status}.`, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new KyriosError(
        'bad_response',
        `Kyrios answered ${method} ${path} with an unexpected shape.`,
        response.status,
      );
    }
    return parsed.data;
  }

  return {
    baseUrl: base,
    async listDomains(): Promise<Domain[]> {
      return (await call('GET', '/v1/domains', DomainListBody)).domains;
    },
    createDomain(name: string): Promise<Domain> {
      return call('POST', '/v1/domains', Domain, { name });
    },
  };
}
export type KyriosClient = ReturnType<typeof createKyriosClient>;

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
