import type { IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { bindIpc, isTrustedFrame, type IpcMainLike } from '../../../../src/main/electron/ipc';
import { createDispatch, type Handlers } from '../../../../src/main/contract/dispatch';
import { CHANNELS } from '../../../../src/shared/contract';
import { fakeHandlers } from '../../helpers/handlers';

// ipc.ts imports only types from electron; the mock makes sure nothing else is reached.
vi.mock('electron', () => ({}));

const RENDERER_FILE = join(
  '/opt',
  'Kyrios Desk',
  'resources',
  'app',
  'out',
  'renderer',
  'index.html',
);
const fileRenderer = { file: RENDERER_FILE };
const devRenderer = { url: 'http://localhost:5173/' };

type Frame = Parameters<typeof isTrustedFrame>[0];
const top = (url: string): Frame => ({ url, parent: null });
const sub = (url: string): Frame => ({ url, parent: top(url) as NonNullable<Frame> }) as Frame;

describe('isTrustedFrame', () => {
  it('accepts the top frame showing our renderer file, with any query or hash', () => {
    const url = pathToFileURL(RENDERER_FILE).href;
    expect(url).toContain('Kyrios%20Desk');
    expect(isTrustedFrame(top(url), fileRenderer)).toBe(true);
    expect(isTrustedFrame(top(`${url}#/domains`), fileRenderer)).toBe(true);
    expect(isTrustedFrame(top(`${url}?x=1`), fileRenderer)).toBe(true);
    expect(isTrustedFrame(top(url.replace('file://', 'file://localhost')), fileRenderer)).toBe(
      true,
    );
  });

  it.each([
    ['a subframe showing our file', sub(pathToFileURL(RENDERER_FILE).href)],
    ['another file', top(pathToFileURL('/etc/passwd').href)],
    ['another index.html', top(pathToFileURL('/tmp/out/renderer/index.html').href)],
    [
      'a file whose path merely ends with ours',
      top(pathToFileURL(join('/home/mallory/Downloads', RENDERER_FILE)).href),
    ],
    [
      'our file on another host',
      top(`file://attacker.example${pathToFileURL(RENDERER_FILE).pathname}`),
    ],
    ['an https page', top('https://evil.example/index.html')],
    ['the dev server origin', top('http://localhost:5173/')],
    ['about:blank', top('about:blank')],
    ['a data URL', top('data:text/html,hi')],
    ['an unparsable URL', top('::::')],
    ['no frame', null],
  ])('rejects %s when the renderer is a file', (_what, frame) => {
    expect(isTrustedFrame(frame, fileRenderer)).toBe(false);
  });

  it('accepts the top frame on the dev server origin, any path', () => {
    expect(isTrustedFrame(top('http://localhost:5173/'), devRenderer)).toBe(true);
    expect(isTrustedFrame(top('http://localhost:5173/index.html#/x'), devRenderer)).toBe(true);
  });

  it.each([
    ['a subframe on the dev origin', sub('http://localhost:5173/')],
    ['another port', top('http://localhost:5174/')],
    ['another scheme', top('https://localhost:5173/')],
    ['another host', top('http://127.0.0.1:5173/')],
    ['a look-alike host', top('http://localhost:5173.evil.example/')],
    ['our file', top(pathToFileURL(RENDERER_FILE).href)],
    ['no frame', null],
  ])('rejects %s when the renderer is the dev server', (_what, frame) => {
    expect(isTrustedFrame(frame, devRenderer)).toBe(false);
  });
});

/** An ipcMain stand-in that keeps the registered listeners so a test can invoke them. */
function fakeIpcMain() {
  const handlers = new Map<
    string,
    (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>
  >();
  const registrations: string[] = [];
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      registrations.push(channel);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const invoke = (channel: string, frame: Frame, request: unknown) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame } as unknown as IpcMainInvokeEvent, request);
  };
  return { ipc, handlers, registrations, invoke };
}

function realDispatch() {
  const handlers = fakeHandlers({
    'app:info': vi.fn<Handlers['app:info']>(() =>
      Promise.resolve({
        version: '1',
        mode: 'desktop' as const,
        account: { kind: 'sandbox' as const, label: 'S', baseUrl: 'http://127.0.0.1:1' },
        dataDir: '/d',
      }),
    ),
    'domains:list': vi.fn<Handlers['domains:list']>(() =>
      Promise.resolve({ domains: [], source: 'live' as const, syncedAt: null }),
    ),
    'domains:add': vi.fn<Handlers['domains:add']>(() =>
      Promise.reject(new Error('not in this test')),
    ),
  });
  const dispatch = vi.fn(createDispatch(handlers, () => undefined));
  return { handlers, dispatch };
}

describe('bindIpc', () => {
  const trusted = (event: IpcMainInvokeEvent) => isTrustedFrame(event.senderFrame, fileRenderer);
  const ours = top(pathToFileURL(RENDERER_FILE).href);

  it('registers exactly the contract channels, once each, and unbinds them all', () => {
    const { ipc, handlers, registrations } = fakeIpcMain();
    const unbind = bindIpc(ipc, realDispatch().dispatch, trusted);
    expect([...registrations].sort()).toEqual([...CHANNELS].sort());
    expect(registrations).toHaveLength(CHANNELS.length);
    unbind();
    expect(handlers.size).toBe(0);
  });

  it('dispatches a trusted call on its own channel with its request', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const { dispatch, handlers } = realDispatch();
    bindIpc(ipc, dispatch, trusted);

    expect(await invoke('domains:list', ours, {})).toEqual({
      ok: true,
      value: { domains: [], source: 'live', syncedAt: null },
    });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('domains:list', {});
    expect(handlers['domains:list']).toHaveBeenCalledOnce();

    // Main parses again: a bad request from our own page still never reaches a handler.
    expect(await invoke('domains:add', ours, { name: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(handlers['domains:add']).not.toHaveBeenCalled();
  });

  it.each([
    ['a subframe', sub(pathToFileURL(RENDERER_FILE).href)],
    ['another page', top('https://evil.example/')],
    ['no frame', null],
  ])('answers forbidden_sender to %s without calling dispatch', async (_what, frame) => {
    const { ipc, invoke } = fakeIpcMain();
    const { dispatch, handlers } = realDispatch();
    bindIpc(ipc, dispatch, trusted);
    for (const channel of CHANNELS) {
      expect(await invoke(channel, frame, {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
    expect(dispatch).not.toHaveBeenCalled();
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });
});
