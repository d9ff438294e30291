import { buildApi, type KyriosApi } from '../../shared/api';
import type { Channel, EventName } from '../../shared/contract';
import type { Result } from '../../shared/errors';

const TOKEN_KEY = 'kyrios-desk-token';

/**
 * The session token arrives once in the address (`/?token=…`); it is kept for this tab only and
 * removed from the address bar, so it does not end up in history, bookmarks or screenshots.
 */
export function takeToken(location: Location, storage: Storage, history: History): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? '';
}

type Listener = (payload: unknown) => void;

/**
 * `window.kyrios` for browser mode: the same contract over the loopback HTTP binding, pushes over
 * server-sent events read with fetch (EventSource cannot send the token header).
 */
export function createHttpApi(
  token: string,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
): KyriosApi {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  async function call(channel: Channel, request: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetchImpl(`/api/${channel.replace(':', '/')}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      return disconnected();
    }
    try {
      return (await response.json()) as Result<unknown>;
    } catch {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Kyrios Desk answered ${response.status} without a result.`,
        },
      };
    }
  }

  const listeners = new Map<EventName, Set<Listener>>();
  let streaming = false;

  async function stream(): Promise<void> {
    let backoff = 500;
    for (;;) {
      try {
        const response = await fetchImpl('/api/events', {
          headers: { authorization: headers.authorization },
        });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        backoff = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            deliver(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Reconnect below: the server restarts with the app, or the machine slept.
      }
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  function deliver(block: string): void {
    let name = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!name || !data) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    listeners.get(name as EventName)?.forEach((listener) => listener(payload));
  }

  function subscribe(name: EventName, listener: Listener): () => void {
    const set = listeners.get(name) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(name, set);
    if (!streaming) {
      streaming = true;
      void stream();
    }
    return () => set.delete(listener);
  }

  return buildApi(call, subscribe);
}

function disconnected(): { ok: false; error: { code: 'disconnected'; message: string } } {
  return {
    ok: false,
    error: {
      code: 'disconnected',
      message: 'Lost contact with Kyrios Desk: is it still running? Start it again and reload.',
    },
  };
}
