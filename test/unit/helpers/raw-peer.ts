import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface RawPeer {
  socket: Socket;
  /** Everything received so far (latin1: bytes as they came). */
  received(): string;
  /** Resolves once what was received matches (already received counts). */
  until(pattern: RegExp): Promise<string>;
  /** Resolves when the connection is closed, whoever closed it. */
  closed(): Promise<void>;
}

/**
 * A bare TCP peer for misbehaving on purpose: bytes in any order, resets (RST), half-closes.
 * Its own socket errors (the resets it causes) are expected and ignored.
 */
export async function rawPeer(port: number, host = '127.0.0.1'): Promise<RawPeer> {
  const socket = connect(port, host);
  socket.on('error', () => undefined);
  let text = '';
  const waiters: { pattern: RegExp; resolve(text: string): void }[] = [];
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(text);
      }
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await once(socket, 'connect');
  return {
    socket,
    received: () => text,
    until(pattern) {
      if (pattern.test(text)) return Promise.resolve(text);
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    closed: () => closed,
  };
}
