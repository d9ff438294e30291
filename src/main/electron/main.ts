import { app, BrowserWindow, clipboard, dialog, ipcMain, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../app-core';
import { parseAppArgs } from '../app-args';
import { remoteAccountFromEnv } from '../config';
import { createEventNotifier, type Notifier } from '../services/notifications';
import { bindIpc, isRendererUrl, isTrustedFrame } from './ipc';
import { createElectronNotifier } from './notifier';
import { createSafeStorageSecretStore } from './secret-store';
import { utilityLauncher } from './utility-launcher';
import { createMainWindow, denyPermissions, hardenWebContents } from './window';

// Electron's main process: window, IPC binding and life cycle. Everything else is in the app core.

const here = fileURLToPath(new URL('.', import.meta.url));
const preload = `${here}../preload/index.cjs`;
// Built beside this file from src/sandbox/child.ts (electron.vite.config.ts).
const sandboxChild = `${here}sandbox-child.js`;
const renderer = process.env.ELECTRON_RENDERER_URL
  ? { url: process.env.ELECTRON_RENDERER_URL }
  : { file: fileURLToPath(new URL('../renderer/index.html', import.meta.url)) };

// `npm start -- --data DIR --authoritative IP:PORT …` reaches here; Chromium's own switches are ignored.
const args = parseAppArgs(process.argv.slice(app.isPackaged ? 1 : 2), { strict: false });
if ('error' in args) {
  console.error(`kyrios-desk: ${args.error}`);
  app.exit(2);
}
const dataDirArg = process.argv.some((a) => a === '--data' || a.startsWith('--data='));
if ('dataDir' in args && dataDirArg) app.setPath('userData', args.dataDir);

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let core: AppCore | undefined;
let mainWindow: BrowserWindow | undefined;

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

async function start(): Promise<void> {
  denyPermissions(session.defaultSession, (url) => isRendererUrl(url, renderer));
  // Without OS notifications the renderer shows them in the window instead.
  const inApp: { notifier?: Notifier } = {};
  const notifier = createElectronNotifier({
    fallback: (notification) => inApp.notifier?.show(notification),
    onClick: () => {
      if (mainWindow?.isMinimized()) mainWindow.restore();
      mainWindow?.show();
      mainWindow?.focus();
    },
  });
  core = await createAppCore({
    dataDir: app.getPath('userData'),
    mode: 'desktop',
    version: app.getVersion(),
    remote: remoteAccountFromEnv(),
    secretStore: (blobs) => createSafeStorageSecretStore(blobs),
    notifier,
    clipboard,
    sandboxProcess: { launcher: utilityLauncher(), entry: sandboxChild },
    ...('dns' in args ? { dns: args.dns, sandbox: args.sandbox } : {}),
    ...(process.env.KYRIOS_SQLITE_BINDING
      ? { nativeBinding: process.env.KYRIOS_SQLITE_BINDING }
      : {}),
  });
  inApp.notifier = createEventNotifier(core.events);
  bindIpc(ipcMain, core.dispatch, (event) => isTrustedFrame(event.senderFrame, renderer));
  core.events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(name, payload);
  });
  mainWindow = createMainWindow({ preload, renderer });
}

app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error('Kyrios Desk could not start:', error);
    dialog.showErrorBox('Kyrios Desk could not start', message);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0)
    mainWindow = createMainWindow({ preload, renderer });
});

let closing = false;
app.on('will-quit', (event) => {
  if (!core || closing) return;
  closing = true;
  event.preventDefault();
  void core.close().finally(() => app.quit());
});
