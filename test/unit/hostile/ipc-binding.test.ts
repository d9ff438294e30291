import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../../src/main/contract/dispatch';
import { bindIpc, type IpcMainLike } from '../../../src/main/electron/ipc';
import { CHANNELS } from '../../../src/shared/contract';
import {
  channelCases,
  PER_CHANNEL,
  SEED,
  spyHandlers,
  trackUncaught,
} from '../helpers/hostile-harness';
import { preview } from '../helpers/hostile-payloads';

// ipc.ts imports only types from electron; the mock makes sure nothing else is reached.
vi.mock('electron', () => ({}));

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** ipcMain as the binding sees it: the registered listeners, callable like Electron would. */
function fakeIpcMain(): IpcMainLike & { listeners: Map<string, Listener> } {
  const listeners = new Map<string, Listener>();
  return {
    listeners,
    handle(channel, listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    removeHandler(channel) {
      listeners.delete(channel);
    },
  };
}

const event = {} as IpcMainInvokeEvent;
const cases = channelCases();
const { handlers, calls } = spyHandlers();
const log = vi.fn<(error: unknown) => void>();
const ipc = fakeIpcMain();
let trusted = true;
const uncaught = trackUncaught();
beforeAll(() => {
  bindIpc(ipc, createDispatch(handlers, log), () => trusted);
});
afterAll(() => uncaught.stop());

describe(`hostile calls through the Electron binding (seed ${SEED}; SEED=n to replay another)`, () => {
  it('binds every contract channel, and only those', () => {
    expect([...ipc.listeners.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(cases.map((c) => c.channel)).toEqual(CHANNELS);
  });

  it.each(cases.map((c) => [c.channel, c] as const))(
    `%s: ${PER_CHANNEL} invalid requests, each refused with invalid_request before any handler`,
    async (channel, { hostile, seed }) => {
      const listener = ipc.listeners.get(channel);
      if (!listener) throw new Error(`${channel} is not bound`);
      const wrong: string[] = [];
      for (const [i, { payload, what }] of hostile.entries()) {
        const result = (await listener(event, payload)) as {
          ok: boolean;
          error?: { code: string; message: string };
        };
        const refused =
          result.ok === false &&
          result.error?.code === 'invalid_request' &&
          /^The request is not valid/.test(result.error.message);
        if (!refused && wrong.length < 5) {
          wrong.push(`#${i} (${what}) ${preview(payload)} → ${preview(result)}`);
        }
      }
      expect(wrong, `channel seed ${seed}`).toEqual([]);
      expect(calls(), `channel seed ${seed}`).toEqual([]);
      expect(log).not.toHaveBeenCalled();
    },
  );

  it('answers the smallest valid request of every channel through the same listener', async () => {
    for (const { channel, valid } of cases) {
      const listener = ipc.listeners.get(channel);
      expect(await listener?.(event, valid), channel).toEqual({ ok: true, value: null });
    }
    expect(calls()).toHaveLength(CHANNELS.length);
  });

  it('refuses an untrusted sender on every channel, valid request or not', async () => {
    trusted = false;
    try {
      const before = calls().reduce((n, c) => n + c.n, 0);
      for (const { channel, valid, hostile } of cases) {
        const listener = ipc.listeners.get(channel);
        for (const payload of [valid, hostile[0]?.payload]) {
          expect(await listener?.(event, payload)).toMatchObject({
            ok: false,
            error: { code: 'forbidden_sender' },
          });
        }
      }
      expect(calls().reduce((n, c) => n + c.n, 0)).toBe(before);
    } finally {
      trusted = true;
    }
  });

  it('raised no uncaught exception and no unhandled rejection', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
