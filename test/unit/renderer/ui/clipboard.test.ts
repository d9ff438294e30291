import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  copySecret,
  copyText,
  setSystemClipboardClear,
} from '../../../../src/renderer/ui/clipboard';

/** The clipboard as the page sees it; `readable` false is a browser refusing to read it. */
function fakeClipboard() {
  const clipboard = {
    text: '',
    readable: true,
    writeText: vi.fn((text: string) => {
      clipboard.text = text;
      return Promise.resolve();
    }),
    readText: vi.fn(() =>
      clipboard.readable ? Promise.resolve(clipboard.text) : Promise.reject(new Error('denied')),
    ),
  };
  return clipboard;
}

let clipboard: ReturnType<typeof fakeClipboard>;
/** The window and document only as far as their focus and visibility events. */
let page: { window: EventTarget; document: EventTarget };
beforeEach(() => {
  vi.useFakeTimers();
  clipboard = fakeClipboard();
  page = { window: new EventTarget(), document: new EventTarget() };
  vi.stubGlobal('navigator', { clipboard });
  vi.stubGlobal('window', page.window);
  vi.stubGlobal('document', page.document);
});
afterEach(() => {
  setSystemClipboardClear(null);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('clipboard', () => {
  it('copies text', async () => {
    expect(await copyText('_dmarc', 'Host')).toBe(true);
    expect(clipboard.text).toBe('_dmarc');
  });

  it('says it could not copy when the clipboard refuses', async () => {
    clipboard.writeText.mockRejectedValueOnce(new Error('Document is not focused.'));
    vi.stubGlobal('document', undefined); // no copy command to fall back on either
    expect(await copyText('x', 'Host')).toBe(false);
  });

  it('empties the clipboard a minute after copying a password, if it still holds it', async () => {
    await copySecret('s3cret-password', 'Password');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(clipboard.text).toBe('s3cret-password');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clipboard.text).toBe('');
  });

  it('leaves alone what was copied since', async () => {
    await copySecret('s3cret-password', 'Password');
    await copyText('something else', 'Host');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('something else');
  });

  it('clears once the window has focus again when the clipboard was refused at the time', async () => {
    // Chromium refuses the clipboard to a window without focus: the user is pasting elsewhere.
    await copySecret('s3cret-password', 'Password');
    clipboard.readable = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('s3cret-password');
    expect(clipboard.readText).toHaveBeenCalledTimes(1);

    // Still unfocused when the page becomes visible: refused again, still waiting.
    page.document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.readText).toHaveBeenCalledTimes(2);
    expect(clipboard.text).toBe('s3cret-password');

    clipboard.readable = true;
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.text).toBe('');

    // Done: later focus changes read nothing more.
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.readText).toHaveBeenCalledTimes(3);
  });

  it('after a refusal, leaves alone what was copied meanwhile and stops waiting', async () => {
    await copySecret('s3cret-password', 'Password');
    clipboard.readable = false;
    await vi.advanceTimersByTimeAsync(60_000);
    clipboard.text = 'copied in another app';
    clipboard.readable = true;
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.text).toBe('copied in another app');
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.readText).toHaveBeenCalledTimes(2);
  });

  it('never clears before the delay, even when the window gets focus', async () => {
    await copySecret('s3cret-password', 'Password');
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(30_000);
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.readText).not.toHaveBeenCalled();
    expect(clipboard.text).toBe('s3cret-password');
  });

  it('a password copied while waiting for focus replaces the wait with its own delay', async () => {
    await copySecret('first-password', 'Password');
    clipboard.readable = false;
    await vi.advanceTimersByTimeAsync(60_000);
    clipboard.readable = true;
    await copySecret('second-password', 'Password', 5_000);
    page.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clipboard.text).toBe('second-password');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(clipboard.text).toBe('');
  });

  it('keeps one timer: a second password copied restarts the minute', async () => {
    await copySecret('first-password', 'Password');
    await vi.advanceTimersByTimeAsync(30_000);
    await copySecret('second-password', 'Password');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.text).toBe('second-password');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.text).toBe('');
  });

  it('follows the clipboard setting: its delay, or never with none', async () => {
    await copySecret('s3cret-password', 'Password', 5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(clipboard.text).toBe('');
    await copySecret('kept-password', 'Password', null);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(clipboard.text).toBe('kept-password');
  });

  it('leaves the clearing to the desktop app when it takes it on, and does it itself otherwise', async () => {
    const asked: [string, number][] = [];
    setSystemClipboardClear((secret, ms) => {
      asked.push([secret, ms]);
      return Promise.resolve(true);
    });
    await copySecret('s3cret-password', 'Password', 30_000);
    expect(asked).toEqual([['s3cret-password', 30_000]]);
    await vi.advanceTimersByTimeAsync(60_000);
    // The main process clears it (whatever window is in front); the page reads nothing.
    expect(clipboard.readText).not.toHaveBeenCalled();
    expect(clipboard.text).toBe('s3cret-password');

    // Browser mode answers that it cannot (or the call fails): the page clears it itself.
    setSystemClipboardClear(() => Promise.resolve(false));
    await copySecret('second-password', 'Password', 30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.text).toBe('');
    setSystemClipboardClear(() => Promise.reject(new Error('offline')));
    await copySecret('third-password', 'Password', 30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.text).toBe('');

    // Never clear: nothing asked of anyone.
    asked.length = 0;
    setSystemClipboardClear((secret, ms) => {
      asked.push([secret, ms]);
      return Promise.resolve(true);
    });
    await copySecret('kept-password', 'Password', null);
    expect(asked).toEqual([]);
  });
});
