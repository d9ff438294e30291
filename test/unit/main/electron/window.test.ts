import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMainWindow,
  denyPermissions,
  hardenWebContents,
  safeExternalUrl,
} from '../../../../src/main/electron/window';

// No Electron binary here: the module is replaced at its boundary by objects that record what the
// window code asks of them, and the handlers it installs are then called as Electron would.
type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class FakeWebContents {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    readonly listeners = new Map<string, Handler[]>();
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    on(name: string, handler: Handler) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), handler]);
      return this;
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loaded: { url?: string; file?: string }[] = [];
    readonly once = vi.fn();
    constructor(readonly options: unknown) {
      FakeBrowserWindow.created.push(this);
    }
    loadURL(url: string) {
      this.loaded.push({ url });
      return Promise.resolve();
    }
    loadFile(file: string) {
      this.loaded.push({ file });
      return Promise.resolve();
    }
  }
  return {
    FakeBrowserWindow,
    FakeWebContents,
    openExternal: vi.fn((_url: string) => Promise.resolve()),
  };
});

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeBrowserWindow,
  shell: { openExternal: fake.openExternal },
}));

beforeEach(() => {
  fake.FakeBrowserWindow.created = [];
  fake.openExternal.mockClear();
});

function lastWindow() {
  const win = fake.FakeBrowserWindow.created.at(-1);
  if (!win) throw new Error('no window was created');
  return win;
}

function fire(
  contents: InstanceType<typeof fake.FakeWebContents>,
  name: string,
  ...args: unknown[]
) {
  const event = { preventDefault: vi.fn() };
  const handlers = contents.listeners.get(name) ?? [];
  expect(handlers.length).toBeGreaterThan(0);
  for (const handler of handlers) handler(event, ...args);
  return event;
}

describe('createMainWindow', () => {
  it('makes the window with the secure webPreferences and our preload', () => {
    createMainWindow({
      preload: '/app/out/preload/index.cjs',
      renderer: { file: '/app/out/renderer/index.html' },
    });
    const options = lastWindow().options as BrowserWindowConstructorOptions;
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(options.show).toBe(false);
    // Developer tools are off unless asked for (development).
    expect(options.webPreferences?.devTools).toBe(false);
  });

  it('takes the app icon and, in development, developer tools', () => {
    createMainWindow({
      preload: '/p.cjs',
      renderer: { url: 'http://localhost:5173/' },
      icon: '/app/resources/icons/512x512.png',
      devTools: true,
    });
    const options = lastWindow().options as BrowserWindowConstructorOptions;
    expect(options.icon).toBe('/app/resources/icons/512x512.png');
    expect(options.webPreferences?.devTools).toBe(true);
  });

  it('loads the built file, or the dev server URL', () => {
    createMainWindow({ preload: '/p.cjs', renderer: { file: '/app/out/renderer/index.html' } });
    expect(lastWindow().loaded).toEqual([{ file: '/app/out/renderer/index.html' }]);
    createMainWindow({ preload: '/p.cjs', renderer: { url: 'http://localhost:5173/' } });
    expect(lastWindow().loaded).toEqual([{ url: 'http://localhost:5173/' }]);
  });

  it('hardens its web contents: no new windows, no navigation, no webview', () => {
    createMainWindow({ preload: '/p.cjs', renderer: { file: '/app/out/renderer/index.html' } });
    const contents = lastWindow().webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://kyrios.example/docs' })).toEqual({
      action: 'deny',
    });
    expect(
      fire(contents, 'will-navigate', 'https://evil.example/').preventDefault,
    ).toHaveBeenCalled();
  });
});

describe('hardenWebContents', () => {
  function hardened() {
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
    return contents;
  }

  it('opens an https link in the system browser, never in the app', () => {
    const contents = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({
      action: 'deny',
    });
    expect(fake.openExternal).toHaveBeenCalledExactlyOnceWith('https://evil.example/');
  });

  it('opens a plain http link externally too', () => {
    const contents = hardened();
    expect(contents.windowOpenHandler?.({ url: 'http://kyrios.example/help?x=1#y' })).toEqual({
      action: 'deny',
    });
    expect(fake.openExternal).toHaveBeenCalledExactlyOnceWith('http://kyrios.example/help?x=1#y');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'smb://attacker.example/share',
    'ms-settings:',
    'https://user:pass@evil.example/',
    'not a url',
    '',
  ])('never opens %j, in the app or outside it', (url) => {
    const contents = hardened();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const contents = hardened();
    const event = fire(contents, name, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(fake.openExternal).not.toHaveBeenCalled();
  });
});

describe('safeExternalUrl', () => {
  it('returns the parsed URL for http(s) only', () => {
    expect(safeExternalUrl('https://evil.example')).toBe('https://evil.example/');
    expect(safeExternalUrl(' https://kyrios.example/a b')).toBe('https://kyrios.example/a%20b');
    expect(safeExternalUrl('file:///etc/passwd')).toBeNull();
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
  });
});

describe('denyPermissions', () => {
  it('denies every permission request and every check', () => {
    let onRequest: Handler | undefined;
    let onCheck: Handler | undefined;
    const session = {
      setPermissionRequestHandler: (h: Handler) => (onRequest = h),
      setPermissionCheckHandler: (h: Handler) => (onCheck = h),
    };
    denyPermissions(session as unknown as Session);

    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'usb',
    ]) {
      const callback = vi.fn();
      onRequest?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(onCheck?.({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('grants the clipboard to our own renderer only, and nothing else even to it', () => {
    let onRequest: Handler | undefined;
    let onCheck: Handler | undefined;
    const session = {
      setPermissionRequestHandler: (h: Handler) => (onRequest = h),
      setPermissionCheckHandler: (h: Handler) => (onCheck = h),
    };
    const ours = 'file:///app/out/renderer/index.html';
    denyPermissions(session as unknown as Session, (url) => url === ours);
    const ask = (permission: string, requestingUrl: string) => {
      const callback = vi.fn();
      onRequest?.({}, permission, callback, { requestingUrl });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(ask('clipboard-sanitized-write', ours)).toBe(true);
    expect(ask('clipboard-read', ours)).toBe(true);
    expect(onCheck?.({}, 'clipboard-read', 'file://', { requestingUrl: ours })).toBe(true);
    expect(ask('clipboard-read', 'https://evil.example/')).toBe(false);
    expect(onCheck?.({}, 'clipboard-read', 'https://evil.example', {})).toBe(false);
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal']) {
      expect(ask(permission, ours)).toBe(false);
    }
  });
});
