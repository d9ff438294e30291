import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppError, Result } from '../../shared/errors';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { api } from '../shell/api';
import { actionsOf, selectorHook } from '../shell/store-kit';

export interface SettingsState {
  settings: Settings | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  load: () => Promise<void>;
  update: (patch: SettingsPatch) => Promise<Result<Settings>>;
  /** A `settings:changed` push (another window, or this one). */
  set: (settings: Settings) => void;
}

export function createSettingsStore(
  api: Pick<KyriosApi, 'getSettings' | 'updateSettings'>,
): StoreApi<SettingsState> {
  return createStore<SettingsState>()((set, get) => ({
    settings: null,
    status: 'idle',
    error: null,

    async load() {
      if (get().status !== 'ready') set({ status: 'loading' });
      const result = await api.getSettings();
      if (result.ok) set({ settings: result.value, status: 'ready', error: null });
      else set({ status: get().settings ? 'ready' : 'error', error: result.error });
    },

    async update(patch) {
      const result = await api.updateSettings(patch);
      if (result.ok) set({ settings: result.value, status: 'ready', error: null });
      return result;
    },

    set(settings) {
      set({ settings, status: 'ready', error: null });
    },
  }));
}

/**
 * Which field a service validation message is about: `The request is not valid at
 * "blocklists.2.zone": …` → `['blocklists', '2', 'zone']`; null when it names none.
 */
export function invalidPath(message: string): string[] | null {
  const match = /at "([^"]+)"/.exec(message);
  return match?.[1] ? match[1].split('.') : null;
}

// App-wide: the same settings for every account.
const settingsStore = createSettingsStore(api);
export const useSettings = selectorHook(settingsStore);
export const settingsActions = actionsOf(settingsStore);
/** How long a copied password may stay on the clipboard (the setting); null: never cleared. */
export function secretClipboardMs(): number | null {
  const seconds = settingsStore.getState().settings?.clipboardClearSeconds ?? 60;
  return seconds > 0 ? seconds * 1000 : null;
}
