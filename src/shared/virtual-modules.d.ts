/**
 * The contract's index as builds serve it (tools/vite-contract-index.ts): the data of
 * src/shared/contract-index.ts, without zod. src/shared/api.ts gives it its precise types.
 */
declare module 'virtual:kyrios-contract-index' {
  export const API_CALLS: Readonly<Record<string, string>>;
  export const API_SUBSCRIPTIONS: Readonly<Record<string, string>>;
  export const API_DESKTOP_SUBSCRIPTIONS: Readonly<Record<string, string>>;
}
