import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decode, encode } from 'dns-packet';
import type { Packet } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { DnsClient, formatServer } from '../../../src/dns/index';
import { observe } from '../../../src/dns/observe';
import { startDnsFixture } from '../../fixtures/dns/index';

/**
 * A hand-driven UDP server: the test decides, per query, what to send back and from where, so
 * forged datagrams can reach the client's own port before the genuine answer.
 */
async function rawServer(
  onQuery: (query: Packet, from: RemoteInfo, socket: Socket) => Promise<void>,
) {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const handled: Promise<void>[] = [];
  socket.on('message', (msg, from) => handled.push(onQuery(decode(msg), from, socket)));
  return {
    server: { host: '127.0.0.1', port: socket.address().port },
    handled,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function sendTo(socket: Socket, buf: Buffer, to: RemoteInfo): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(buf, to.port, to.address, (err) => (err ? reject(err) : resolve())),
  );
}

function answer(query: Packet, value: string, over: Partial<Packet> = {}): Buffer {
  const q = query.questions?.[0];
  return encode({
    type: 'response',
    id: query.id ?? 0,
    flags: 1 << 10,
    questions: q ? [q] : [],
    answers: q ? [{ name: q.name, type: 'TXT', ttl: 60, data: value }] : [],
    ...over,
  });
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('forgery resistance', () => {
  it('ignores wrong ID, wrong question, wrong source port, QR=0 and a 0-byte datagram, then takes the genuine answer', async () => {
    const forger = createSocket('udp4');
    await new Promise<void>((resolve) => forger.bind(0, '127.0.0.1', () => resolve()));
    closers.push(() => new Promise<void>((resolve) => forger.close(() => resolve())));
    const raw = await rawServer(async (query, client, socket) => {
      const id = query.id ?? 0;
      // From another port, otherwise perfect: only the source gives it away.
      await sendTo(forger, answer(query, 'forged-source'), client);
      await sendTo(socket, answer(query, 'forged-id', { id: (id + 1) % 65536 }), client);
      await sendTo(
        socket,
        answer(query, 'forged-question', {
          questions: [{ name: 'evil.test', type: 'TXT', class: 'IN' }],
        }),
        client,
      );
      await sendTo(socket, answer(query, 'forged-qr', { type: 'query' }), client);
      await sendTo(socket, Buffer.alloc(0), client);
      await sendTo(socket, answer(query, 'x').subarray(0, 30), client);
      await sendTo(socket, answer(query, 'genuine'), client);
    });
    closers.push(raw.close);
    const client = new DnsClient({ timeoutMs: 1000, tries: 1 });
    const result = await client.query(raw.server, 'www.example.test', 'TXT', { recursion: false });
    await Promise.all(raw.handled);
    expect(result.rcode).toBe('NOERROR');
    expect(observe(result)?.rrs.map((r) => r.value)).toEqual(['genuine']);
    // Five seen and skipped; the one from another port never reached us: the socket is connected
    // to the server, so the kernel drops datagrams from any other source.
    expect(result.ignored).toBe(5);
  });

  it('accepts the question echoed in another letter case (0x20-style) but not another type', async () => {
    const raw = await rawServer(async (query, client, socket) => {
      const q = query.questions?.[0];
      await sendTo(
        socket,
        answer(query, 'mx?', {
          questions: [{ name: 'WWW.Example.TEST', type: 'MX', class: 'IN' }],
        }),
        client,
      );
      await sendTo(
        socket,
        answer(query, 'ok', {
          questions: [{ name: (q?.name ?? '').toUpperCase(), type: 'TXT', class: 'IN' }],
        }),
        client,
      );
    });
    closers.push(raw.close);
    const result = await new DnsClient({ timeoutMs: 1000, tries: 1 }).query(
      raw.server,
      'www.example.test',
      'TXT',
      { recursion: false },
    );
    expect(observe(result)?.rrs.map((r) => r.value)).toEqual(['ok']);
    expect(result.ignored).toBe(1);
  });

  it('uses a fresh socket and a fresh random ID on each try', async () => {
    const seen: { id: number; port: number }[] = [];
    const raw = await rawServer(async (query, client, socket) => {
      seen.push({ id: query.id ?? -1, port: client.port });
      if (seen.length === 2) await sendTo(socket, answer(query, 'second try'), client);
    });
    closers.push(raw.close);
    const result = await new DnsClient({ timeoutMs: 150, tries: 2 }).query(
      raw.server,
      'retry.test',
      'TXT',
      { recursion: true },
    );
    expect(observe(result)?.rrs[0]?.value).toBe('second try');
    expect(seen).toHaveLength(2);
    expect(seen[0]?.port).not.toBe(seen[1]?.port);
  });

  it('keeps waiting past forgeries until the timeout, and then reports TIMEOUT, not an answer', async () => {
    const raw = await rawServer(async (query, client, socket) => {
      await sendTo(socket, answer(query, 'nope', { id: ((query.id ?? 0) + 7) % 65536 }), client);
    });
    closers.push(raw.close);
    const result = await new DnsClient({ timeoutMs: 100, tries: 1 }).query(
      raw.server,
      'quiet.test',
      'TXT',
      { recursion: false },
    );
    expect([result.rcode, result.answers.length, result.ignored]).toEqual(['TIMEOUT', 0, 1]);
  });
});

describe('DnsClient', () => {
  it('retries a truncated answer over TCP and checks the TCP answer the same way', async () => {
    const f = await startDnsFixture({ zones: [{ origin: 'big.test' }] });
    closers.push(f.close);
    f.setRecords(
      'big.test',
      'TXT',
      Array.from({ length: 5 }, (_, i) => `v=${i}${'k'.repeat(300)}`),
    );
    const result = await new DnsClient({ timeoutMs: 500, tries: 1 }).query(f, 'big.test', 'TXT', {
      recursion: false,
    });
    expect(result.transport).toBe('tcp');
    expect(observe(result)?.rrs).toHaveLength(5);
    expect(f.queries.filter((q) => q.name === 'big.test').map((q) => q.transport)).toEqual([
      'udp',
      'tcp',
    ]);
  });

  it('sends RD only when recursion is wanted, and EDNS with 1232 bytes', async () => {
    const seen: Packet[] = [];
    const raw = await rawServer(async (query, client, socket) => {
      seen.push(query);
      await sendTo(socket, answer(query, 'v'), client);
    });
    closers.push(raw.close);
    const client = new DnsClient({ timeoutMs: 500, tries: 1 });
    await client.query(raw.server, 'a.test', 'TXT', { recursion: false });
    await client.query(raw.server, 'b.test', 'TXT', { recursion: true });
    expect(seen.map((p) => ((p.flags ?? 0) & 0x100) !== 0)).toEqual([false, true]);
    const opt = seen[0]?.additionals?.find((a) => a.type === 'OPT');
    expect(opt && opt.type === 'OPT' ? opt.udpPayloadSize : 0).toBe(1232);
  });

  it('asks again without EDNS when an old server answers FORMERR to the OPT record', async () => {
    const seen: boolean[] = [];
    const raw = await rawServer(async (query, client, socket) => {
      const withOpt = (query.additionals ?? []).some((a) => a.type === 'OPT');
      seen.push(withOpt);
      const reply = withOpt
        ? answer(query, 'x', { flags: (1 << 10) | 1, answers: [] })
        : answer(query, 'plain');
      await sendTo(socket, reply, client);
    });
    closers.push(raw.close);
    const result = await new DnsClient({ timeoutMs: 500, tries: 1 }).query(
      raw.server,
      'old.test',
      'TXT',
      {
        recursion: false,
      },
    );
    expect(seen).toEqual([true, false]);
    expect([result.rcode, observe(result)?.rrs[0]?.value]).toEqual(['NOERROR', 'plain']);
  });

  it('reports SERVFAIL and REFUSED as rcodes, and an abort as ABORTED', async () => {
    const f = await startDnsFixture({ zones: [{ origin: 'example.test' }] });
    closers.push(f.close);
    const client = new DnsClient({ timeoutMs: 500, tries: 1 });
    f.setBehaviour('*', 'servfail');
    expect((await client.query(f, 'example.test', 'TXT', { recursion: false })).rcode).toBe(
      'SERVFAIL',
    );
    f.setBehaviour('*', 'refused');
    expect((await client.query(f, 'example.test', 'TXT', { recursion: false })).rcode).toBe(
      'REFUSED',
    );
    f.setBehaviour('*', 'timeout');
    const controller = new AbortController();
    const pending = client.query(f, 'example.test', 'TXT', {
      recursion: false,
      signal: controller.signal,
    });
    controller.abort();
    expect((await pending).rcode).toBe('ABORTED');
  });

  it('bounds the queries in flight to one server', async () => {
    let inFlight = 0;
    let peak = 0;
    const raw = await rawServer(async (query, client, socket) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => setImmediate(resolve));
      inFlight--;
      await sendTo(socket, answer(query, 'v'), client);
    });
    closers.push(raw.close);
    const client = new DnsClient({ timeoutMs: 1000, tries: 1, maxPerServer: 3 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.query(raw.server, `n${i}.test`, 'TXT', { recursion: false }),
      ),
    );
    expect(results.every((r) => r.rcode === 'NOERROR')).toBe(true);
    expect(peak).toBeLessThanOrEqual(3);
  });
});

