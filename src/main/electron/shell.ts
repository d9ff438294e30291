import { app, Menu, type BrowserWindow } from 'electron';
import type { AppCommand } from '../../shared/app-commands';
import type { AppNotification } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import type { AppCore } from '../app-core';
import { createCommandOutbox, type CommandOutbox } from '../desktop/command-outbox';
import { messageFilesIn } from '../desktop/launch-files';
import { applicationMenu, type Platform, type ShellAction } from '../desktop/menu-template';
import { trayState, type TrayInputs } from '../desktop/tray-state';
import { watchTrayStatus } from '../desktop/tray-status';
import { checkMessageFile } from '../services/message-file';
import { ServiceError } from '../services/service-error';
import { buildMenu } from './menu';
import { createAppTray, type AppTray } from './tray';

/** The tray's "Pause monitoring for 1 h". */
export const PAUSE_MS = 60 * 60_000;

export interface DesktopShellOptions {
  core: Pick<
    AppCore,
    'dispatch' | 'events' | 'session' | 'pauseMonitoring' | 'monitoringPausedUntil'
  >;
  /** Makes the main window (createMainWindow), which shows itself once ready. */
  createWindow: () => BrowserWindow;
  platform: Platform;
  /** Not packaged: developer tools in the menu. */
  development: boolean;
  /** resources/ at run time (src/main/desktop/resources-path.ts). */
  resources: string;
  appName: string;
  /** Applies the "Start at login" setting; absent in development, where it would register
   * Electron's own binary as the login item. */
  setStartAtLogin?: (enabled: boolean) => void;
  now?: () => Date;
  /** A time as the tray says it ("15:30"). */
  formatTime?: (iso: string) => string;
}

type ShellSettings = Pick<Settings, 'keepMonitoringWhenClosed' | 'startAtLogin'>;

const localTime = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The desktop shell around the app core: the window's life (closing it keeps the app in the
 * tray when "Keep monitoring when the window is closed" is on, and quits it when off), the
 * application menu and the tray, start at login, and the commands the window gets from them, from
 * notification clicks and from message files opened with the app.
 */
