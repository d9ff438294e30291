import { CHANNELS, EVENT_NAMES, contract, events, isDesktopEvent } from './contract';

/**
 * The contract's rows without their schemas: method → channel, and subscription method → event
 * name. This module needs zod (it reads the contract); builds replace it with the same data as
 * plain JSON (tools/vite-contract-index.ts), so the renderer and the preload never load zod.
 */
export const API_CALLS: Record<string, string> = Object.fromEntries(
  CHANNELS.map((channel) => [contract[channel].method, channel]),
);
export const API_SUBSCRIPTIONS: Record<string, string> = Object.fromEntries(
  EVENT_NAMES.filter((name) => !isDesktopEvent(name)).map((name) => [events[name].method, name]),
);
/** The subscriptions only the desktop app's preload offers. */
export const API_DESKTOP_SUBSCRIPTIONS: Record<string, string> = Object.fromEntries(
  EVENT_NAMES.filter(isDesktopEvent).map((name) => [events[name].method, name]),
);