/** A port on 127.0.0.1 where nothing listens, over UDP and TCP. */
async function deadPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** UDP answers with TC set, so the client goes on over TCP to `tcp` on the same port. */
async function truncatingServer(tcp: (socket: NetSocket) => void, listenTcp = true) {
  const raw = await rawServer(async (query, client, socket) => {
    await sendTo(socket, answer(query, 'x', { flags: (1 << 10) | (1 << 9), answers: [] }), client);
  });
  closers.push(raw.close);
  if (listenTcp) {
    const open = new Set<NetSocket>();
    const server = createServer((socket) => {
      open.add(socket);
      socket.on('error', () => undefined);
      tcp(socket);
    });
    await new Promise<void>((resolve) => server.listen(raw.server.port, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of open) socket.destroy();
          server.close(() => resolve());
        }),
    );
  }
  return raw.server;
}

describe('socket errors are results, never exceptions', () => {
  it('an ICMP "port unreachable" ends the query at once as UNREACHABLE, without a second try', async () => {
    const server = { host: '127.0.0.1', port: await deadPort() };
    const result = await new DnsClient({ timeoutMs: 10_000, tries: 3 }).query(
      server,
      'nobody.test',
      'TXT',
      { recursion: false },
    );
    expect(result.rcode).toBe('UNREACHABLE');
    expect(result.error).toBe(
      `127.0.0.1:${server.port}: connection refused: nothing listens there`,
    );
  });

  it('a refused TCP connection after a truncated answer is UNREACHABLE over TCP', async () => {
    const server = await truncatingServer(() => undefined, false);
    const result = await new DnsClient({ timeoutMs: 10_000, tries: 2 }).query(
      server,
      'big.test',
      'TXT',
      { recursion: false },
    );
    expect([result.rcode, result.transport]).toEqual(['UNREACHABLE', 'tcp']);
    expect(result.error).toMatch(/over TCP \(the UDP answer was truncated\): connection refused/);
  });

  it('a TCP reset, and a TCP connection closed before the answer, are network errors', async () => {
    const reset = await truncatingServer((socket) => socket.resetAndDestroy());
    const closed = await truncatingServer((socket) => socket.end());
    const client = new DnsClient({ timeoutMs: 10_000, tries: 1 });
    const [a, b] = await Promise.all([
      client.query(reset, 'big.test', 'TXT', { recursion: false }),
      client.query(closed, 'big.test', 'TXT', { recursion: false }),
    ]);
    expect([a.rcode, a.error]).toEqual([
      'NETWORK_ERROR',
      `${formatServer(reset)}: over TCP (the UDP answer was truncated): connection reset`,
    ]);
    expect([b.rcode, b.error]).toEqual([
      'NETWORK_ERROR',
      `${formatServer(closed)}: over TCP (the UDP answer was truncated): connection closed before an answer`,
    ]);
  });

  it('a port Node refuses outright is a network error, not a throw', async () => {
    const result = await new DnsClient({ timeoutMs: 1000, tries: 2 }).query(
      { host: '127.0.0.1', port: 70_000 },
      'a.test',
      'TXT',
      { recursion: false },
    );
    expect(result.rcode).toBe('NETWORK_ERROR');
  });

  it('in a network namespace with no usable network (EADDRNOTAVAIL, ENETUNREACH) the process lives on', async () => {
    // A namespace of its own whose loopback is down: ::1 cannot be a source (EADDRNOTAVAIL) and
    // 127.0.0.1 has no route (ENETUNREACH). A socket error left unhandled would kill the child.
    const dir = await mkdtemp(join(tmpdir(), 'kyrios-netns-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const script = join(dir, 'ask.mts');
    const client = pathToFileURL(join(import.meta.dirname, '../../../src/dns/client.ts')).href;
    await writeFile(
      script,
      `import { DnsClient } from ${JSON.stringify(client)};
const client = new DnsClient({ timeoutMs: 2000, tries: 2 });
const ask = (host) => client.query({ host, port: 53 }, 'a.test', 'TXT', { recursion: false });
const results = await Promise.all([ask('::1'), ask('127.0.0.1')]);
process.stdout.write(JSON.stringify(results.map((r) => [r.rcode, r.error])));
`,
    );
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = spawn('unshare', ['-n', process.execPath, '--import', 'tsx', script], {
          cwd: join(import.meta.dirname, '../../..'),
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      ['NETWORK_ERROR', '[::1]:53: address not available from this computer'],
      ['UNREACHABLE', '127.0.0.1:53: network unreachable'],
    ]);
  });
});
