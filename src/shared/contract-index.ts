import { CHANNELS, EVENT_NAMES, contract, events } from './contract';

/**
 * The contract's rows without their schemas: method → channel, and subscription method → event
 * name. This module needs zod (it reads the contract); builds replace it with the same data as
 * plain JSON (tools/vite-contract-index.ts), so the renderer and the preload never load zod.
 */
export const API_CALLS: Record<string, string> = Object.fromEntries(
  CHANNELS.map((channel) => [contract[channel].method, channel]),
);
export const API_SUBSCRIPTIONS: Record<string, string> = Object.fromEntries(
  EVENT_NAMES.map((name) => [events[name].method, name]),
);
