import { app, BrowserWindow, clipboard, dialog, ipcMain, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../app-core';
import { parseAppArgs } from '../app-args';
import { remoteAccountFromEnv } from '../config';
import { messageFilesIn } from '../desktop/launch-files';
import { APP_ID } from '../paths';
import type { Platform } from '../desktop/menu-template';
import { appIconFile, resourcesDir } from '../desktop/resources-path';
import { runSelfTest, SELF_TEST_SWITCH } from '../desktop/self-test';
import { createEventNotifier, type Notifier } from '../services/notifications';
import { bindIpc, isRendererUrl, isTrustedFrame } from './ipc';
import { applyStartAtLogin, openedAtLogin } from './login-item';
import { createElectronNotifier } from './notifier';
import { createSafeStorageSecretStore } from './secret-store';
import { createDesktopShell, type DesktopShell } from './shell';
import { utilityLauncher } from './utility-launcher';
import { createMainWindow, denyPermissions, hardenWebContents } from './window';

// Electron's main process: the window, IPC binding, the desktop shell (menu, tray, background
// monitoring) and the life cycle. Everything else is in the app core.

const here = fileURLToPath(new URL('.', import.meta.url));
const preload = `${here}../preload/index.cjs`;
// Built beside this file from src/sandbox/child.ts (electron.vite.config.ts).
const sandboxChild = `${here}sandbox-child.js`;
const renderer = process.env.ELECTRON_RENDERER_URL
  ? { url: process.env.ELECTRON_RENDERER_URL }
  : { file: fileURLToPath(new URL('../renderer/index.html', import.meta.url)) };
const platform = process.platform as Platform;
const development = !app.isPackaged;
const resources = resourcesDir(app.getAppPath(), app.isPackaged);
const icon = appIconFile(resources);

// `npm start -- --data DIR --authoritative IP:PORT …` reaches here; Chromium's own switches are ignored.
const launchArgs = process.argv.slice(app.isPackaged ? 1 : 2);
const args = parseAppArgs(launchArgs, { strict: false });
if ('error' in args) {
  console.error(`kyrios-desk: ${args.error}`);
  app.exit(2);
}
const dataDirArg = process.argv.some((a) => a === '--data' || a.startsWith('--data='));
if ('dataDir' in args && dataDirArg) app.setPath('userData', args.dataDir);

let core: AppCore | undefined;
let shell: DesktopShell | undefined;
// Message files opened with the app: on macOS they may arrive before the app is ready.
const earlyFiles = messageFilesIn(launchArgs, process.cwd());

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

app.on('open-file', (event, path) => {
  event.preventDefault();
  const files = messageFilesIn([path], process.cwd());
  if (shell) shell.openMessageFiles(files);
  else earlyFiles.push(...files);
});

app.on('second-instance', (_event, argv, workingDirectory) => {
  shell?.secondInstance(argv, workingDirectory);
});

async function start(): Promise<void> {
  denyPermissions(session.defaultSession, (url) => isRendererUrl(url, renderer));
  // Without OS notifications the renderer shows them in the window instead.
  const inApp: { notifier?: Notifier } = {};
  const notifier = createElectronNotifier({
    fallback: (notification) => inApp.notifier?.show(notification),
    onClick: (notification) => shell?.openNotification(notification),
    icon,
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
  shell = createDesktopShell({
    core,
    createWindow: () => createMainWindow({ preload, renderer, icon, devTools: development }),
    platform,
    development,
    resources,
    appName: app.getName(),
    ...(development
      ? {}
      : { setStartAtLogin: (enabled: boolean) => applyStartAtLogin(enabled, platform, icon) }),
  });
  await shell.start({
    hidden: openedAtLogin(launchArgs, platform),
    files: earlyFiles.splice(0),
  });
}

function runApp(): void {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('Kyrios Desk could not start:', error);
      dialog.showErrorBox('Kyrios Desk could not start', message);
      app.exit(1);
    });

  let closing = false;
  app.on('will-quit', (event) => {
    if (!core || closing) return;
    closing = true;
    event.preventDefault();
    shell?.stop();
    void core.close().finally(() => app.quit());
  });
}

// `--self-test`: no window, no single-instance lock, nothing of the user's touched: one JSON line
// saying whether the packaged app can run at all (see src/main/desktop/self-test.ts).
if (process.argv.includes(SELF_TEST_SWITCH)) {
  void app.whenReady().then(async () => {
    const report = await runSelfTest({
      version: app.getVersion(),
      versions: process.versions,
      // The sandbox's utility process too: its entry has to load from the packaged archive.
      sandboxProcess: { launcher: utilityLauncher(), entry: sandboxChild },
      ...(process.env.KYRIOS_SQLITE_BINDING
        ? { nativeBinding: process.env.KYRIOS_SQLITE_BINDING }
        : {}),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    app.exit(report.ok ? 0 : 1);
  });
} else {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) app.quit();
  // Windows shows notifications only for an app whose id matches its Start menu shortcut's.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  runApp();
}
