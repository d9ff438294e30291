import { parseServerAddress, ServerAddressError, type ServerAddress } from '../../dns';
import { readSettings, type Settings, type SettingsPatch } from '../../shared/settings';
import type { AuditAccount, AuditRepo } from '../db/audit-repo';
import type { StateRepo } from '../db/state-repo';
import type { EventBus } from './event-bus';
import { ServiceError } from './service-error';

const KEY = 'settings';

export interface SettingsServiceDeps {
  state: StateRepo;
  audit: AuditRepo;
  /** The account in use: settings changes are logged against it. */
  account: () => AuditAccount;
  events: Pick<EventBus, 'emit'>;
  now?: () => Date;
}

/** `1.1.1.1`, `[2001:db8::53]:5353` → server addresses; the text was already shape-checked. */
export function parseResolvers(list: readonly string[]): ServerAddress[] {
  return list.map((text) => {
    try {
      return parseServerAddress(text);
    } catch (error) {
      if (error instanceof ServerAddressError) {
        throw new ServiceError('invalid_request', `DNS resolver "${text}": ${error.message}`);
      }
      throw error;
    }
  });
}

/**
 * The settings document: read field by field (a bad stored value falls back alone), changed by
 * patches that are validated, written together with their audit entry, and pushed.
 */
export function createSettingsService(deps: SettingsServiceDeps) {
  const now = deps.now ?? (() => new Date());
  let cached: Settings | null = null;
  const listeners = new Set<(next: Settings, previous: Settings) => void>();

  function get(): Settings {
    cached ??= readSettings(deps.state.get(KEY));
    return cached;
  }

  return {
    get,

    update(patch: SettingsPatch): Settings {
      if (patch.dnsResolvers) parseResolvers(patch.dnsResolvers);
      const previous = get();
      const next = readSettings({ ...previous, ...patch });
      const changed = (Object.keys(patch) as (keyof Settings)[]).filter(
        (key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]),
      );
      if (changed.length === 0) return previous;
      deps.audit.write(
        deps.account(),
        {
          action: 'settings_changed',
          target: changed.join(', '),
          detail: Object.fromEntries(changed.map((key) => [key, JSON.stringify(next[key])])),
        },
        () => deps.state.put(KEY, next, now().toISOString()),
      );
      cached = next;
      deps.events.emit('settings:changed', next);
      for (const listener of listeners) listener(next, previous);
      return next;
    },

    /** For services that react to a change (the monitoring interval). */
    subscribe(listener: (next: Settings, previous: Settings) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
