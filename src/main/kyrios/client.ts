import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Domain } from '../../shared/domain';
import {
  Account,
  CreatedSmtpUser,
  InboundMessage,
  InboundMessageWithRaw,
  KyriosEvent,
  OutboxMessageWithRaw,
  SmtpUserList,
  Usage,
  Verification,
  type SmtpUser,
} from '../../shared/kyrios';
import { createConnectivity, type Connectivity } from './connectivity';
import { KyriosError } from './kyrios-error';
import { retryDelayMs, type RetryPolicy } from './retry';

const Problem = z.object({
  code: z.string().optional(),
  detail: z.string().optional(),
  title: z.string().optional(),
});
const DomainListBody = z.object({ domains: z.array(Domain) });
const EventsBody = z.object({ events: z.array(KyriosEvent) });
const ConversationsBody = z.object({ messages: z.array(InboundMessage) });
const NoBody = z.undefined();

export interface KyriosClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per attempt; past it the attempt counts as `offline`. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const DEFAULT_RETRY: RetryPolicy = {
  retries: 2,
  baseMs: 300,
  maxMs: 5_000,
  maxRetryAfterMs: 30_000,
};

/**
 * Typed calls to the Kyrios HTTP API (api/kyrios.openapi.yaml). Every response is validated: the
 * service is a boundary like any other. Every POST carries an Idempotency-Key that stays the same
 * across its retries, so every call can be retried safely: on network failures, timeouts, 5xx, and
 * on 429/503 after the `Retry-After` the service asks for. A DELETE retried after a lost answer
 * that finds the thing gone (404) counts as done.
 */
export function createKyriosClient(options: KyriosClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const connectivity: Connectivity = createConnectivity();

  async function attempt<T>(
    method: Method,
    path: string,
    schema: z.ZodType<T>,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<T> {
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
        undefined,
        true,
      );
    }
    connectivity.reached();

    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      // A gateway's HTML error page is the service failing, not a malformed answer.
      throw new KyriosError(
        response.status >= 500 ? 'service_error' : 'bad_response',
        `Kyrios answered ${response.status} with a body that is not JSON.`,
        response.status,
        response.status >= 500,
      );
    }

    if (!response.ok) {
      const problem = Problem.safeParse(json);
      const detail = problem.success ? (problem.data.detail ?? problem.data.title) : undefined;
      const busy = response.status === 429 || response.status === 503;
      const code =
        problem.success && problem.data.code
          ? problem.data.code
          : busy
            ? 'rate_limited'
            : response.status >= 500
              ? 'service_error'
              : 'bad_response';
      throw new KyriosError(
        code,
        detail ??
          (busy
            ? `Kyrios is busy (${response.status}); try again shortly.`
            : `Kyrios answered ${response.status}.`),
        response.status,
        busy || response.status >= 500 || code === 'idempotency_in_progress',
        busy ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
      );
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

  async function call<T>(
    method: Method,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json, application/problem+json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // One key for the whole call: a retry after a lost answer replays instead of creating twice.
    if (method === 'POST') headers['idempotency-key'] = randomUUID();

    // Whether an earlier attempt may have done the work without its answer reaching us.
    let maybeDone = false;
    for (let tries = 0; ; tries++) {
      try {
        return await attempt(method, path, schema, headers, body);
      } catch (error) {
        if (!(error instanceof KyriosError)) throw error;
        // A DELETE has no Idempotency-Key: when an earlier attempt's answer was lost, "not found"
        // on the retry is most likely that attempt's own work, so the thing is gone as asked.
        if (method === 'DELETE' && maybeDone && isNotFound(error)) {
          const gone = schema.safeParse(undefined);
          if (gone.success) return gone.data;
        }
        if (outcomeUnknown(error)) maybeDone = true;
        // Known to be unreachable already: answer from the cache at once; the offline probe
        // finds out when the service is back.
        const known = error.code === 'offline' && !connectivity.get().online;
        const delay = known ? null : retryDelayMs(error, tries, policy);
        if (delay === null) {
          if (error.code === 'offline') connectivity.unreachable(error.message);
          throw error;
        }
        await sleep(delay);
      }
    }
  }

  const id = encodeURIComponent;

  return {
    baseUrl: base,
    connectivity,
    getAccount: () => call('GET', '/v1/account', Account),
    async listDomains(): Promise<Domain[]> {
      return (await call('GET', '/v1/domains', DomainListBody)).domains;
    },
    getDomain: (domainId: string) => call('GET', `/v1/domains/${id(domainId)}`, Domain),
    createDomain: (name: string) => call('POST', '/v1/domains', Domain, { name }),
    deleteDomain: (domainId: string) => call('DELETE', `/v1/domains/${id(domainId)}`, NoBody),
    verifyDomain: (domainId: string) =>
      call('POST', `/v1/domains/${id(domainId)}/verify`, Verification, {}),
    listSmtpUsers: (domainId: string) =>
      call('GET', `/v1/domains/${id(domainId)}/smtp-users`, SmtpUserList),
    createSmtpUser: (domainId: string, login: string, password?: string) =>
      call('POST', `/v1/domains/${id(domainId)}/smtp-users`, CreatedSmtpUser, {
        login,
        ...(password === undefined ? {} : { password }),
      }),
    resetSmtpPassword: (domainId: string, userId: string, password: string) =>
      call('PUT', `/v1/domains/${id(domainId)}/smtp-users/${id(userId)}/password`, NoBody, {
        password,
      }),
    deleteSmtpUser: (domainId: string, userId: string) =>
      call('DELETE', `/v1/domains/${id(domainId)}/smtp-users/${id(userId)}`, NoBody),
    getUsage: (days = 30) => call('GET', `/v1/usage?days=${days}`, Usage),
    async getEvents(after = 0) {
      return (await call('GET', `/v1/events?after=${after}`, EventsBody)).events;
    },
    async getConversations() {
      return (await call('GET', '/v1/conversations', ConversationsBody)).messages;
    },
    /** One Conversations message with its raw form (base64). */
    getConversation: (messageId: string) =>
      call('GET', `/v1/conversations/${id(messageId)}`, InboundMessageWithRaw),
    /** One outbox message with its raw form (base64), as it left. */
    getOutboxMessage: (messageId: string) =>
      call('GET', `/v1/outbox/${id(messageId)}`, OutboxMessageWithRaw),
  };
}
export type KyriosClient = ReturnType<typeof createKyriosClient>;
export type { SmtpUser };

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** No answer at all, or a 5xx (the service, or a gateway in front of it, failed mid-way). */
function outcomeUnknown(error: KyriosError): boolean {
  return error.status === undefined || error.status >= 500;
}

function isNotFound(error: KyriosError): boolean {
  return error.status === 404 && error.code === 'not_found';
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
