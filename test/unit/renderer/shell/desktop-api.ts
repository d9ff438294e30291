import type { KyriosApi } from '../../../../src/shared/api';
import type { AppCommand } from '../../../../src/shared/app-commands';

type Answer = (request: unknown) => unknown;

/**
 * A desktop `window.kyrios` for the window's own stores: each call answers from `answers` (a
 * call without one fails the test), every push subscription is there, and `command` delivers an
 * `app:command` as main would.
 */
export function fakeDesktopApi(answers: Record<string, Answer>) {
  const calls: { method: string; request: unknown }[] = [];
  const commandListeners = new Set<(command: AppCommand) => void>();
  const api = new Proxy(
    {},
    {
      get(_target, property: string) {
        if (property === 'onAppCommand') {
          return (listener: (command: AppCommand) => void) => {
            commandListeners.add(listener);
            return () => commandListeners.delete(listener);
          };
        }
        if (property.startsWith('on')) return () => () => undefined;
        return (request?: unknown) => {
          calls.push({ method: property, request });
          const answer = answers[property];
          if (!answer) return Promise.reject(new Error(`unexpected call: ${property}`));
          return Promise.resolve(answer(request));
        };
      },
    },
  ) as KyriosApi;
  return {
    api,
    calls,
    requests: (method: string) => calls.filter((c) => c.method === method).map((c) => c.request),
    command: (command: AppCommand) => commandListeners.forEach((listener) => listener(command)),
    get subscribers() {
      return commandListeners.size;
    },
  };
}
