import { ipcRenderer } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { kyriosApi } from '../../../src/preload/index';
import { API_CALLS, API_DESKTOP_SUBSCRIPTIONS, API_SUBSCRIPTIONS } from '../../../src/shared/api';
import type { EventPayload } from '../../../src/shared/contract';

// The preload at its Electron boundary: contextBridge records what is exposed, and ipcRenderer is a
// real EventEmitter (as Electron's is) whose invoke answers with what it was asked.
const fake = vi.hoisted(() => ({
  invoke: vi.fn((channel: string, request: unknown) =>
    Promise.resolve({ ok: true, value: { channel, request } }),
  ),
  exposeInMainWorld: vi.fn(),
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const ipcRenderer = Object.assign(new EventEmitter(), { invoke: fake.invoke });
  return { contextBridge: { exposeInMainWorld: fake.exposeInMainWorld }, ipcRenderer };
});

const invoke = fake.invoke;

beforeEach(() => {
  invoke.mockClear();
});

describe('preload', () => {
  it('exposes the api once, as window.kyrios', () => {
    expect(fake.exposeInMainWorld).toHaveBeenCalledExactlyOnceWith('kyrios', kyriosApi);
  });

  it('exposes exactly one method per call and per subscription, nothing generic', () => {
    const keys = Object.keys(kyriosApi).sort();
    expect(keys).toEqual(
      [
        ...Object.keys(API_CALLS),
        ...Object.keys(API_SUBSCRIPTIONS),
        ...Object.keys(API_DESKTOP_SUBSCRIPTIONS),
      ].sort(),
    );
    for (const generic of [
      'invoke',
      'send',
      'sendSync',
      'on',
      'once',
      'ipcRenderer',
      'removeListener',
    ]) {
      expect(keys).not.toContain(generic);
    }
    for (const value of Object.values(kyriosApi)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(ipcRenderer);
    }
  });

  it('invokes each call on its own channel with the request', async () => {
    expect(await kyriosApi.addDomain({ name: 'example.com' })).toEqual({
      ok: true,
      value: { channel: 'domains:add', request: { name: 'example.com' } },
    });
    expect(invoke).toHaveBeenLastCalledWith('domains:add', { name: 'example.com' });

    await kyriosApi.listDomains();
    expect(invoke).toHaveBeenLastCalledWith('domains:list', {});
    await kyriosApi.getAppInfo();
    expect(invoke).toHaveBeenLastCalledWith('app:info', {});

    // Every call method goes to the channel API_CALLS names for it, and to no other.
    for (const [method, channel] of Object.entries(API_CALLS) as [
      keyof typeof API_CALLS,
      string,
    ][]) {
      invoke.mockClear();
      await (kyriosApi[method] as (request: unknown) => Promise<unknown>)({ name: 'example.com' });
      expect(invoke).toHaveBeenCalledOnce();
      expect(invoke.mock.calls[0]?.[0]).toBe(channel);
    }
  });

  it('registers a subscription on its event channel and removes exactly that listener on unsubscribe', () => {
    const event = API_SUBSCRIPTIONS.onDomainsChanged;
    const before = ipcRenderer.listenerCount(event);
    const got: EventPayload<'domains:changed'>[] = [];
    const other: EventPayload<'domains:changed'>[] = [];
    const off = kyriosApi.onDomainsChanged((payload) => got.push(payload));
    const offOther = kyriosApi.onDomainsChanged((payload) => other.push(payload));
    expect(ipcRenderer.listenerCount(event)).toBe(before + 2);

    // Electron calls listeners with (event, ...args); the renderer only sees the payload.
    ipcRenderer.emit(
      event,
      { sender: 'not for the renderer' },
      { reason: 'added', domainId: 'dom_1' },
    );
    expect(got).toEqual([{ reason: 'added', domainId: 'dom_1' }]);

    off();
    expect(ipcRenderer.listenerCount(event)).toBe(before + 1);
    ipcRenderer.emit(event, {}, { reason: 'synced' });
    expect(got).toEqual([{ reason: 'added', domainId: 'dom_1' }]);
    expect(other).toEqual([{ reason: 'added', domainId: 'dom_1' }, { reason: 'synced' }]);

    offOther();
    expect(ipcRenderer.listenerCount(event)).toBe(before);
  });

  it("passes the desktop shell's commands to the renderer on their own event", () => {
    const got: EventPayload<'app:command'>[] = [];
    const off = kyriosApi.onAppCommand((payload) => got.push(payload));
    ipcRenderer.emit('app:command', {}, { command: 'open-domain', domainId: 'dom_1' });
    off();
    ipcRenderer.emit('app:command', {}, { command: 'add-domain' });
    expect(got).toEqual([{ command: 'open-domain', domainId: 'dom_1' }]);
    expect(ipcRenderer.listenerCount('app:command')).toBe(0);
  });
});
