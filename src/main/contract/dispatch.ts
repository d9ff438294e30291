import type { ZodError } from 'zod';
import {
  contract,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/contract';
import type { AppError, Result } from '../../shared/errors';
import { ServiceError } from '../services/service-error';

/** One function per channel; it receives a request that already passed the channel's schema. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};

export type Dispatch = (channel: Channel, rawRequest: unknown) => Promise<Result<unknown>>;

function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const where = issue.path.length ? ` at "${issue.path.join('.')}"` : '';
  return `The request is not valid${where}: ${issue.message}.`;
}

/**
 * The one wrapper every transport goes through: the request is parsed with the channel's schema
 * (the renderer is untrusted), the handler runs only on valid input, and every outcome becomes a
 * `{ok:true,value}` or `{ok:false,error:{code,message}}`. Nothing throws past it.
 */
export function createDispatch(
  handlers: Handlers,
  log: (error: unknown) => void = console.error,
): Dispatch {
  return async (channel, rawRequest) => {
    if (!Object.hasOwn(contract, channel)) {
      return {
        ok: false,
        error: { code: 'invalid_request', message: `Unknown call "${String(channel)}".` },
      };
    }
    const parsed = contract[channel].request.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_request', message: describeZodError(parsed.error) },
      };
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toAppError(error, log) };
    }
  };
}

function toAppError(error: unknown, log: (error: unknown) => void): AppError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  log(error);
  return {
    code: 'internal',
    message: 'Something went wrong inside Kyrios Desk. Details are in the log.',
  };
}
