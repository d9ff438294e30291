import { SHORTCUTS, type AppCommand, type Shortcut } from '../../shared/app-commands';

/**
 * The application menu and the tray menu as data, free of Electron: src/main/electron turns them
 * into Electron's templates, and tests read them per platform. An item either has a standard
 * Electron role (copy, quit, zoom…) or an action that says where it goes.
 */

/** Where a menu item goes. */
export type ShellAction =
  /** Sent to the window as an `app:command` event: only the renderer knows what is open. */
  | { command: AppCommand }
  /** The contract channel, through the same dispatch the window's calls take. */
  | { channel: 'monitor:run' }
  /** Things only the desktop shell does. */
  | { shell: 'show-window' | 'pause-monitoring' | 'resume-monitoring' | 'quit' };

/** The Electron roles these menus use (their behaviour is Electron's own). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'window'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'help';

export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  accelerator?: string;
  action?: ShellAction;
  type?: 'separator';
  enabled?: boolean;
  submenu?: MenuItemSpec[];
}

export type Platform = 'darwin' | 'win32' | 'linux';

const SEPARATOR: MenuItemSpec = { type: 'separator' };

/** Cmd on macOS, Ctrl elsewhere, written the way Electron's accelerators are. */
export function accelerator(
  platform: Platform,
  key: string,
  modifiers: { shift?: boolean; alt?: boolean } = {},
): string {
  const parts = [platform === 'darwin' ? 'Command' : 'Ctrl'];
  if (modifiers.alt) parts.push('Alt');
  if (modifiers.shift) parts.push('Shift');
  return [...parts, key].join('+');
}

function shortcutItem(
  platform: Platform,
  shortcut: Shortcut,
  label: string = shortcut.label,
): MenuItemSpec {
  return {
    label,
    accelerator: accelerator(platform, shortcut.key, { shift: shortcut.shift }),
    action: { command: { command: shortcut.command } },
  };
}

function shortcut(command: Shortcut['command']): Shortcut {
  const found = SHORTCUTS.find((s) => s.command === command);
  if (!found) throw new Error(`No shortcut for ${command}`);
  return found;
}

export interface AppMenuOptions {
  platform: Platform;
  appName: string;
  /** Development (not packaged): the View menu gets the developer tools. */
  development: boolean;
}

/**
 * The application menu, by platform conventions: on macOS the app menu (About, Settings…, Hide,
 * Quit) and a Window menu; on Windows and Linux Settings and Quit under File, About under Help.
 * There is no Reload: Cmd/Ctrl+R is Verify Now, and reloading would only lose what is on screen.
 */
export function applicationMenu(options: AppMenuOptions): MenuItemSpec[] {
  const { platform, appName } = options;
  const mac = platform === 'darwin';
  const settings = shortcutItem(
    platform,
    shortcut('open-settings'),
    mac ? 'Settings…' : 'Settings',
  );
  const quit: MenuItemSpec = {
    role: 'quit',
    label: mac ? `Quit ${appName}` : platform === 'win32' ? 'Exit' : 'Quit',
    ...(platform === 'win32' ? {} : { accelerator: accelerator(platform, 'Q') }),
  };

  const appMenu: MenuItemSpec = {
    label: appName,
    submenu: [
      { role: 'about', label: `About ${appName}` },
      SEPARATOR,
      settings,
      SEPARATOR,
      { role: 'services', label: 'Services' },
      SEPARATOR,
      { role: 'hide', label: `Hide ${appName}` },
      { role: 'hideOthers', label: 'Hide Others' },
      { role: 'unhide', label: 'Show All' },
      SEPARATOR,
      quit,
    ],
  };
  const file: MenuItemSpec = {
    label: 'File',
    submenu: mac
      ? [
          shortcutItem(platform, shortcut('add-domain'), 'Add Domain…'),
          SEPARATOR,
          { role: 'close', label: 'Close Window', accelerator: accelerator(platform, 'W') },
        ]
      : [
          shortcutItem(platform, shortcut('add-domain'), 'Add Domain…'),
          SEPARATOR,
          settings,
          SEPARATOR,
          quit,
        ],
  };
  const edit: MenuItemSpec = {
    label: 'Edit',
    submenu: [
      { role: 'undo', label: 'Undo' },
      { role: 'redo', label: 'Redo' },
      SEPARATOR,
      { role: 'cut', label: 'Cut' },
      { role: 'copy', label: 'Copy' },
      { role: 'paste', label: 'Paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle', label: 'Paste and Match Style' } as const] : []),
      { role: 'delete', label: 'Delete' },
      SEPARATOR,
      { role: 'selectAll', label: 'Select All' },
    ],
  };
  const domains: MenuItemSpec = {
    label: 'Domains',
    submenu: [
      shortcutItem(platform, shortcut('verify-open-domain')),
      shortcutItem(platform, shortcut('copy-all-records')),
      SEPARATOR,
      { label: 'Check All Now', action: { channel: 'monitor:run' } },
    ],
  };
  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      ...(options.development
        ? [
            {
              role: 'toggleDevTools',
              label: 'Toggle Developer Tools',
              accelerator: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
            } as const,
            SEPARATOR,
          ]
        : []),
      { role: 'resetZoom', label: 'Actual Size' },
      { role: 'zoomIn', label: 'Zoom In' },
      { role: 'zoomOut', label: 'Zoom Out' },
      SEPARATOR,
      { role: 'togglefullscreen', label: 'Toggle Full Screen' },
    ],
  };
  const help: MenuItemSpec = {
    label: 'Help',
    ...(mac ? { role: 'help' as const } : {}),
    submenu: [
      {
        label: `${appName} Help`,
        ...(mac ? {} : { accelerator: 'F1' }),
        action: { command: { command: 'open-help' } },
      },
      { label: 'Keyboard Shortcuts', action: { command: { command: 'show-shortcuts' } } },
      ...(mac ? [] : [SEPARATOR, { role: 'about', label: `About ${appName}` } as const]),
    ],
  };

  if (mac) {
    const window: MenuItemSpec = {
      label: 'Window',
      role: 'window',
      submenu: [
        { role: 'minimize', label: 'Minimize' },
        { role: 'zoom', label: 'Zoom' },
        SEPARATOR,
        { role: 'front', label: 'Bring All to Front' },
      ],
    };
    return [appMenu, file, edit, domains, view, window, help];
  }
  return [file, edit, domains, view, help];
}

/** The tray's menu: what the tray shows first, then Open, Check all now, Pause (or Resume), Quit. */
export function trayMenu(options: {
  appName: string;
  /** The state's first line, shown greyed at the top. */
  status: string;
  /** When the pause ends, as the user reads it; null when monitoring is not paused. */
  pausedUntil: string | null;
}): MenuItemSpec[] {
  return [
    { label: options.status, enabled: false },
    SEPARATOR,
    { label: `Open ${options.appName}`, action: { shell: 'show-window' } },
    { label: 'Check All Now', action: { channel: 'monitor:run' } },
    options.pausedUntil
      ? {
          label: `Resume Monitoring (paused until ${options.pausedUntil})`,
          action: { shell: 'resume-monitoring' },
        }
      : { label: 'Pause Monitoring for 1 Hour', action: { shell: 'pause-monitoring' } },
    SEPARATOR,
    { label: `Quit ${options.appName}`, action: { shell: 'quit' } },
  ];
}
