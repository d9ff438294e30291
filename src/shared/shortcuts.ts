import type { AppCommandName } from './app-commands';

/**
 * The keyboard shortcuts, one table for the desktop menu and browser mode's shortcut list: the
 * key with Cmd on macOS and Ctrl elsewhere (plus Shift where it says so).
 */
export const SHORTCUTS = [
  { command: 'add-domain', label: 'Add Domain', key: 'N', shift: false },
  { command: 'verify-open-domain', label: 'Verify Now', key: 'R', shift: false },
  { command: 'copy-all-records', label: 'Copy All Records', key: 'C', shift: true },
  { command: 'open-settings', label: 'Settings', key: ',', shift: false },
] as const satisfies readonly {
  command: AppCommandName;
  label: string;
  key: string;
  shift: boolean;
}[];
export type Shortcut = (typeof SHORTCUTS)[number];
