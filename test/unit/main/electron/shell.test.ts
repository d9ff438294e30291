import type { BrowserWindow } from 'electron';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronNotifier } from '../../../../src/main/electron/notifier';
import { createDesktopShell, PAUSE_MS } from '../../../../src/main/electron/shell';
import type { Platform } from '../../../../src/main/desktop/menu-template';
import type { AppCommand } from '../../../../src/shared/app-commands';
import type { AppNotification } from '../../../../src/shared/contract';
import {
  app,
  FakeBrowserWindow,
  FakeNotification,
  FakeTray,
  menus,
  resetFakeElectron,
} from '../../helpers/fake-electron';
import { call, startGuardCore } from '../../helpers/guard-core';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

// The desktop shell with Electron replaced at its boundary (test/unit/helpers/fake-electron.ts)
// and a real app core behind it: menu clicks, the tray, closing the window, notification clicks
// and message files, as Electron would deliver them.

vi.mock('electron', async () => (await import('../../helpers/fake-electron')).electron);

const cleanup = createCleanup();
beforeEach(() => resetFakeElectron());
afterEach(() => cleanup.run());

const RESOURCES = '/app/resources';

async function shellOn(
  options: { platform?: Platform; development?: boolean; login?: boolean[] } = {},
) {
  const { core, pushed } = await startGuardCore(cleanup);
  const login = options.login ?? [];
  const shell = createDesktopShell({
    core,
    createWindow: () => new FakeBrowserWindow() as unknown as BrowserWindow,
    platform: options.platform ?? 'linux',
    development: options.development ?? false,
    resources: RESOURCES,
    appName: 'Kyrios Desk',
    setStartAtLogin: (enabled) => login.push(enabled),
    formatTime: (iso) => iso.slice(11, 16),
  });
  cleanup.add(() => shell.stop());
  return { core, pushed, shell, login };
}

const windows = () => FakeBrowserWindow.getAllWindows();
function onlyWindow(): FakeBrowserWindow {
  const [window, ...more] = windows();
  if (!window || more.length > 0) throw new Error(`${windows().length} windows`);
  return window;
}
function onlyTray(): FakeTray {
  const live = FakeTray.all.filter((t) => !t.destroyed);
  if (live.length !== 1 || !live[0]) throw new Error(`${live.length} trays`);
  return live[0];
}

describe('the application menu, installed', () => {
  it('sends each command to the window once its page has loaded, and runs Check All Now', async () => {
    const { shell, pushed } = await shellOn();
    await shell.start({ hidden: false, files: [] });
    const menu = menus.application;
    if (!menu) throw new Error('no application menu');
    const window = onlyWindow();

    menu.click('File > Add Domain…');
    expect(window.webContents.commands()).toEqual([]);
    window.webContents.load();
    menu.click('Domains > Verify Now');
    menu.click('Domains > Copy All Records');
    menu.click('File > Settings');
    menu.click('Help > Kyrios Desk Help');
    menu.click('Help > Keyboard Shortcuts');
    expect(window.webContents.commands()).toEqual([
      { command: 'add-domain' },
      { command: 'verify-open-domain' },
      { command: 'copy-all-records' },
      { command: 'open-settings' },
      { command: 'open-help' },
      { command: 'show-shortcuts' },
    ]);

    // Check All Now goes through the contract: the core runs monitoring and says so.
    const finished = pushed.next('monitor:finished');
    menu.click('Domains > Check All Now');
    expect(await finished).toMatchObject({ trigger: 'manual' });
  });

  it('lists the developer tools only in development', async () => {
    const dev = await shellOn({ development: true });
    await dev.shell.start({ hidden: false, files: [] });
    expect(menus.application?.flat().map((e) => e.item.role)).toContain('toggleDevTools');
    resetFakeElectron();
    const shipped = await shellOn({ development: false });
    await shipped.shell.start({ hidden: false, files: [] });
    expect(menus.application?.flat().map((e) => e.item.role)).not.toContain('toggleDevTools');
  });
});

