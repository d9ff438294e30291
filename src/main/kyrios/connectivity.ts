export interface ConnectivityState {
  online: boolean;
  /** When the current state began (ISO); null before the first call. */
  since: string | null;
  /** Why the service is unreachable, while offline. */
  reason: string | null;
}

/**
 * Whether the service answers, as the client sees it: online after any HTTP answer (even an error),
 * offline after a call that could not reach it at all. Listeners hear transitions only.
 */
export function createConnectivity(now: () => Date = () => new Date()) {
  let state: ConnectivityState = { online: true, since: null, reason: null };
  const listeners = new Set<(state: ConnectivityState) => void>();

  function set(next: ConnectivityState): void {
    const changed = next.online !== state.online || state.since === null;
    state = changed ? next : { ...state, reason: next.reason };
    if (changed) for (const listener of listeners) listener(state);
  }

  return {
    get: (): ConnectivityState => state,
    reached(): void {
      if (!state.online || state.since === null)
        set({ online: true, since: now().toISOString(), reason: null });
    },
    unreachable(reason: string): void {
      set({
        online: false,
        since: state.online ? now().toISOString() : (state.since ?? now().toISOString()),
        reason,
      });
    },
    subscribe(listener: (state: ConnectivityState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type Connectivity = ReturnType<typeof createConnectivity>;
