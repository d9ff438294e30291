import { describe, expect, it } from 'vitest';
import {
  applicationMenu,
  trayMenu,
  type MenuItemSpec,
  type Platform,
} from '../../../../src/main/desktop/menu-template';

/** Every item as `Menu > Label | accelerator | what it does`, separators left out. */
function rows(menu: MenuItemSpec[], path = ''): string[] {
  return menu.flatMap((item) => {
    if (item.type === 'separator') return [];
    const name = `${path}${item.label ?? `(${item.role})`}`;
    if (item.submenu) return rows(item.submenu, `${name} > `);
    const does = item.action
      ? 'command' in item.action
        ? `command ${JSON.stringify(item.action.command)}`
        : 'channel' in item.action
          ? `channel ${item.action.channel}`
          : `shell ${item.action.shell}`
      : `role ${item.role}`;
    return [`${name} | ${item.accelerator ?? ''} | ${does}`];
  });
}

const menu = (platform: Platform, development = false) =>
  applicationMenu({ platform, appName: 'Kyrios Desk', development });

describe('the application menu', () => {
  it('on macOS: the app menu (About, Settings, Hide, Quit), Cmd accelerators, a Window menu', () => {
    expect(rows(menu('darwin'))).toEqual([
      'Kyrios Desk > About Kyrios Desk |  | role about',
      'Kyrios Desk > Settings… | Command+, | command {"command":"open-settings"}',
      'Kyrios Desk > Services |  | role services',
      'Kyrios Desk > Hide Kyrios Desk |  | role hide',
      'Kyrios Desk > Hide Others |  | role hideOthers',
      'Kyrios Desk > Show All |  | role unhide',
      'Kyrios Desk > Quit Kyrios Desk | Command+Q | role quit',
      'File > Add Domain… | Command+N | command {"command":"add-domain"}',
      'File > Close Window | Command+W | role close',
      'Edit > Undo |  | role undo',
      'Edit > Redo |  | role redo',
      'Edit > Cut |  | role cut',
      'Edit > Copy |  | role copy',
      'Edit > Paste |  | role paste',
      'Edit > Paste and Match Style |  | role pasteAndMatchStyle',
      'Edit > Delete |  | role delete',
      'Edit > Select All |  | role selectAll',
      'Domains > Verify Now | Command+R | command {"command":"verify-open-domain"}',
      'Domains > Copy All Records | Command+Shift+C | command {"command":"copy-all-records"}',
      'Domains > Check All Now |  | channel monitor:run',
      'View > Actual Size |  | role resetZoom',
      'View > Zoom In |  | role zoomIn',
      'View > Zoom Out |  | role zoomOut',
      'View > Toggle Full Screen |  | role togglefullscreen',
      'Window > Minimize |  | role minimize',
      'Window > Zoom |  | role zoom',
      'Window > Bring All to Front |  | role front',
      'Help > Kyrios Desk Help |  | command {"command":"open-help"}',
      'Help > Keyboard Shortcuts |  | command {"command":"show-shortcuts"}',
    ]);
    expect(menu('darwin').map((m) => m.label)).toEqual([
      'Kyrios Desk',
      'File',
      'Edit',
      'Domains',
      'View',
      'Window',
      'Help',
    ]);
  });

  it('on Windows: Settings and Exit under File, Ctrl accelerators, About under Help', () => {
    expect(rows(menu('win32'))).toEqual([
      'File > Add Domain… | Ctrl+N | command {"command":"add-domain"}',
      'File > Settings | Ctrl+, | command {"command":"open-settings"}',
      'File > Exit |  | role quit',
      'Edit > Undo |  | role undo',
      'Edit > Redo |  | role redo',
      'Edit > Cut |  | role cut',
      'Edit > Copy |  | role copy',
      'Edit > Paste |  | role paste',
      'Edit > Delete |  | role delete',
      'Edit > Select All |  | role selectAll',
      'Domains > Verify Now | Ctrl+R | command {"command":"verify-open-domain"}',
      'Domains > Copy All Records | Ctrl+Shift+C | command {"command":"copy-all-records"}',
      'Domains > Check All Now |  | channel monitor:run',
      'View > Actual Size |  | role resetZoom',
      'View > Zoom In |  | role zoomIn',
      'View > Zoom Out |  | role zoomOut',
      'View > Toggle Full Screen |  | role togglefullscreen',
      'Help > Kyrios Desk Help | F1 | command {"command":"open-help"}',
      'Help > Keyboard Shortcuts |  | command {"command":"show-shortcuts"}',
      'Help > About Kyrios Desk |  | role about',
    ]);
  });

  it('on Linux: as on Windows, with Quit (Ctrl+Q) under File', () => {
    const linux = rows(menu('linux'));
    expect(linux.filter((r) => r.startsWith('File > '))).toEqual([
      'File > Add Domain… | Ctrl+N | command {"command":"add-domain"}',
      'File > Settings | Ctrl+, | command {"command":"open-settings"}',
      'File > Quit | Ctrl+Q | role quit',
    ]);
    expect(linux.filter((r) => !r.startsWith('File > '))).toEqual(
      rows(menu('win32')).filter((r) => !r.startsWith('File > ')),
    );
  });

  it.each(['darwin', 'win32', 'linux'] as const)(
    'on %s: no Reload, developer tools only in development, no accelerator twice',
    (platform) => {
      for (const development of [false, true]) {
        const all = rows(menu(platform, development));
        expect(all.join('\n')).not.toMatch(/reload/i);
        const accelerators = all.map((r) => r.split(' | ')[1]).filter(Boolean);
        expect(new Set(accelerators).size).toBe(accelerators.length);
        const devTools = all.filter((r) => r.includes('role toggleDevTools'));
        expect(devTools).toEqual(
          development
            ? [
                `View > Toggle Developer Tools | ${platform === 'darwin' ? 'Alt+Command+I' : 'Ctrl+Shift+I'} | role toggleDevTools`,
              ]
            : [],
        );
      }
    },
  );
});

describe('the tray menu', () => {
  it('shows the state, then Open, Check all now, Pause for 1 h, Quit', () => {
    const items = trayMenu({
      appName: 'Kyrios Desk',
      status: 'All domains passing',
      pausedUntil: null,
    });
    expect(items[0]).toEqual({ label: 'All domains passing', enabled: false });
    expect(rows(items.slice(1))).toEqual([
      'Open Kyrios Desk |  | shell show-window',
      'Check All Now |  | channel monitor:run',
      'Pause Monitoring for 1 Hour |  | shell pause-monitoring',
      'Quit Kyrios Desk |  | shell quit',
    ]);
  });

  it('offers to resume while paused, saying until when', () => {
    const items = trayMenu({ appName: 'Kyrios Desk', status: 'x', pausedUntil: '15:30' });
    expect(rows(items)).toContain(
      'Resume Monitoring (paused until 15:30) |  | shell resume-monitoring',
    );
    expect(rows(items).join('\n')).not.toContain('Pause Monitoring');
  });
});