describe('closing the window', () => {
  it('with "Keep monitoring when the window is closed" on: hides it, the app stays in the tray', async () => {
    const { shell, pushed } = await shellOn();
    await shell.start({ hidden: false, files: [] });
    const window = onlyWindow();
    expect(window.close()).toBe(false);
    expect(window.visible).toBe(false);
    expect(app.quits).toBe(0);
    expect(onlyTray().destroyed).toBe(false);
    // Monitoring goes on: the core still answers and runs.
    const finished = pushed.next('monitor:finished');
    onlyTray().menu?.click('Check All Now');
    await finished;
    // Open brings the same window back.
    onlyTray().menu?.click('Open Kyrios Desk');
    expect(windows()).toEqual([window]);
    expect(window.visible).toBe(true);
    // Quit from the tray: the window really closes this time.
    onlyTray().menu?.click('Quit Kyrios Desk');
    expect(app.quits).toBeGreaterThan(0);
    expect(window.isDestroyed()).toBe(true);
  });

  it('with the setting off: closes the window and quits; no tray', async () => {
    const { core, shell } = await shellOn();
    await shell.start({ hidden: false, files: [] });
    expect(FakeTray.all).toHaveLength(1);
    await call(core, 'settings:update', { keepMonitoringWhenClosed: false });
    expect(FakeTray.all.every((t) => t.destroyed)).toBe(true);
    const window = onlyWindow();
    expect(window.close()).toBe(true);
    expect(app.quits).toBe(1);
    // Turned on again: the tray is back.
    await call(core, 'settings:update', { keepMonitoringWhenClosed: true });
    expect(onlyTray().destroyed).toBe(false);
  });

  it('on macOS too: Cmd+W hides the window, the Dock icon brings it back', async () => {
    const { shell } = await shellOn({ platform: 'darwin' });
    await shell.start({ hidden: false, files: [] });
    const window = onlyWindow();
    window.close();
    expect(window.visible).toBe(false);
    app.emit('activate');
    expect(window.visible).toBe(true);
  });
});

describe('the tray', () => {
  it('shows the worst state in its icon and tooltip', async () => {
    const { core, shell } = await shellOn();
    await shell.start({ hidden: false, files: [] });
    const tray = onlyTray();
    expect(tray.image.path).toBe(`${RESOURCES}/tray/tray.png`);
    expect(tray.tooltip).toBe('Kyrios Desk\nAll domains passing');
    expect(tray.menu?.items[0]).toMatchObject({ label: 'All domains passing', enabled: false });

    core.events.emit('connection:changed', {
      online: false,
      since: '2026-05-01T10:02:00.000Z',
      reason: 'connect ECONNREFUSED',
    });
    expect(tray.image.path).toBe(`${RESOURCES}/tray/tray-offline.png`);
    expect(tray.tooltip).toBe('Kyrios Desk\nOffline since 10:02');

    core.events.emit('guard:changed', {
      ...(await call(core, 'guard:get', {})),
      level: 'critical',
      sentToday: 1430,
      percent: 95.3,
    });
    expect(tray.image.path).toBe(`${RESOURCES}/tray/tray-attention.png`);
    expect(tray.menu?.items[0]?.label).toBe('Near the daily limit: 1,430 of 1,500 emails (95.3%)');
  });

  it('uses template images in the macOS menu bar', async () => {
    const { core, shell } = await shellOn({ platform: 'darwin' });
    await shell.start({ hidden: false, files: [] });
    const tray = onlyTray();
    expect(tray.image).toMatchObject({
      path: `${RESOURCES}/tray/trayTemplate.png`,
      template: true,
    });
    core.events.emit('connection:changed', { online: false, since: null, reason: 'x' });
    expect(tray.image).toMatchObject({
      path: `${RESOURCES}/tray/trayOfflineTemplate.png`,
      template: true,
    });
  });

  it('pauses monitoring for an hour, and resumes it', async () => {
    const { core, shell } = await shellOn();
    await shell.start({ hidden: false, files: [] });
    const tray = onlyTray();
    const before = Date.now();
    tray.menu?.click('Pause Monitoring for 1 Hour');
    const until = Date.parse(core.monitoringPausedUntil() ?? '');
    expect(until - before).toBeGreaterThanOrEqual(PAUSE_MS);
    expect(until - Date.now()).toBeLessThanOrEqual(PAUSE_MS);
    const label = new Date(until).toISOString().slice(11, 16);
    expect(tray.tooltip).toContain(`Monitoring paused until ${label}`);
    tray.menu?.click(`Resume Monitoring (paused until ${label})`);
    expect(core.monitoringPausedUntil()).toBeNull();
    expect(tray.menu?.flat().map((e) => e.path)).toContain('Pause Monitoring for 1 Hour');
  });

  it('opens the window from a left click on Windows', async () => {
    const { shell } = await shellOn({ platform: 'win32' });
    await shell.start({ hidden: true, files: [] });
    expect(windows()).toEqual([]);
    onlyTray().emit('click');
    expect(windows()).toHaveLength(1);
  });
});

