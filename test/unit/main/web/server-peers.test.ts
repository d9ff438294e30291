import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../../src/main/app-core';
import { rawRequest } from '../../helpers/net';
import { rawPeer, type RawPeer } from '../../helpers/raw-peer';
import { createCleanup } from '../../helpers/temp-dir';
import { countedEvents, startTestCore, startTestWebServer } from '../../helpers/web';

// Browser mode's HTTP server against clients that misbehave: garbage, headers over the limit, a
// reset in the middle of a body, an event-stream client that vanishes while events are being
// pushed to it, stalled and half-open clients. The server runs in this process: an unhandled
// 'error' would fail the run. After each, a real API call still answers.

const cleanup = createCleanup();
let core: AppCore;
let counted: ReturnType<typeof countedEvents>;
let port: number;
let token: string;
beforeAll(async () => {
  core = await startTestCore(cleanup);
  counted = countedEvents(core);
  ({ port, token } = await startTestWebServer(cleanup, {
    dispatch: core.dispatch,
    events: counted.events,
  }));
});
afterAll(() => cleanup.run());

async function peer(): Promise<RawPeer> {
  const p = await rawPeer(port);
  cleanup.add(() => p.socket.destroy());
  return p;
}

async function stillServing(): Promise<void> {
  const response = await rawRequest(port, {
    method: 'POST',
    path: '/api/domains/list',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body)).toMatchObject({ ok: true });
}

describe('browser mode against misbehaving clients', () => {
  it('answers garbage bytes with 400 and closes', async () => {
    const p = await peer();
    p.socket.write(
      Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]),
    );
    await p.closed();
    expect(p.received()).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    await stillServing();
  });

  it('answers headers over the limit with 431', async () => {
    const p = await peer();
    p.socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`,
    );
    await p.closed();
    expect(p.received()).toMatch(/^HTTP\/1\.1 431 /);
    await stillServing();
  });

  it('serves on after a client resets in the middle of a request body', async () => {
    const p = await peer();
    p.socket.write(
      `POST /api/domains/add HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{"name": "half',
    );
    await stillServing();
    p.socket.resetAndDestroy();
    await stillServing();
    expect((await core.dispatch('domains:list', {})).ok).toBe(true);
  });

  it('keeps pushing to the others when an event-stream client vanishes mid-push', async () => {
    const subscribe = async () => {
      const p = await peer();
      p.socket.write(
        `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`,
      );
      await p.until(/: connected\n\n/);
      return p;
    };
    const gone = await subscribe();
    const stays = await subscribe();
    await counted.until(2);
    gone.socket.resetAndDestroy();
    // Pushed before the server has noticed: writes to a socket the peer reset.
    for (let i = 0; i < 50; i++) counted.events.emit('smtp:changed', { domainId: `d${i}` });
    await counted.until(1);
    counted.events.emit('smtp:changed', { domainId: 'after' });
    await stays.until(/data: \{"domainId":"after"\}/);
    expect(stays.received()).toContain('data: {"domainId":"d49"}');
    await stillServing();
  });

  it('serves others while one client stalls halfway through its headers, and answers a half-open one', async () => {
    const stalled = await peer();
    stalled.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    const halfOpen = await peer();
    halfOpen.socket.end(
      `POST /api/app/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    await halfOpen.closed();
    expect(halfOpen.received()).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*"ok":true/);
    await stillServing();
    expect(stalled.socket.destroyed).toBe(false);
  });
});
