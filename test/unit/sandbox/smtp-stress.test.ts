import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SMTP_LIMITS } from '../../../src/sandbox/smtp/common';
import { rawSmtp, type SmtpReply } from '../helpers/sandbox-smtp';
import { startSmtpListener, type SmtpListener } from '../helpers/smtp-listener';
import { createCleanup } from '../helpers/temp-dir';

// The fast variant of the SMTP stress run (scripts/smtp-soak.ts is the long one): limits that
// refuse politely, and clients that vanish, idle or trickle leave no session and no count behind.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

type Client = Awaited<ReturnType<typeof rawSmtp>>;

/** A client past AUTH, MAIL FROM and one RCPT TO: one recipient is reserved on the daily count. */
async function inTransaction(l: SmtpListener): Promise<Client> {
  const c = await rawSmtp(l.host, l.port);
  cleanup.add(() => c.socket.destroy());
  expect(c.greeting.code).toBe(220);
  expect((await c.send('EHLO stress.test')).code).toBe(250);
  expect((await c.authPlain(l.login, l.password)).code).toBe(235);
  expect((await c.send(`MAIL FROM:<${l.login}>`)).code).toBe(250);
  expect((await c.send('RCPT TO:<someone@example.org>')).code).toBe(250);
  return c;
}

function closed(c: Client): Promise<void> {
  return c.socket.destroyed
    ? Promise.resolve()
    : new Promise((resolve) => c.socket.once('close', () => resolve()));
}

/** Whatever the server says before it closes the connection (null if it says nothing). */
async function lastWords(c: Client): Promise<SmtpReply | null> {
  return Promise.race([c.read(), closed(c).then(() => null)]);
}

describe('more clients than allowed', () => {
  it('has limits by default: sessions, idle time and session length are bounded', () => {
    expect(DEFAULT_SMTP_LIMITS.maxClients).toBeGreaterThan(0);
    expect(DEFAULT_SMTP_LIMITS.idleTimeoutMs).toBeLessThanOrEqual(5 * 60_000);
    expect(DEFAULT_SMTP_LIMITS.maxSessionMs).toBeGreaterThan(DEFAULT_SMTP_LIMITS.idleTimeoutMs);
  });

  it.each(['submission', 'mx'] as const)(
    '%s: the clients over the limit get 421 and are disconnected; the others keep working',
    async (kind) => {
      const l = await startSmtpListener(cleanup, { kind, limits: { maxClients: 4 } });
      const clients = await Promise.all(Array.from({ length: 12 }, () => rawSmtp(l.host, l.port)));
      for (const c of clients) cleanup.add(() => c.socket.destroy());
      const greeted = clients.filter((c) => c.greeting.code === 220);
      const refused = clients.filter((c) => c.greeting.code === 421);
      expect(greeted).toHaveLength(4);
      expect(refused).toHaveLength(8);
      for (const c of refused) {
        expect(c.greeting.text).toMatch(/Too many connected clients, try again in a moment/);
        await closed(c);
      }
      // The admitted sessions are unaffected, and a place freed is a place taken again.
      for (const c of greeted) expect((await c.send('NOOP')).code).toBe(250);
      await greeted[0]?.quit();
      const again = await rawSmtp(l.host, l.port);
      cleanup.add(() => again.socket.destroy());
      expect(again.greeting.code).toBe(220);
      await Promise.all([...greeted.slice(1), again].map((c) => c.quit()));
      await l.sockets.drained();
      expect(l.server.connections.size).toBe(0);
    },
  );
});

describe('clients that go away or stall leave nothing behind', () => {
  it('a client that resets the connection during DATA: no session, no message, its recipient given back', async () => {
    const l = await startSmtpListener(cleanup, {});
    const c = await inTransaction(l);
    expect(l.sentToday()).toBe(1);
    expect((await c.send('DATA')).code).toBe(354);
    c.socket.write('Subject: half\r\n\r\nhalf a message');
    c.socket.resetAndDestroy();
    await l.sockets.drained();
    expect(l.server.connections.size).toBe(0);
    expect(l.sentToday()).toBe(0);
    expect(l.stored()).toBe(0);
  });

  it('a client that idles (in DATA or between commands) is told 421 and disconnected at the idle timeout', async () => {
    const idleTimeoutMs = 300;
    const l = await startSmtpListener(cleanup, { limits: { idleTimeoutMs } });
    const inData = await inTransaction(l);
    expect((await inData.send('DATA')).code).toBe(354);
    inData.socket.write('Subject: slow\r\n\r\nstarted, then nothing');
    const between = await rawSmtp(l.host, l.port);
    cleanup.add(() => between.socket.destroy());
    const started = performance.now();
    const [a, b] = await Promise.all([lastWords(inData), lastWords(between)]);
    const elapsed = performance.now() - started;
    expect(a?.code).toBe(421);
    expect(b?.code).toBe(421);
    expect(a?.text).toMatch(/Timeout/);
    expect(elapsed).toBeGreaterThanOrEqual(idleTimeoutMs - 50);
    expect(elapsed).toBeLessThan(idleTimeoutMs + 5_000);
    await l.sockets.drained();
    expect(l.server.connections.size).toBe(0);
    expect(l.sentToday()).toBe(0);
    expect(l.stored()).toBe(0);
  });

  it('a client that trickles a byte at a time within the idle timeout is cut at the session limit', async () => {
    const maxSessionMs = 1_000;
    const l = await startSmtpListener(cleanup, {
      limits: { idleTimeoutMs: 400, maxSessionMs },
    });
    const c = await inTransaction(l);
    expect((await c.send('DATA')).code).toBe(354);
    const started = performance.now();
    // Each byte resets the idle timer: without a session limit this could go on for ever.
    const drip = setInterval(() => {
      if (!c.socket.destroyed) c.socket.write('x');
    }, 50);
    cleanup.add(() => clearInterval(drip));
    await closed(c);
    clearInterval(drip);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(maxSessionMs - 300);
    expect(elapsed).toBeLessThan(maxSessionMs + 5_000);
    await l.sockets.drained();
    expect(l.server.connections.size).toBe(0);
    expect(l.sentToday()).toBe(0);
    expect(l.stored()).toBe(0);
  });

  it('oversized messages among normal ones: 552 for each, the others accepted and counted exactly', async () => {
    const maxMessageBytes = 8 * 1024;
    const l = await startSmtpListener(cleanup, { maxMessageBytes });
    const sessions = await Promise.all(Array.from({ length: 6 }, () => inTransaction(l)));
    const replies = await Promise.all(
      sessions.map((c, i) =>
        c.data(`Subject: m${i}\r\n\r\n${'y'.repeat(i % 2 === 0 ? maxMessageBytes * 2 : 100)}`),
      ),
    );
    expect(replies.map((r) => r.code)).toEqual([552, 250, 552, 250, 552, 250]);
    expect(replies[0]?.text).toMatch(/exceeds the maximum size of 8192 bytes/);
    // The refused sessions carry on: the next message goes through.
    const retry = sessions[0];
    if (!retry) throw new Error('no session');
    expect((await retry.send(`MAIL FROM:<${l.login}>`)).code).toBe(250);
    expect((await retry.send('RCPT TO:<again@example.org>')).code).toBe(250);
    expect((await retry.data('Subject: small\r\n\r\nfits')).code).toBe(250);
    await Promise.all(sessions.map((c) => c.quit()));
    await l.sockets.drained();
    expect(l.server.connections.size).toBe(0);
    expect(l.stored()).toBe(4);
    expect(l.sentToday()).toBe(4);
  });
});
