import type { SandboxProcessState } from './supervisor';

/**
 * Why the embedded sandbox cannot be reached, in the words the offline banner and the account
 * status show after "Offline since 14:02:" (the connection's `reason`); null while it runs.
 */
export function sandboxDownReason(state: SandboxProcessState): string | null {
  if (state.status !== 'restarting') return null;
  const stopped = `The embedded sandbox stopped unexpectedly (${state.cause})`;
  return state.error
    ? `${stopped}; restarting it failed (${state.error}), Kyrios Desk tries again (attempt ${state.attempt})…`
    : `${stopped}; Kyrios Desk is restarting it (attempt ${state.attempt})…`;
}