describe('starting', () => {
  it('at login: only the tray, the window on demand', async () => {
    const { shell } = await shellOn();
    await shell.start({ hidden: true, files: [] });
    expect(windows()).toEqual([]);
    expect(onlyTray().destroyed).toBe(false);
    onlyTray().menu?.click('Open Kyrios Desk');
    expect(windows()).toHaveLength(1);
  });

  it('at login with background monitoring off: the window, since there is no tray to sit in', async () => {
    const { core, shell } = await shellOn();
    await call(core, 'settings:update', { keepMonitoringWhenClosed: false });
    await shell.start({ hidden: true, files: [] });
    expect(windows()).toHaveLength(1);
    expect(FakeTray.all).toEqual([]);
  });

  it('applies Start at login when it starts and whenever the setting changes', async () => {
    const { core, shell, login } = await shellOn();
    await shell.start({ hidden: false, files: [] });
    expect(login).toEqual([false]);
    await call(core, 'settings:update', { startAtLogin: true });
    await call(core, 'settings:update', { notifications: false });
    await call(core, 'settings:update', { startAtLogin: false });
    expect(login).toEqual([false, true, false]);
  });
});

describe('notifications and message files', () => {
  it('a click on a notification opens the domain that raised it', async () => {
    const { shell } = await shellOn();
    const notifier = createElectronNotifier({
      onClick: (n) => shell.openNotification(n),
      icon: `${RESOURCES}/icons/512x512.png`,
    });
    await shell.start({ hidden: true, files: [] });
    const drift: AppNotification = {
      id: 'n1',
      kind: 'drift',
      level: 'warning',
      title: 'DNS record broke on shop.test',
      body: 'The SPF record at shop.test stopped passing',
      accountId: 'sandbox',
      domainId: 'dom_shop',
    };
    notifier.show(drift);
    expect(FakeNotification.shown[0]?.options).toMatchObject({
      title: drift.title,
      icon: `${RESOURCES}/icons/512x512.png`,
    });
    FakeNotification.shown[0]?.click();
    const window = onlyWindow();
    window.webContents.load();
    expect(window.webContents.commands()).toEqual([
      { command: 'open-domain', domainId: 'dom_shop' },
    ]);

    // One about no domain (the daily limit) just brings the window up.
    window.hide();
    notifier.show({ ...drift, id: 'n2', kind: 'limit_warning', domainId: null });
    FakeNotification.shown[1]?.click();
    expect(window.visible).toBe(true);
    expect(window.webContents.commands()).toHaveLength(1);
  });

  it('checks message files opened with the app, at launch and later, and says how it went', async () => {
    const temp = makeTempDir('kyrios-shell-eml-');
    cleanup.add(() => temp.remove());
    const first = join(temp.dir, 'first.eml');
    const later = join(temp.dir, 'later.eml');
    writeFileSync(
      first,
      [
        'From: Bob <bob@elsewhere.test>',
        'To: anna@shop.test',
        'Subject: Hello',
        'Date: Thu, 26 Nov 2026 10:00:00 +0000',
        'Message-ID: <m1@elsewhere.test>',
        '',
        'Hi.',
        '',
      ].join('\r\n'),
    );
    writeFileSync(later, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8]));
    const { shell } = await shellOn();
    await shell.start({ hidden: true, files: [first] });
    const window = onlyWindow();
    window.webContents.load();
    // Another start with a file (Windows, Linux): the running app checks it.
    shell.secondInstance(['/opt/Kyrios Desk/kyrios-desk', '--no-sandbox', 'later.eml'], temp.dir);
    // Another start with nothing to open: the window comes forward.
    window.hide();
    shell.secondInstance(['/opt/Kyrios Desk/kyrios-desk'], temp.dir);
    expect(window.visible).toBe(true);
    // The window hears at once that each file is being checked, then how each check went: the
    // main process reads the file, the window never gets a path to read.
    await vi.waitFor(() => expect(window.webContents.commands()).toHaveLength(4));
    const commands = window.webContents.commands() as AppCommand[];
    expect(commands.slice(0, 2)).toEqual([
      { command: 'check-message', path: first },
      { command: 'check-message', path: later },
    ]);
    const outcome = (path: string) =>
      commands
        .slice(2)
        .find((c) => 'path' in c && c.path === path && c.command !== 'check-message');
    expect(outcome(first)).toMatchObject({
      command: 'message-checked',
      entry: { kind: 'check', domainId: null, from: 'bob@elsewhere.test', subject: 'Hello' },
    });
    expect(outcome(later)).toMatchObject({ command: 'message-check-failed' });
    expect((outcome(later) as { message: string }).message).toMatch(/\S/);
  });

  it('a message file gone before it is read is a clear failure', async () => {
    const temp = makeTempDir('kyrios-shell-eml-');
    cleanup.add(() => temp.remove());
    const { shell } = await shellOn();
    await shell.start({ hidden: true, files: [] });
    const gone = join(temp.dir, 'gone.eml');
    shell.openMessageFiles([gone]);
    const window = onlyWindow();
    window.webContents.load();
    await vi.waitFor(() => expect(window.webContents.commands()).toHaveLength(2));
    expect(window.webContents.commands()[1]).toEqual({
      command: 'message-check-failed',
      path: gone,
      message:
        'gone.eml is not there any more: it was moved or deleted before it could be checked.',
    });
  });
});
