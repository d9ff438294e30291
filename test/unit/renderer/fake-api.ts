import type { KyriosApi } from '../../../src/shared/api';

type Method = {
  [K in keyof KyriosApi]-?: KyriosApi[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof KyriosApi];
type Answer<M extends Method> = Awaited<ReturnType<KyriosApi[M]>>;
export type Script = { [M in Method]?: Answer<M>[] };

export interface Call {
  method: Method;
  request: unknown;
}

/**
 * A `KyriosApi` whose answers a test scripts in order, per method, recording every call. An answer
 * can be held back with `hold(method)`, to look at a store while a call is in flight.
 */
export function fakeApi(script: Script) {
  const calls: Call[] = [];
  const held = new Map<Method, () => void>();
  const gates = new Map<Method, Promise<void>>();

  const api = new Proxy(
    {},
    {
      get(_target, property: string) {
        const method = property as Method;
        return async (request?: unknown) => {
          calls.push({ method, request });
          const queue = script[method] as unknown[] | undefined;
          const next = queue?.shift();
          if (next === undefined) throw new Error(`unexpected call: ${method}`);
          await gates.get(method);
          return next;
        };
      },
    },
  ) as KyriosApi;

  return {
    api,
    calls,
    /** Calls to `method` wait until `release()`. */
    hold(method: Method): () => void {
      gates.set(method, new Promise<void>((resolve) => held.set(method, resolve)));
      return () => {
        held.get(method)?.();
        gates.delete(method);
      };
    },
    requests(method: Method): unknown[] {
      return calls.filter((c) => c.method === method).map((c) => c.request);
    },
  };
}

export const fail = (
  code:
    | 'internal'
    | 'offline'
    | 'weak_password'
    | 'not_found'
    | 'limit_not_reset'
    | 'invalid_request'
    | 'unauthorized',
  message: string,
) => ({ ok: false, error: { code, message } }) as const;

export const ok = <T>(value: T) => ({ ok: true, value }) as const;
