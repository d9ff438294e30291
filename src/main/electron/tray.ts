import { nativeImage, Tray, type NativeImage } from 'electron';
import { trayMenu, type Platform, type ShellAction } from '../desktop/menu-template';
import { trayIconFile } from '../desktop/resources-path';
import type { TrayIcon, TrayState } from '../desktop/tray-state';
import { buildMenu } from './menu';

export interface AppTrayOptions {
  resources: string;
  platform: Platform;
  appName: string;
  run: (action: ShellAction) => void;
}

/**
 * The tray (the menu bar on macOS): its icon and tooltip show the worst state across domains,
 * its menu offers Open, Check all now, Pause for 1 h (or Resume) and Quit. Updated only when what
 * it shows changes: some Linux trays rebuild their menu, visibly, on every update.
 */
export function createAppTray(options: AppTrayOptions) {
  const images = new Map<TrayIcon, NativeImage>();
  const image = (icon: TrayIcon): NativeImage => {
    let found = images.get(icon);
    if (!found) {
      // The @2x file beside it is picked up by Electron for high-density screens.
      found = nativeImage.createFromPath(trayIconFile(options.resources, options.platform, icon));
      if (options.platform === 'darwin') found.setTemplateImage(true);
      images.set(icon, found);
    }
    return found;
  };

  const tray = new Tray(image('normal'));
  // A left click opens the window on Windows; macOS and Linux show the menu instead.
  if (options.platform === 'win32') {
    tray.on('click', () => options.run({ shell: 'show-window' }));
  }
  let shown = '';

  return {
    update(state: TrayState, pausedUntil: string | null): void {
      const key = JSON.stringify([state.icon, state.tooltip, state.headline, pausedUntil]);
      if (key === shown || tray.isDestroyed()) return;
      shown = key;
      tray.setImage(image(state.icon));
      tray.setToolTip(state.tooltip);
      tray.setContextMenu(
        buildMenu(
          trayMenu({ appName: options.appName, status: state.headline, pausedUntil }),
          options.run,
        ),
      );
    },
    destroy(): void {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
export type AppTray = ReturnType<typeof createAppTray>;
