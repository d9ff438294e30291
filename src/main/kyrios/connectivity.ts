export interface ConnectivityState {
  online: boolean;
  /** When the current state began (ISO); null before the first call. */
  since: string | null;
  /** Why the service is unreachable, while offline. */
  reason: string | null;
}

/**
 * Whether the service answers, as the client sees it: online after any HTTP answer (even an error),
 * offline after a call that could not reach it at all. Listeners hear transitions, and a new
 * explanation while offline.
 */
export function createConnectivity(now: () => Date = () => new Date()) {
  let state: ConnectivityState = { online: true, since: null, reason: null };
  // Known from elsewhere than a failed call (the embedded sandbox's supervisor): shown instead of
  // the client's own "could not be reached" while offline.
  let explanation: string | null = null;
  const listeners = new Set<(state: ConnectivityState) => void>();
  const view = (): ConnectivityState =>
    !state.online && explanation ? { ...state, reason: explanation } : state;
  const notify = () => {
    const current = view();
    for (const listener of listeners) listener(current);
  };

  function set(next: ConnectivityState): void {
    const changed = next.online !== state.online || state.since === null;
    state = changed ? next : { ...state, reason: next.reason };
    if (changed) notify();
  }

  return {
    get: view,
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
    /**
     * Why the service cannot be reached, as known without asking it (null: nothing known). A
     * reason takes the state offline at once; a new one while offline is pushed to listeners.
     */
    explain(reason: string | null): void {
      if (reason === explanation) return;
      explanation = reason;
      if (reason === null) return;
      if (state.online) set({ online: false, since: now().toISOString(), reason });
      else notify();
    },
    subscribe(listener: (state: ConnectivityState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type Connectivity = ReturnType<typeof createConnectivity>;
