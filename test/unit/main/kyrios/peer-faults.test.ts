import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKyriosClient } from '../../../../src/main/kyrios/client';
import { KyriosError } from '../../../../src/main/kyrios/kyrios-error';
import { createCleanup } from '../../helpers/temp-dir';

// The Kyrios client's sockets against a peer that is not an HTTP server at all, or a broken one:
// every call ends as an `offline` KyriosError, the connectivity says so, and nothing escapes as
// an unhandled 'error' event or rejection (which would fail this run). See client.test.ts and
// test/unit/faults/ for a service that is slow, resets, or answers the wrong thing over HTTP.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function peer(behave: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => behave(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.add(
    () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the Kyrios client against a peer that does not speak HTTP properly', () => {
  it.each([
    ['an SSH server', (s: Socket) => s.end('SSH-2.0-OpenSSH_9.2p1\r\n')],
    ['binary garbage, then silence', (s: Socket) => s.write(Buffer.from([0, 255, 1, 254, 13, 10]))],
    ['a reset on the first byte', (s: Socket) => s.resetAndDestroy()],
    [
      'headers that never end',
      (s: Socket) => s.write(`HTTP/1.1 200 OK\r\nX-Flood: ${'f'.repeat(200 * 1024)}`),
    ],
    [
      'a body shorter than its length, then a reset',
      (s: Socket) => {
        s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n{');
        s.resetAndDestroy();
      },
    ],
  ])('%s: offline, said so, nothing thrown elsewhere', async (_name, behave) => {
    const port = await peer(behave);
    const client = createKyriosClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'k',
      timeoutMs: 500,
      retry: { retries: 1, baseMs: 1, maxMs: 2 },
    });
    const error = await client.listDomains().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KyriosError);
    expect(error).toMatchObject({ code: 'offline' });
    expect(client.connectivity.get()).toMatchObject({ online: false });
  });

  it('a plain server where TLS was expected: offline', async () => {
    const port = await peer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const client = createKyriosClient({
      baseUrl: `https://127.0.0.1:${port}`,
      apiKey: 'k',
      timeoutMs: 500,
      retry: { retries: 0 },
    });
    const error = await client.getAccount().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'offline' });
    expect((error as Error).message).toMatch(/could not be reached/);
  });
});
