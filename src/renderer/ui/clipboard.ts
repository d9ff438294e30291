import { showToast } from './toast-store';

/** How long a copied password may stay on the clipboard. */
export const SECRET_CLIPBOARD_MS = 60_000;

/**
 * Copies text and says so in a toast; the toast says what went wrong when the clipboard refuses
 * (no permission, or the window is not focused).
 */
export async function copyText(text: string, what: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // A window whose permissions are all denied (our Electron window) refuses the async API;
    // the copy command still works from a click.
    if (!legacyCopy(text)) {
      const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
      showToast('error', `Could not copy ${what.toLowerCase()} to the clipboard${reason}.`);
      return false;
    }
  }
  showToast('success', `${what} copied.`, 3000);
  return true;
}

function legacyCopy(text: string): boolean {
  if (typeof document === 'undefined') return false;
  const active = document.activeElement as HTMLElement | null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  (active?.closest('[role="dialog"]') ?? document.body).append(area);
  area.select();
  try {
    // Deprecated but still the one way without clipboard permissions.
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    active?.focus();
  }
}

/** Stops the clearing scheduled for the last password copied (its timer or its wait for focus). */
let cancelPending: (() => void) | null = null;

/**
 * Asks the app to clear a secret from the system clipboard later (the desktop's main process can,
 * whatever window is in front); resolves false where it cannot (browser mode).
 */
type SystemClear = (secret: string, afterMs: number) => Promise<boolean>;
let systemClear: SystemClear | null = null;

/** Set once at start-up with the contract's `clipboard:clear-later`. */
export function setSystemClipboardClear(clear: SystemClear | null): void {
  systemClear = clear;
}

/**
 * Copies a password, then after `ms` (a minute unless the settings say otherwise; null: never)
 * empties the clipboard if it still holds that password, so it does not linger where any app can
 * read it. Anything copied since is left alone.
 */
export async function copySecret(
  secret: string,
  what: string,
  ms: number | null = SECRET_CLIPBOARD_MS,
): Promise<boolean> {
  const copied = await copyText(secret, what);
  if (!copied) return false;
  cancelPending?.();
  cancelPending = null;
  if (ms === null || ms <= 0) return true;
  // The desktop app's main process clears it even while another app is in front; elsewhere the
  // page does it, as soon as the browser lets it read the clipboard again.
  const scheduled = systemClear ? await systemClear(secret, ms).catch(() => false) : false;
  if (!scheduled) cancelPending = scheduleClear(secret, ms);
  return true;
}

/**
 * After `ms`, clears the clipboard if it still holds `secret`. Chromium (and so Electron) refuses
 * to read or write the clipboard from a window without focus, which is where the user usually is
 * a minute later: pasting into another app. Then the clear waits for the window to get focus (or
 * to become visible) again and checks once more; what was copied meanwhile is still left alone.
 */
function scheduleClear(secret: string, ms: number): () => void {
  let stopped = false;
  let inFlight = false;
  const target = typeof window === 'undefined' ? null : window;
  const doc = typeof document === 'undefined' ? null : document;

  const retry = () => void attempt();
  const listen = () => {
    target?.addEventListener('focus', retry);
    doc?.addEventListener('visibilitychange', retry);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    target?.removeEventListener('focus', retry);
    doc?.removeEventListener('visibilitychange', retry);
    if (cancelPending === stop) cancelPending = null;
  };

  async function attempt(): Promise<void> {
    if (stopped || inFlight) return;
    inFlight = true;
    const outcome = await clearIfStill(secret, () => stopped);
    inFlight = false;
    if (stopped) return;
    // Refused: try again when the window is back in front (a no-op if already listening).
    if (outcome === 'refused') listen();
    else stop();
  }

  const timer = setTimeout(() => void attempt(), ms);
  return stop;
}

/** `cleared`, `changed` (something else was copied since: left alone) or `refused` by the browser. */
async function clearIfStill(
  secret: string,
  cancelled: () => boolean,
): Promise<'cleared' | 'changed' | 'refused'> {
  try {
    if ((await navigator.clipboard.readText()) !== secret) return 'changed';
    // A newer password copied while reading: that one has its own timer.
    if (cancelled()) return 'changed';
    await navigator.clipboard.writeText('');
    return 'cleared';
  } catch {
    // Not focused (or no permission): we cannot tell whether it is still ours yet.
    return 'refused';
  }
}
