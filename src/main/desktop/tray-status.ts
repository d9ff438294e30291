import type { Channel, RequestOf, ResponseOf } from '../../shared/contract';
import type { Dispatch } from '../contract/dispatch';
import type { EventBus } from '../services/event-bus';
import type { TrayInputs } from './tray-state';

export interface TrayStatusSource {
  dispatch: Dispatch;
  events: Pick<EventBus, 'subscribe'>;
  /** The monitoring pause (the app core's). */
  pausedUntil: () => string | null;
}

async function ask<C extends Channel>(
  dispatch: Dispatch,
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C> | null> {
  const result = await dispatch(channel, request);
  return result.ok ? (result.value as ResponseOf<C>) : null;
}

/**
 * What the tray needs, kept current from the pushes the window also gets: the connection and the
 * limit guard arrive whole with their events; the open alerts are read again (a local query)
 * when an alert opens or resolves and when domains change (a deleted domain's alerts no longer
 * count); everything is read again when the account changes. `onChange` gets each new state.
 */
export function watchTrayStatus(
  source: TrayStatusSource,
  onChange: (inputs: TrayInputs) => void,
): { refresh(): Promise<void>; inputs(): TrayInputs; stop(): void } {
  let alerts: TrayInputs['alerts'] = [];
  let connection: TrayInputs['connection'] = null;
  let guard: TrayInputs['guard'] = null;
  // Answers can come back out of order: only the newest read of each kind counts.
  const reads = { alerts: 0, all: 0 };

  const inputs = (): TrayInputs => ({
    alerts,
    connection,
    guard,
    pausedUntil: source.pausedUntil(),
  });
  const changed = () => onChange(inputs());

  async function readAlerts(): Promise<void> {
    const read = ++reads.alerts;
    const answer = await ask(source.dispatch, 'monitor:alerts', {});
    if (answer && read === reads.alerts) alerts = answer.alerts;
  }

  async function refresh(): Promise<void> {
    const read = ++reads.all;
    const [, conn, view] = await Promise.all([
      readAlerts(),
      ask(source.dispatch, 'connection:get', {}),
      ask(source.dispatch, 'guard:get', {}),
    ]);
    if (read === reads.all) {
      if (conn) connection = conn;
      if (view) guard = view;
    }
    changed();
  }

  const unsubscribe = source.events.subscribe((name, payload) => {
    switch (name) {
      case 'connection:changed':
        connection = payload as TrayInputs['connection'];
        changed();
        break;
      case 'guard:changed':
        guard = payload as TrayInputs['guard'];
        changed();
        break;
      case 'monitor:alert':
      case 'domains:changed':
        void readAlerts().then(changed);
        break;
      case 'monitor:finished':
        // The pause may have ended with this run.
        changed();
        break;
      case 'accounts:changed':
        void refresh();
        break;
      default:
        break;
    }
  });

  return { refresh, inputs, stop: unsubscribe };
}
