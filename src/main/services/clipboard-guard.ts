import type { TimerHandle, Timers } from './timers';

/** The system clipboard as the main process sees it (Electron's `clipboard`), focus or not. */
export interface SystemClipboard {
  readText(): string;
  writeText(text: string): void;
}

/**
 * Clears a copied secret from the system clipboard after a delay if it is still there. In the
 * desktop app the renderer cannot read the clipboard while another app is in front (Chromium's
 * rule), which is exactly where the user is a minute after copying a password; the main process
 * can. Without a system clipboard (browser mode: the server is not the user's desktop session)
 * nothing is scheduled and the renderer clears it itself when it next has focus.
 * One secret at a time: a newer one replaces the wait for the older.
 */
export function createClipboardGuard(clipboard: SystemClipboard | null, timers: Timers) {
  let pending: { handle: TimerHandle; secret: string } | null = null;

  const clearIfStill = (secret: string): void => {
    if (clipboard?.readText() === secret) clipboard.writeText('');
  };

  return {
    clearLater(secret: string, afterMs: number): { scheduled: boolean } {
      if (!clipboard) return { scheduled: false };
      if (pending) timers.clearTimeout(pending.handle);
      const handle = timers.setTimeout(() => {
        pending = null;
        clearIfStill(secret);
      }, afterMs);
      pending = { handle, secret };
      return { scheduled: true };
    },

    /** On quit: a secret still waiting is cleared now rather than left behind. */
    flush(): void {
      if (!pending) return;
      timers.clearTimeout(pending.handle);
      const { secret } = pending;
      pending = null;
      clearIfStill(secret);
    },
  };
}
export type ClipboardGuard = ReturnType<typeof createClipboardGuard>;
