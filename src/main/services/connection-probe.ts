import type { ConnectionView } from '../../shared/contract';
import type { Connectivity } from '../kyrios/connectivity';
import type { TimerHandle, Timers } from './timers';

export interface ConnectionProbeOptions {
  connectivity: Pick<Connectivity, 'get' | 'subscribe'>;
  /** One cheap call to the service; its success flips the connectivity back online. */
  probe: () => Promise<unknown>;
  timers: Timers;
  /** First wait after going offline, doubling up to `maxMs` (default 5 s → 60 s). */
  minMs?: number;
  maxMs?: number;
}

/**
 * While the service is unreachable, asks it again with backoff (5 s, 10 s, 20 s, … 60 s) so the app
 * recovers by itself; the client's connectivity then pushes `connection:changed`.
 */
export function createConnectionProbe(options: ConnectionProbeOptions) {
  const minMs = options.minMs ?? 5_000;
  const maxMs = options.maxMs ?? 60_000;
  let delay = minMs;
  let handle: TimerHandle | null = null;
  let nextAt: Date | null = null;
  let stopped = false;

  function cancel(): void {
    if (handle) options.timers.clearTimeout(handle);
    handle = null;
    nextAt = null;
  }

  function attempt(): void {
    void options
      .probe()
      .catch(() => undefined)
      .finally(() => {
        if (options.connectivity.get().online) return;
        delay = Math.min(delay * 2, maxMs);
        schedule();
      });
  }

  function schedule(): void {
    if (stopped || handle) return;
    nextAt = new Date(options.timers.now().getTime() + delay);
    handle = options.timers.setTimeout(() => {
      handle = null;
      nextAt = null;
      attempt();
    }, delay);
  }

  const unsubscribe = options.connectivity.subscribe((state) => {
    if (state.online) {
      cancel();
      delay = minMs;
    } else schedule();
  });
  if (!options.connectivity.get().online) schedule();

  return {
    view(): ConnectionView {
      return { ...options.connectivity.get(), nextProbeAt: nextAt ? nextAt.toISOString() : null };
    },
    /** Asks now instead of at the planned time (the service is known to be back), from the shortest wait. */
    now(): void {
      if (stopped || options.connectivity.get().online) return;
      cancel();
      delay = minMs;
      attempt();
    },
    stop(): void {
      stopped = true;
      unsubscribe();
      cancel();
    },
  };
}
export type ConnectionProbe = ReturnType<typeof createConnectionProbe>;
