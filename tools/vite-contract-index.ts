import type { Plugin } from 'vite';
import {
  API_CALLS,
  API_DESKTOP_SUBSCRIPTIONS,
  API_SUBSCRIPTIONS,
} from '../src/shared/contract-index';

/** The module the renderer and the preload import the contract's method names from. */
export const CONTRACT_INDEX_ID = 'virtual:kyrios-contract-index';
const RESOLVED = `\0${CONTRACT_INDEX_ID}`;

/**
 * Serves `virtual:kyrios-contract-index` to a build as plain data read off the contract's rows
 * (src/shared/contract-index.ts): the renderer's bundle stays free of zod, and the sandboxed
 * preload requires nothing but Electron. A contract row stays the one place a channel's method
 * name is written. (Vitest points the same id at src/shared/contract-index.ts itself.)
 */
export function contractIndexPlugin(): Plugin {
  return {
    name: 'kyrios-contract-index',
    resolveId(id) {
      return id === CONTRACT_INDEX_ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      return [
        `export const API_CALLS = ${JSON.stringify(API_CALLS)};`,
        `export const API_SUBSCRIPTIONS = ${JSON.stringify(API_SUBSCRIPTIONS)};`,
        `export const API_DESKTOP_SUBSCRIPTIONS = ${JSON.stringify(API_DESKTOP_SUBSCRIPTIONS)};`,
      ].join('\n');
    },
  };
}
