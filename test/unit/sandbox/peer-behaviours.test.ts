import { once } from 'node:events';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokenSessionKind, ListenerName } from '../../../src/sandbox/smtp/session-guard';
import { rawPeer, type RawPeer } from '../helpers/raw-peer';
import { startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { createCleanup } from '../helpers/temp-dir';

// Everything a network peer may do to a session, against the sandbox in its own process as the
// app runs it: resets at every stage, a close in DATA, half-open, silent and trickling clients,
// garbage and binary bytes, overlong lines, TLS garbage and a reset mid-handshake; and against
// its HTTP API, the same kinds of abuse. After each: the same process answers /health, a normal
// authenticated send goes through, the session was logged (one line) and counted as its kind,
// and a recipient it had reserved is given back.

const IDLE_MS = 1_000;
const SESSION_MS = 3_000;
const cleanup = createCleanup();
let sb: SandboxProcess;
let pid: number | undefined;

beforeAll(async () => {
  sb = await startSandboxProcess(cleanup, {
    smtpLimits: { idleTimeoutMs: IDLE_MS, maxSessionMs: SESSION_MS },
  });
  pid = sb.sandbox.pid();
}, 60_000);
afterAll(() => cleanup.run());

const portOf = (listener: ListenerName) =>
  listener === 'submission' ? sb.sandbox.smtp.port : sb.sandbox.mx.port;
const plain = () =>
  `AUTH PLAIN ${Buffer.from(`\0${sb.sender.login}\0${sb.sender.password}`).toString('base64')}`;

/** A peer past EHLO; on submission also past AUTH, and with `transaction`, past MAIL and RCPT. */
async function peer(
  listener: ListenerName,
  upTo: 'greeting' | 'ehlo' | 'auth' | 'rcpt' = 'ehlo',
): Promise<RawPeer> {
  const p = await rawPeer(portOf(listener));
  cleanup.add(() => p.socket.destroy());
  await p.until(/^220 /m);
  if (upTo === 'greeting') return p;
  p.socket.write('EHLO peer.test\r\n');
  await p.until(/^250 /m);
  if (upTo === 'ehlo') return p;
  if (listener === 'submission') {
    p.socket.write(`${plain()}\r\n`);
    await p.until(/^235 /m);
  }
  if (upTo === 'auth') return p;
  const from = listener === 'submission' ? sb.sender.login : 'someone@outside.example.org';
  p.socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<someone@${sb.sender.domain}>\r\n`);
  await p.until(/^250 2\.1\.5 /m);
  return p;
}

/**
 * Call before the misbehaviour: resolves with the next broken-session line of that listener and
 * kind (or kinds) written after the call.
 */
function nextBroken(listener: ListenerName, ...kinds: BrokenSessionKind[]): Promise<string> {
  const pattern = new RegExp(
    `^sandbox smtp ${listener}: broken session from [^ ]+ \\((${kinds.join('|')}) `,
  );
  const before = sb.lines.filter((line) => pattern.test(line)).length;
  return sb.linesMatching(pattern, before + 1).then((lines) => lines[before] ?? '');
}

async function stillServing(): Promise<void> {
  expect(sb.sandbox.pid()).toBe(pid);
  expect(sb.sandbox.state().status).toBe('running');
  expect(await sb.health()).toBe(200);
  expect(await sb.send()).toMatch(/^250 2\.6\.0 /);
  expect(sb.lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
}

describe.each(['submission', 'mx'] as const)('%s: resets and closes', (listener) => {
  it.each([
    ['at the greeting', 'greeting', 'at the greeting'],
    ['after EHLO', 'ehlo', 'after EHLO'],
    ['after RCPT TO', 'rcpt', 'after RCPT TO'],
  ] as const)('a reset %s', async (_name, upTo, stage) => {
    const sent = await sb.sentToday();
    const p = await peer(listener, upTo);
    const line = nextBroken(listener, 'reset');
    p.socket.resetAndDestroy();
    expect(await line).toContain(`(reset ${stage}, `);
    // The recipient reserved on submission is given back (by the time the line is written).
    expect(await sb.sentToday()).toBe(sent);
    await stillServing();
  });

  it('a reset in DATA, and a close (FIN) in DATA: nothing stored, the recipient given back', async () => {
    for (const how of ['reset', 'close'] as const) {
      const sent = await sb.sentToday();
      const p = await peer(listener, 'rcpt');
      p.socket.write('DATA\r\n');
      await p.until(/^354 /m);
      p.socket.write('Subject: half\r\n\r\nhalf a message');
      // A reset is reported as one when the kernel tells the server about it before the close.
      const line = nextBroken(
        listener,
        ...(how === 'reset' ? (['reset', 'dropped'] as const) : (['dropped'] as const)),
      );
      if (how === 'reset') p.socket.resetAndDestroy();
      else p.socket.end();
      expect(await line).toContain(' in DATA, ');
      expect(await sb.sentToday()).toBe(sent);
    }
    await stillServing();
  });

  it('a reset right after a message was accepted: it stays accepted and counted', async () => {
    const sent = await sb.sentToday();
    const p = await peer(listener, 'rcpt');
    p.socket.write('DATA\r\n');
    await p.until(/^354 /m);
    p.socket.write('Subject: whole\r\n\r\na whole message\r\n.\r\n');
    await p.until(/^250 2\.6\.0 /m);
    const line = nextBroken(listener, 'reset');
    p.socket.resetAndDestroy();
    expect(await line).toContain(
      listener === 'submission' ? '(reset after AUTH, ' : '(reset after EHLO, ',
    );
    expect(await sb.sentToday()).toBe(listener === 'submission' ? sent + 1 : sent);
    await stillServing();
  });

  it('a half-open client (it shuts its side after RCPT TO): the session ends, nothing kept', async () => {
    const sent = await sb.sentToday();
    const p = await peer(listener, 'rcpt');
    const line = nextBroken(listener, 'dropped');
    p.socket.end();
    expect(await line).toContain('(dropped after RCPT TO, ');
    await p.closed();
    expect(await sb.sentToday()).toBe(sent);
    await stillServing();
  });
});

describe.each(['submission', 'mx'] as const)('%s: too little, too slow, too much', (listener) => {
  it('a silent client is told 421 4.4.2 at the idle timeout', async () => {
    const line = nextBroken(listener, 'timeout');
    const p = await peer(listener, 'greeting');
    await p.closed();
    expect(p.received()).toMatch(/^421 4\.4\.2 Timeout - closing connection\r$/m);
    expect(await line).toContain('(timeout at the greeting, ');
    await stillServing();
  });

  it('a client trickling a byte at a time is cut at the session limit, others served meanwhile', async () => {
    const line = nextBroken(listener, 'session_limit');
    const p = await peer(listener, 'rcpt');
    p.socket.write('DATA\r\n');
    await p.until(/^354 /m);
    // Each byte within the idle timeout: only the session limit ends it.
    const drip = setInterval(() => p.socket.write('x'), IDLE_MS / 5);
    cleanup.add(() => clearInterval(drip));
    await stillServing();
    await p.closed();
    clearInterval(drip);
    expect(await line).toContain('(session_limit in DATA, ');
  });

  it('garbage and binary bytes: 500s, then 421 after ten, the process unmoved', async () => {
    const line = nextBroken(listener, 'protocol');
    const p = await peer(listener, 'ehlo');
    const junk = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x80, 0x16, 0x03, 0x01, 0x7f]);
    for (let i = 0; i < 12; i++) p.socket.write(Buffer.concat([junk, Buffer.from(`${i}\r\n`)]));
    await p.closed();
    expect(p.received()).toMatch(/^500 5\.5\.2 Error: command not recognized\r$/m);
    expect(p.received()).toMatch(/^421 4\.4\.2 Error: too many unrecognized commands\r$/m);
    expect(await line).toContain('(protocol after EHLO, ');
    await stillServing();
  });

  it('an overlong line: 421 and the connection closed', async () => {
    const line = nextBroken(listener, 'protocol');
    const p = await peer(listener, 'ehlo');
    p.socket.write('NOOP '.padEnd(100_000, 'A'));
    await p.closed();
    expect(p.received()).toMatch(/^421 4\.4\.2 /m);
    expect(await line).toContain('(protocol after EHLO, ');
    await stillServing();
  });

  it('garbage instead of a TLS handshake after STARTTLS', async () => {
    const line = nextBroken(listener, 'tls_handshake');
    const p = await peer(listener, 'ehlo');
    p.socket.write('STARTTLS\r\n');
    await p.until(/^220 2\.0\.0 Ready to start TLS/m);
    p.socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await p.closed();
    expect(await line).toContain('(tls_handshake during STARTTLS, ');
    await stillServing();
  });

  it('a reset in the middle of the TLS handshake', async () => {
    const line = nextBroken(listener, 'tls_handshake');
    const p = await peer(listener, 'ehlo');
    p.socket.write('STARTTLS\r\n');
    await p.until(/^220 2\.0\.0 Ready to start TLS\r\n/m);
    const tls = tlsConnect({ socket: p.socket, rejectUnauthorized: false });
    tls.on('error', () => undefined);
    // Key material exists once the server's hello is in: the handshake is half done. Reset.
    await once(tls, 'keylog');
    p.socket.resetAndDestroy();
    expect(await line).toContain('(tls_handshake during STARTTLS, ');
    await stillServing();
  });
});

describe('the HTTP API', () => {
  const api = () => new URL(sb.sandbox.api);
  const httpPeer = async () => {
    const p = await rawPeer(Number(api().port));
    cleanup.add(() => p.socket.destroy());
    return p;
  };
  /** Call before: the next line about a broken request of that kind. */
  const nextHttpLine = (kind: string): Promise<string> => {
    const pattern = new RegExp(`^sandbox http: broken request from \\S+ \\(${kind}\\)`);
    const before = sb.lines.filter((l) => pattern.test(l)).length;
    return sb.linesMatching(pattern, before + 1).then((lines) => lines[before] ?? '');
  };

  it('answers garbage with 400 and closes', async () => {
    const line = nextHttpLine('malformed');
    const p = await httpPeer();
    p.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]));
    await p.closed();
    expect(p.received()).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(await line).toMatch(/ \(malformed\): HPE_/);
    await stillServing();
  });

  it('answers headers over the limit with 431', async () => {
    const line = nextHttpLine('header_overflow');
    const p = await httpPeer();
    p.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    await p.closed();
    expect(p.received()).toMatch(/^HTTP\/1\.1 431 /);
    expect(await line).toMatch(/: HPE_HEADER_OVERFLOW$/);
    await stillServing();
  });

  it('counts a client that resets in the middle of a request body, once, and serves on', async () => {
    const before = (await sb.sandbox.stats()).stats.http.broken.aborted;
    const line = nextHttpLine('aborted');
    const p = await httpPeer();
    p.socket.write(
      `POST /v1/domains HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${sb.sandbox.apiKey}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"name": "half',
    );
    // The request reached its handler's body parser: a GET on another connection answers after it.
    expect(await sb.health()).toBe(200);
    p.socket.resetAndDestroy();
    expect(await line).toMatch(/ \(aborted\): closed mid-request$/);
    await stillServing();
    expect((await sb.sandbox.stats()).stats.http.broken.aborted).toBe(before + 1);
  });

  it('serves others while a client sends half its headers and stalls, and a half-open one', async () => {
    const stalled = await httpPeer();
    stalled.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const halfOpen = await httpPeer();
    halfOpen.socket.end('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await halfOpen.closed();
    expect(halfOpen.received()).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\{"ok":true\}$/);
    await stillServing();
    expect(stalled.socket.destroyed).toBe(false);
  });
});
