import type { AppCommand } from '../../shared/app-commands';
import { SHORTCUTS, type Shortcut } from '../../shared/shortcuts';

/**
 * The keyboard shortcuts of the shared table (src/shared/app-commands.ts) as keys the window
 * hears. In the desktop app the menu's accelerators take them (so the window leaves them alone and
 * only listens for `?`); in browser mode the page does, where the browser passes them on:
 * browsers keep Ctrl+N (a new window) for themselves in a normal tab, while Ctrl+R, Ctrl+Shift+C
 * and Ctrl+, reach the page. Ctrl+R and Ctrl+Shift+C are only taken while a domain is open:
 * elsewhere they stay the browser's reload and element picker.
 */

/** The key facts of a keyboard event that decide a shortcut. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The focused element is a field that takes text (then `?` is a character). */
  typing: boolean;
}

/** The commands that act on the open domain: not taken from the browser with none open. */
const ON_OPEN_DOMAIN = new Set<AppCommand['command']>(['verify-open-domain', 'copy-all-records']);

/** Whether shortcuts use Cmd (macOS) rather than Ctrl. */
export function usesCommandKey(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

/** The platform as the page can tell it (`navigator.userAgentData` where there is one). */
export function pagePlatform(): string {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return nav.userAgentData?.platform || nav.platform || '';
}

/** How a shortcut is written on this platform: `⇧⌘C` on macOS, `Ctrl+Shift+C` elsewhere. */
export function shortcutKeys(shortcut: Shortcut, mac: boolean): string {
  if (mac) return `${shortcut.shift ? '⇧' : ''}⌘${shortcut.key}`;
  return `Ctrl+${shortcut.shift ? 'Shift+' : ''}${shortcut.key}`;
}

/**
 * The command a key press asks for, or null. `desktop`: the menu owns the Ctrl/Cmd shortcuts.
 * `domainOpen`: whether a domain's page is open.
 */
export function commandForKey(
  press: KeyPress,
  options: { mac: boolean; desktop: boolean; domainOpen: boolean },
): AppCommand | null {
  const modifier = options.mac ? press.metaKey : press.ctrlKey;
  const other = options.mac ? press.ctrlKey : press.metaKey;
  if (press.key === '?' && !press.ctrlKey && !press.metaKey && !press.altKey && !press.typing) {
    return { command: 'show-shortcuts' };
  }
  if (options.desktop || !modifier || other || press.altKey) return null;
  const shortcut = SHORTCUTS.find(
    (s) => s.shift === press.shiftKey && s.key.toLowerCase() === press.key.toLowerCase(),
  );
  if (!shortcut) return null;
  if (ON_OPEN_DOMAIN.has(shortcut.command) && !options.domainOpen) return null;
  return { command: shortcut.command };
}

/** Whether an element takes typed text (a text field, a text area, an editable region). */
export function takesText(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
      element.type,
    );
  }
  return element instanceof HTMLElement && element.isContentEditable;
}

/**
 * Listens for the shortcuts on the window and runs their commands. Nothing is taken while a
 * modal dialog is open: it has its own keys, and the page behind it is inert.
 */
export function connectShortcuts(
  win: Window,
  options: {
    desktop: boolean;
    domainOpen: () => boolean;
    run: (command: AppCommand) => void;
  },
): () => void {
  const mac = usesCommandKey(pagePlatform());
  const listener = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (win.document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
    const command = commandForKey(
      {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        shiftKey: event.shiftKey,
        altKey: event.altKey,
        typing: takesText(win.document.activeElement),
      },
      { mac, desktop: options.desktop, domainOpen: options.domainOpen() },
    );
    if (!command) return;
    event.preventDefault();
    options.run(command);
  };
  win.addEventListener('keydown', listener);
  return () => win.removeEventListener('keydown', listener);
}
