import { BrowserWindow, shell, type Session, type WebContents } from 'electron';

/** Only http(s) links leave the app, and only to the system browser, after parsing. */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  return url.toString();
}

export function openExternalSafely(raw: string): boolean {
  const url = safeExternalUrl(raw);
  if (!url) return false;
  void shell.openExternal(url);
  return true;
}

/**
 * Every web contents the app creates gets the same rules: no new windows (links go to the system
 * browser when they are http(s)), no navigation away from the app, no <webview>.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** What our own page may use: copying DNS records and passwords, and clearing a copied password. */
const CLIPBOARD = new Set(['clipboard-read', 'clipboard-sanitized-write']);

/**
 * Camera, notification prompts, geolocation…: nothing is granted, except the clipboard to our own
 * renderer (`isOurs` checks the requesting address).
 */
export function denyPermissions(
  session: Session,
  isOurs: (url: string) => boolean = () => false,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(CLIPBOARD.has(permission) && isOurs(details.requestingUrl)),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin, details) =>
      CLIPBOARD.has(permission) && isOurs(details.requestingUrl ?? requestingOrigin),
  );
}

export interface MainWindowOptions {
  preload: string;
  /** The renderer: the dev server's URL, or the built index.html file. */
  renderer: { url: string } | { file: string };
  /** The window's icon on Linux and Windows (macOS shows the bundle's). */
  icon?: string;
  /** Developer tools: in development only; a packaged app cannot open them at all. */
  devTools?: boolean;
}

/** The one place a window is made, with the security settings Electron's checklist asks for. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Kyrios Desk',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click must not open a link in a new window (Electron's auxclick navigation).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  if ('url' in options.renderer) void window.loadURL(options.renderer.url);
  else void window.loadFile(options.renderer.file);
  return window;
}
