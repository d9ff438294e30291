import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyStartAtLogin,
  HIDDEN_SWITCH,
  openedAtLogin,
} from '../../../../src/main/electron/login-item';
import { app, resetFakeElectron } from '../../helpers/fake-electron';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

vi.mock('electron', async () => (await import('../../helpers/fake-electron')).electron);

const cleanup = createCleanup();
beforeEach(() => resetFakeElectron());
afterEach(async () => {
  vi.unstubAllEnvs();
  await cleanup.run();
});

describe('Start at login', () => {
  it.each(['darwin', 'win32'] as const)(
    'on %s: an Electron login item that starts the app hidden',
    (platform) => {
      applyStartAtLogin(true, platform, '/app/icon.png');
      applyStartAtLogin(false, platform, '/app/icon.png');
      expect(app.loginItems).toEqual([
        { openAtLogin: true, args: [HIDDEN_SWITCH] },
        { openAtLogin: false, args: [HIDDEN_SWITCH] },
      ]);
    },
  );

  it('on Linux: an XDG autostart entry, the AppImage file when run from one', () => {
    const temp = makeTempDir('kyrios-login-');
    cleanup.add(() => temp.remove());
    vi.stubEnv('XDG_CONFIG_HOME', temp.dir);
    vi.stubEnv('APPIMAGE', '/home/ann/Apps/Kyrios-Desk.AppImage');
    applyStartAtLogin(true, 'linux', '/app/icon.png');
    const file = join(temp.dir, 'autostart', 'kyrios-desk.desktop');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Exec=/home/ann/Apps/Kyrios-Desk.AppImage --hidden\n');
    expect(text).toContain('Name=Kyrios Desk\n');
    expect(text).toContain('Icon=/app/icon.png\n');
    expect(app.loginItems).toEqual([]);
    applyStartAtLogin(false, 'linux', '/app/icon.png');
    expect(existsSync(file)).toBe(false);
  });

  it('knows a start from the login item: the switch, or macOS saying so', () => {
    expect(openedAtLogin(['--hidden'], 'linux')).toBe(true);
    expect(openedAtLogin([], 'linux')).toBe(false);
    expect(openedAtLogin([], 'darwin')).toBe(false);
    app.wasOpenedAtLogin = true;
    expect(openedAtLogin([], 'darwin')).toBe(true);
    expect(openedAtLogin([], 'win32')).toBe(false);
  });
});
