import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copySecret, copyText } from '../../../src/renderer/clipboard';

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
beforeEach(() => {
  vi.useFakeTimers();
  clipboard = fakeClipboard();
  vi.stubGlobal('navigator', { clipboard });
});
afterEach(() => {
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
    expect(await copyText('x', 'Host')).toBe(false);
  });

  it('empties the clipboard a minute after copying a password, if it still holds it', async () => {
    await copySecret('s3cret-password', 'Password');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(clipboard.text).toBe('s3cret-password');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clipboard.text).toBe('');
  });

  it('leaves alone what was copied since, and what it cannot read', async () => {
    await copySecret('s3cret-password', 'Password');
    await copyText('something else', 'Host');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('something else');

    await copySecret('another-password', 'Password');
    clipboard.readable = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('another-password');
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
});
