import { EventEmitter } from 'node:events';

// Electron's main-process objects at the boundary, for tests of src/main/electron: no Electron
// binary here. They keep what the shell asks of them and behave as Electron documents where the
// shell depends on it: a window's `close` can be prevented, a closed window emits `closed` and
// the last one `window-all-closed` on the app, `app.quit()` emits `before-quit` and closes the
// windows. Use with `vi.mock('electron', async () => (await import('…/fake-electron')).electron)`.

export interface FakeMenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  enabled?: boolean;
  type?: string;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}

  /** Every item, depth first, with its menu path ("File > Add Domain…"). */
  flat(): { path: string; item: FakeMenuItem }[] {
    const walk = (items: FakeMenuItem[], prefix: string): { path: string; item: FakeMenuItem }[] =>
      items.flatMap((item) => {
        const path = `${prefix}${item.label ?? ''}`;
        return item.submenu ? walk(item.submenu, `${path} > `) : [{ path, item }];
      });
    return walk(this.items, '');
  }

  /** Clicks the item at `path`, as the user would. */
  click(path: string): void {
    const found = this.flat().find((entry) => entry.path === path);
    if (!found?.item.click) throw new Error(`No clickable menu item "${path}"`);
    found.item.click();
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  /** The page loaded (Electron's did-finish-load). */
  load(): void {
    this.emit('did-start-loading');
    this.emit('did-finish-load');
  }
  commands(): unknown[] {
    return this.sent.filter(([channel]) => channel === 'app:command').map(([, p]) => p);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = true;
  minimized = false;
  focused = 0;
  private destroyed = false;

  constructor() {
    super();
    FakeBrowserWindow.all.push(this);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused += 1;
  }
  /** The close button (or Cmd+W): listeners may prevent it. Returns whether it closed. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return false;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    if (FakeBrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
    return true;
  }
}

class FakeApp extends EventEmitter {
  quits = 0;
  loginItems: unknown[] = [];
  wasOpenedAtLogin = false;
  quit(): void {
    this.quits += 1;
    this.emit('before-quit');
    for (const window of FakeBrowserWindow.getAllWindows()) window.close();
  }
  getName(): string {
    return 'Kyrios Desk';
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItems.push(settings);
  }
  getLoginItemSettings(): { wasOpenedAtLogin: boolean } {
    return { wasOpenedAtLogin: this.wasOpenedAtLogin };
  }
}
export const app = new FakeApp();

export const menus = { application: null as FakeMenu | null };

export class FakeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(value: boolean): void {
    this.template = value;
  }
}

export class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  image: FakeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  updates = 0;
  constructor(image: FakeImage) {
    super();
    this.image = image;
    FakeTray.all.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
    this.updates += 1;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification {
  static supported = true;
  static shown: FakeNotification[] = [];
  private clickHandler: (() => void) | undefined;
  constructor(readonly options: Record<string, unknown>) {}
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  on(event: string, handler: () => void): void {
    if (event === 'click') this.clickHandler = handler;
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  click(): void {
    this.clickHandler?.();
  }
}

/** A fresh start for each test. */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.quits = 0;
  app.loginItems = [];
  app.wasOpenedAtLogin = false;
  FakeBrowserWindow.all = [];
  FakeTray.all = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  menus.application = null;
}

export const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Menu: {
    buildFromTemplate: (items: FakeMenuItem[]) => new FakeMenu(items),
    setApplicationMenu: (menu: FakeMenu) => {
      menus.application = menu;
    },
  },
  Tray: FakeTray,
  nativeImage: { createFromPath: (path: string) => new FakeImage(path) },
  Notification: FakeNotification,
};
