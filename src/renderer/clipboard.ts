import { showToast } from './stores/toasts';

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
  (active?.closest('dialog') ?? document.body).append(area);
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

let pendingClear: ReturnType<typeof setTimeout> | null = null;

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
  if (pendingClear) clearTimeout(pendingClear);
  pendingClear = null;
  if (ms === null || ms <= 0) return true;
  pendingClear = setTimeout(() => {
    pendingClear = null;
    void clearIfStill(secret);
  }, ms);
  return true;
}

async function clearIfStill(secret: string): Promise<void> {
  try {
    if ((await navigator.clipboard.readText()) === secret) await navigator.clipboard.writeText('');
  } catch {
    // Without read access we cannot tell whether it is still ours; leave the clipboard alone.
  }
}
