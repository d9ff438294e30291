import { API_DESKTOP_METHODS, API_METHODS, type KyriosApi } from '../../shared/api';
import { createHttpApi, takeToken } from './http-api';

let bound: KyriosApi | undefined;

/** The Electron preload bridge when present, else browser mode's HTTP binding of the contract. */
function transport(): KyriosApi {
  // The preload's bridge, read without env.d.ts's global so store tests compile in Node too.
  bound ??=
    (window as { kyrios?: KyriosApi }).kyrios ??
    createHttpApi(takeToken(window.location, window.sessionStorage, window.history));
  return bound;
}

/**
 * `window.kyrios` as the stores use it. The transport is picked on the first call, not at import:
 * each topic's store is created when its module loads, and a test can set `window.kyrios` first.
 */
export const api = Object.fromEntries(
  API_METHODS.map((method) => [
    method,
    (argument?: unknown) => (transport()[method] as (argument?: unknown) => unknown)(argument),
  ]),
) as unknown as KyriosApi;
// The desktop-only subscriptions are there exactly when the transport has them.
for (const method of API_DESKTOP_METHODS) {
  Object.defineProperty(api, method, { enumerable: true, get: () => transport()[method] });
}
