import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';

/** The functions of a store's state: its actions. */
export type ActionsOf<S> = {
  [K in keyof S as S[K] extends (...args: never[]) => unknown ? K : never]: S[K];
};

/**
 * A store's actions, taken once: they are created with the store and survive a reset to its
 * initial state (which holds the same functions), so components and flows call them directly.
 */
export function actionsOf<S extends object>(store: StoreApi<S>): ActionsOf<S> {
  return Object.fromEntries(
    Object.entries(store.getState()).filter(([, value]) => typeof value === 'function'),
  ) as ActionsOf<S>;
}

/** The selector hook of a store: components read it through selectors, never the raw store. */
export function selectorHook<S>(store: StoreApi<S>) {
  return <T>(selector: (state: S) => T): T => useStore(store, selector);
}

const accountStores: StoreApi<object>[] = [];

/**
 * Marks a store as holding one account's data: emptied (back to its initial state) when another
 * account is switched to. Each topic's store registers itself where it is created.
 */
export function accountScoped<S extends object>(store: StoreApi<S>): StoreApi<S> {
  accountStores.push(store);
  return store;
}

/** Empties every account-scoped store (a switch of account). */
export function resetAccountStores(): void {
  for (const store of accountStores) store.setState(store.getInitialState(), true);
}
