// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCommand } from '../../../../src/shared/app-commands';
import { SHORTCUTS } from '../../../../src/shared/shortcuts';
import {
  commandForKey,
  connectShortcuts,
  shortcutKeys,
  usesCommandKey,
  type KeyPress,
} from '../../../../src/renderer/shell/shortcuts';

const press = (key: string, change: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  typing: false,
  ...change,
});
const browser = { mac: false, desktop: false, domainOpen: true };

describe('which command a key press asks for', () => {
  it('takes each shortcut of the table with Ctrl, and Cmd on macOS', () => {
    expect(commandForKey(press('n', { ctrlKey: true }), browser)).toEqual({
      command: 'add-domain',
    });
    expect(commandForKey(press('r', { ctrlKey: true }), browser)).toEqual({
      command: 'verify-open-domain',
    });
    expect(commandForKey(press('C', { ctrlKey: true, shiftKey: true }), browser)).toEqual({
      command: 'copy-all-records',
    });
    expect(commandForKey(press(',', { ctrlKey: true }), browser)).toEqual({
      command: 'open-settings',
    });
    const mac = { ...browser, mac: true };
    expect(commandForKey(press('c', { metaKey: true, shiftKey: true }), mac)).toEqual({
      command: 'copy-all-records',
    });
    // Ctrl on macOS, Cmd elsewhere, Alt, or Shift where the table has none: not a shortcut.
    expect(commandForKey(press('n', { ctrlKey: true }), mac)).toBeNull();
    expect(commandForKey(press('n', { metaKey: true }), browser)).toBeNull();
    expect(commandForKey(press('n', { ctrlKey: true, altKey: true }), browser)).toBeNull();
    expect(commandForKey(press('C', { ctrlKey: true }), browser)).toBeNull();
    expect(commandForKey(press('n'), browser)).toBeNull();
  });

  it('leaves the browser its reload and element picker when no domain is open', () => {
    const none = { ...browser, domainOpen: false };
    expect(commandForKey(press('r', { ctrlKey: true }), none)).toBeNull();
    expect(commandForKey(press('C', { ctrlKey: true, shiftKey: true }), none)).toBeNull();
    expect(commandForKey(press(',', { ctrlKey: true }), none)).toEqual({
      command: 'open-settings',
    });
  });

  it('in the desktop app leaves Ctrl/Cmd to the menu, but takes ?', () => {
    const desktop = { ...browser, desktop: true };
    for (const s of SHORTCUTS) {
      const key = press(s.key, { ctrlKey: true, shiftKey: s.shift });
      expect(commandForKey(key, desktop)).toBeNull();
    }
    expect(commandForKey(press('?', { shiftKey: true }), desktop)).toEqual({
      command: 'show-shortcuts',
    });
  });

  it('reads ? as a character while typing', () => {
    expect(commandForKey(press('?', { shiftKey: true, typing: true }), browser)).toBeNull();
  });

  it('writes the keys as each platform does', () => {
    const [add, , copy] = SHORTCUTS;
    expect(shortcutKeys(add, false)).toBe('Ctrl+N');
    expect(shortcutKeys(copy, false)).toBe('Ctrl+Shift+C');
    expect(shortcutKeys(add, true)).toBe('⌘N');
    expect(shortcutKeys(copy, true)).toBe('⇧⌘C');
    expect(usesCommandKey('macOS')).toBe(true);
    expect(usesCommandKey('MacIntel')).toBe(true);
    expect(usesCommandKey('Linux x86_64')).toBe(false);
    expect(usesCommandKey('Windows')).toBe(false);
  });
});

describe('the window’s key listener', () => {
  let stop: () => void = () => undefined;
  afterEach(() => {
    stop();
    document.body.replaceChildren();
  });

  function listen(options: { desktop?: boolean; domainOpen?: boolean } = {}) {
    const ran: AppCommand[] = [];
    stop = connectShortcuts(window, {
      desktop: options.desktop ?? false,
      domainOpen: () => options.domainOpen ?? true,
      run: (command) => ran.push(command),
    });
    return ran;
  }

  /** Dispatches a key press on `target`; true when the page took it (default prevented). */
  function key(init: KeyboardEventInit, target: EventTarget = document.body): boolean {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(event);
    return event.defaultPrevented;
  }

  it('runs the command and keeps the key from the browser', () => {
    const ran = listen();
    expect(key({ key: 'r', ctrlKey: true })).toBe(true);
    expect(key({ key: '?', shiftKey: true })).toBe(true);
    expect(ran).toEqual([{ command: 'verify-open-domain' }, { command: 'show-shortcuts' }]);
  });

  it('leaves keys it does not take to the browser', () => {
    const ran = listen({ domainOpen: false });
    expect(key({ key: 'r', ctrlKey: true })).toBe(false);
    expect(key({ key: 'x', ctrlKey: true })).toBe(false);
    expect(ran).toEqual([]);
  });

  it('types ? into a field', () => {
    const ran = listen();
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    expect(key({ key: '?', shiftKey: true }, field)).toBe(false);
    expect(ran).toEqual([]);
  });

  it('takes nothing while a dialog is open', () => {
    const ran = listen();
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    document.body.append(dialog);
    expect(key({ key: '?', shiftKey: true })).toBe(false);
    expect(key({ key: ',', ctrlKey: true })).toBe(false);
    expect(ran).toEqual([]);
  });

  it('stops listening when disconnected', () => {
    const ran = listen();
    stop();
    key({ key: ',', ctrlKey: true });
    expect(ran).toEqual([]);
  });
});
