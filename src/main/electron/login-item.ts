import { homedir } from 'node:os';
import { app } from 'electron';
import { configHome, setLinuxAutostart } from '../desktop/autostart';
import type { Platform } from '../desktop/menu-template';

/** The switch a start at login passes: the app starts in the tray, without its window. */
export const HIDDEN_SWITCH = '--hidden';

/**
 * "Start at login": Electron's login items on macOS and Windows, an XDG autostart entry on Linux
 * (where Electron has none). An AppImage is started through its own file, not the mount point
 * it runs from, which changes at every start.
 */
export function applyStartAtLogin(enabled: boolean, platform: Platform, icon: string): void {
  if (platform === 'linux') {
    setLinuxAutostart(enabled, {
      configHome: configHome(process.env, homedir()),
      fileName: 'kyrios-desk',
      entry: {
        name: app.getName(),
        comment: 'Watches your sending domains',
        exec: process.env.APPIMAGE ?? process.execPath,
        args: [HIDDEN_SWITCH],
        icon,
      },
    });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_SWITCH] });
}

/** Whether this start came from the login item. */
export function openedAtLogin(argv: readonly string[], platform: Platform): boolean {
  if (argv.includes(HIDDEN_SWITCH)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
