import { afterEach, describe, expect, it } from 'vitest';
import { createClipboardGuard } from '../../../../src/main/services/clipboard-guard';
import { createFakeTimers } from '../../helpers/fake-timers';
import { call, startGuardCore } from '../../helpers/guard-core';
import { createCleanup } from '../../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** The system clipboard as Electron's main process sees it: readable whatever window is in front. */
function systemClipboard(text = '') {
  const board = {
    text,
    readText: () => board.text,
    writeText: (value: string) => {
      board.text = value;
    },
  };
  return board;
}

describe('clearing a copied secret from the system clipboard', () => {
  it('clears it after the delay if it is still there, and leaves anything copied since', async () => {
    const clock = createFakeTimers();
    const board = systemClipboard('s3cret');
    const guard = createClipboardGuard(board, clock.timers);
    expect(guard.clearLater('s3cret', 60_000)).toEqual({ scheduled: true });
    await clock.advance(59_999);
    expect(board.text).toBe('s3cret');
    await clock.advance(1);
    expect(board.text).toBe('');

    board.text = 'other';
    guard.clearLater('other-secret', 1_000);
    await clock.advance(1_000);
    expect(board.text).toBe('other');
  });

  it('waits for one secret at a time: a newer one replaces the older wait', async () => {
    const clock = createFakeTimers();
    const board = systemClipboard('first');
    const guard = createClipboardGuard(board, clock.timers);
    guard.clearLater('first', 10_000);
    board.text = 'second';
    guard.clearLater('second', 60_000);
    await clock.advance(10_000);
    expect(board.text).toBe('second');
    await clock.advance(50_000);
    expect(board.text).toBe('');
  });

  it('clears a waiting secret at once when the app closes', () => {
    const clock = createFakeTimers();
    const board = systemClipboard('s3cret');
    const guard = createClipboardGuard(board, clock.timers);
    guard.clearLater('s3cret', 60_000);
    guard.flush();
    expect(board.text).toBe('');
    board.text = 's3cret';
    guard.flush();
    expect(board.text).toBe('s3cret');
  });

  it('schedules nothing without a system clipboard (browser mode)', () => {
    const guard = createClipboardGuard(null, createFakeTimers().timers);
    expect(guard.clearLater('s3cret', 60_000)).toEqual({ scheduled: false });
  });

  it('is reached through the contract, and the core clears on close', async () => {
    const clock = createFakeTimers();
    const board = systemClipboard('pass-1');
    const { core } = await startGuardCore(cleanup, { clipboard: board, timers: clock.timers });
    expect(
      await call(core, 'clipboard:clear-later', { secret: 'pass-1', afterMs: 60_000 }),
    ).toEqual({ scheduled: true });
    await clock.advance(60_000);
    expect(board.text).toBe('');

    board.text = 'pass-2';
    await call(core, 'clipboard:clear-later', { secret: 'pass-2', afterMs: 60_000 });
    await core.close();
    expect(board.text).toBe('');

    const { core: web } = await startGuardCore(cleanup);
    expect(await call(web, 'clipboard:clear-later', { secret: 'x', afterMs: 60_000 })).toEqual({
      scheduled: false,
    });
    const refused = await web.dispatch('clipboard:clear-later', { secret: 'x', afterMs: 10 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