export function createDesktopShell(options: DesktopShellOptions) {
  const { core } = options;
  const now = options.now ?? (() => new Date());
  const formatTime = options.formatTime ?? localTime;
  let settings: ShellSettings = { keepMonitoringWhenClosed: true, startAtLogin: false };
  let window: BrowserWindow | undefined;
  let outbox: CommandOutbox | undefined;
  let tray: AppTray | undefined;
  let status: TrayInputs | undefined;
  let quitting = false;

  function showWindow(): BrowserWindow {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return window;
    }
    const made = options.createWindow();
    const box = createCommandOutbox((command) => {
      if (!made.isDestroyed()) made.webContents.send('app:command', command);
    });
    made.webContents.on('did-start-loading', () => box.unloaded());
    made.webContents.on('did-finish-load', () => box.loaded());
    made.on('close', (event) => {
      if (quitting || !settings.keepMonitoringWhenClosed) return;
      // Monitoring goes on in the tray; the window comes back from there (or the Dock).
      event.preventDefault();
      made.hide();
    });
    made.on('closed', () => {
      if (window !== made) return;
      window = undefined;
      outbox = undefined;
    });
    window = made;
    outbox = box;
    return made;
  }

  function send(command: AppCommand): void {
    showWindow();
    outbox?.send(command);
  }

  function openMessageFiles(paths: readonly string[]): void {
    for (const path of paths) {
      send({ command: 'check-message', path });
      // Whatever fails, the session included, arrives as the failure's command, never a throw.
      Promise.resolve()
        .then(() => checkMessageFile(core.session().services.mail, path))
        .then(
          (entry) => send({ command: 'message-checked', path, entry }),
          (error: unknown) =>
            send({
              command: 'message-check-failed',
              path,
              message:
                error instanceof ServiceError
                  ? error.message
                  : `The message could not be checked: ${(error as Error).message}`,
            }),
        );
    }
  }

  const pausedLabel = () => {
    const until = core.monitoringPausedUntil();
    return until ? formatTime(until) : null;
  };

  function updateTray(): void {
    if (!tray || !status) return;
    // The pause as it is now: it changes from the tray itself, without a push.
    const inputs = { ...status, pausedUntil: core.monitoringPausedUntil() };
    tray.update(trayState(inputs, formatTime, options.appName), pausedLabel());
  }

  function run(action: ShellAction): void {
    if ('command' in action) return send(action.command);
    // The same dispatch as the window's own calls: the same handler, checks and events.
    if ('channel' in action) return void core.dispatch(action.channel, {});
    switch (action.shell) {
      case 'show-window':
        showWindow();
        return;
      case 'pause-monitoring':
        core.pauseMonitoring(new Date(now().getTime() + PAUSE_MS));
        return updateTray();
      case 'resume-monitoring':
        core.pauseMonitoring(null);
        return updateTray();
      case 'quit':
        app.quit();
        return;
    }
  }

  function syncTray(): void {
    if (settings.keepMonitoringWhenClosed && !tray) {
      tray = createAppTray({
        resources: options.resources,
        platform: options.platform,
        appName: options.appName,
        run,
      });
      updateTray();
    } else if (!settings.keepMonitoringWhenClosed && tray) {
      tray.destroy();
      tray = undefined;
    }
  }

  function applySettings(next: ShellSettings): void {
    const loginChanged = next.startAtLogin !== settings.startAtLogin;
    settings = {
      keepMonitoringWhenClosed: next.keepMonitoringWhenClosed,
      startAtLogin: next.startAtLogin,
    };
    syncTray();
    if (loginChanged) options.setStartAtLogin?.(next.startAtLogin);
  }

  const watcher = watchTrayStatus(
    { dispatch: core.dispatch, events: core.events, pausedUntil: core.monitoringPausedUntil },
    (inputs) => {
      status = inputs;
      updateTray();
    },
  );
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name === 'settings:changed') applySettings(payload as Settings);
  });

  return {
    run,
    showWindow,
    get window(): BrowserWindow | undefined {
      return window;
    },
    get tray(): AppTray | undefined {
      return tray;
    },

    /**
     * Menu, tray, settings; then the window, unless the app was started at login to sit in the
     * tray. Message files given at launch are opened once the window is there.
     */
    async start(launch: { hidden: boolean; files: readonly string[] }): Promise<void> {
      Menu.setApplicationMenu(
        buildMenu(
          applicationMenu({
            platform: options.platform,
            appName: options.appName,
            development: options.development,
          }),
          run,
        ),
      );
      app.on('before-quit', () => {
        quitting = true;
      });
      app.on('window-all-closed', () => {
        // Only when closing really closed the window: the setting is off, or the app is quitting.
        app.quit();
      });
      app.on('activate', () => showWindow());

      const stored = await core.dispatch('settings:get', {});
      if (stored.ok) settings = stored.value as ShellSettings;
      syncTray();
      options.setStartAtLogin?.(settings.startAtLogin);
      await watcher.refresh();
      if (!(launch.hidden && settings.keepMonitoringWhenClosed)) showWindow();
      openMessageFiles(launch.files);
    },

    /** A notification was clicked: the window, on the domain that raised it. */
    openNotification(notification: AppNotification): void {
      if (notification.domainId) send({ command: 'open-domain', domainId: notification.domainId });
      else showWindow();
    },

    openMessageFiles,

    /** Another start while this one runs: its message files, or just the window. */
    secondInstance(argv: readonly string[], workingDirectory: string): void {
      const files = messageFilesIn(argv.slice(1), workingDirectory);
      if (files.length > 0) openMessageFiles(files);
      else showWindow();
    },

    stop(): void {
      watcher.stop();
      unsubscribe();
      tray?.destroy();
      tray = undefined;
    },
  };
}
export type DesktopShell = ReturnType<typeof createDesktopShell>;
