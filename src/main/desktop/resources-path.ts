import { join } from 'node:path';
import type { TrayIcon } from './tray-state';
import type { Platform } from './menu-template';

/**
 * Where resources/ is at run time. In development it is the project's folder. Packaged, it sits
 * in the asar archive and, unpacked, beside it (electron-builder.yml unpacks it): the tray can
 * read from the archive, but Linux's and Windows' notification services are other processes and
 * need a real file, so the unpacked copy is the one used.
 */
export function resourcesDir(appPath: string, packaged: boolean): string {
  const base = packaged ? appPath.replace(/app\.asar$/, 'app.asar.unpacked') : appPath;
  return join(base, 'resources');
}

/** The window's and notifications' icon (macOS uses the bundle's .icns instead). */
export function appIconFile(resources: string): string {
  return join(resources, 'icons', '512x512.png');
}

/** The tray image: a template image in the macOS menu bar, coloured elsewhere (see scripts/icons.ts). */
export function trayIconFile(resources: string, platform: Platform, icon: TrayIcon): string {
  const names: Record<TrayIcon, [string, string]> = {
    normal: ['trayTemplate.png', 'tray.png'],
    attention: ['trayAttentionTemplate.png', 'tray-attention.png'],
    offline: ['trayOfflineTemplate.png', 'tray-offline.png'],
  };
  return join(resources, 'tray', names[icon][platform === 'darwin' ? 0 : 1]);
}
