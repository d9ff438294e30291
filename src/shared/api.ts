import * as index from 'virtual:kyrios-contract-index';
import type {
  Channel,
  Contract,
  DesktopEventName,
  EventName,
  EventPayload,
  Events,
  RequestOf,
  ResponseOf,
} from './contract';
import type { Result } from './errors';

type Call<C extends Channel> =
  Record<never, never> extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

type Subscribe<E extends EventName> = (listener: (event: EventPayload<E>) => void) => () => void;

/** The method name a contract row gives its channel, and the one an event row gives its push. */
export type CallMethod = Contract[Channel]['method'];
export type SubscriptionMethod = Events[EventName]['method'];

type SharedEventName = Exclude<EventName, DesktopEventName>;

/**
 * What the renderer sees as `window.kyrios`, derived from the contract's rows: one method per
 * channel, one subscription per event, each returning an unsubscribe function. Never a generic
 * invoke. A desktop-only push's subscription (the menu's, the tray's commands) is absent in
 * browser mode: the renderer subscribes where it is there.
 */
export type KyriosApi = { [C in Channel as Contract[C]['method']]: Call<C> } & {
  [E in SharedEventName as Events[E]['method']]: Subscribe<E>;
} & { [E in DesktopEventName as Events[E]['method']]?: Subscribe<E> };

/**
 * Which channel each call method uses, and which event each subscription listens to: both
 * transports build their API object from these. Plain data generated from the contract at build
 * time (see tools/vite-contract-index.ts), so importing them pulls in no zod schema.
 */
export const API_CALLS = index.API_CALLS as {
  readonly [C in Channel as Contract[C]['method']]: C;
};
export const API_SUBSCRIPTIONS = index.API_SUBSCRIPTIONS as {
  readonly [E in SharedEventName as Events[E]['method']]: E;
};
/** The subscriptions only the desktop app's preload offers. */
export const API_DESKTOP_SUBSCRIPTIONS = index.API_DESKTOP_SUBSCRIPTIONS as {
  readonly [E in DesktopEventName as Events[E]['method']]: E;
};

/** Every method `window.kyrios` always has, calls then subscriptions. */
export const API_METHODS = [
  ...(Object.keys(API_CALLS) as CallMethod[]),
  ...(Object.keys(API_SUBSCRIPTIONS) as SubscriptionMethod[]),
];
/** The methods only the desktop app's `window.kyrios` has. */
export const API_DESKTOP_METHODS = Object.keys(API_DESKTOP_SUBSCRIPTIONS) as SubscriptionMethod[];

/**
 * An API object with one named method per call and per subscription, each built from its channel
 * or event: how the preload (over IPC, `desktop`: with the desktop-only pushes) and browser mode
 * (over HTTP) make theirs.
 */
type Caller = (channel: Channel, request: unknown) => Promise<unknown>;
type Subscriber = (name: EventName, listener: (payload: unknown) => void) => () => void;

export function buildApi(
  call: Caller,
  subscribe: Subscriber,
  options: { desktop: true },
): Required<KyriosApi>;
export function buildApi(
  call: Caller,
  subscribe: Subscriber,
  options?: { desktop?: false },
): KyriosApi;
export function buildApi(
  call: Caller,
  subscribe: Subscriber,
  { desktop = false }: { desktop?: boolean } = {},
): KyriosApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries<Channel>(API_CALLS)) {
    api[method] = (request?: unknown) => call(channel, request ?? {});
  }
  const events = desktop
    ? { ...API_SUBSCRIPTIONS, ...API_DESKTOP_SUBSCRIPTIONS }
    : API_SUBSCRIPTIONS;
  for (const [method, name] of Object.entries<EventName>(events)) {
    api[method] = (listener: (payload: unknown) => void) => subscribe(name, listener);
  }
  return api as KyriosApi;
}
