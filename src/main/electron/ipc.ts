import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS } from '../../shared/contract';
import type { Dispatch } from '../contract/dispatch';

/** The part of ipcMain the binding uses; tests pass their own. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/**
 * Only the app's own top-level page may call: the main frame of our window, showing our renderer
 * (the built file, or the dev server in development).
 */
export function isTrustedFrame(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null,
  renderer: { url: string } | { file: string },
): boolean {
  if (!frame || frame.parent !== null) return false;
  return isRendererUrl(frame.url, renderer);
}

/** Whether an address is our renderer's: the built file on this machine, or the dev server. */
export function isRendererUrl(
  address: string,
  renderer: { url: string } | { file: string },
): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if ('url' in renderer) return url.origin === new URL(renderer.url).origin;
  // Exactly our file on this machine: not any path that ends like it, nor one on another host.
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return false;
  try {
    return resolve(fileURLToPath(url)) === resolve(renderer.file);
  } catch {
    return false;
  }
}

/**
 * Binds every contract channel once through the dispatch wrapper. A call from any other frame is
 * answered with `forbidden_sender` and never reaches a handler. Returns an unbind function.
 */
export function bindIpc(
  ipc: IpcMainLike,
  dispatch: Dispatch,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const channel of CHANNELS) {
    ipc.handle(channel, async (event, request) => {
      if (!isTrusted(event)) {
        return {
          ok: false,
          error: { code: 'forbidden_sender', message: 'This caller may not use Kyrios Desk.' },
        };
      }
      return dispatch(channel, request);
    });
  }
  return () => CHANNELS.forEach((channel) => ipc.removeHandler(channel));
}
