import { afterEach, describe, expect, it } from 'vitest';
import { rawSmtp, type SmtpReply } from '../helpers/sandbox-smtp';
import { startSmtpListener } from '../helpers/smtp-listener';
import { createCleanup } from '../helpers/temp-dir';

// What real clients found in the replies: ENHANCEDSTATUSCODES is advertised and every reply carries
// exactly one enhanced status code (RFC 2034 §3: all 2xx, 4xx and 5xx replies but the greeting and
// the answers to HELO/EHLO), the SMTP library's own replies included; the MX takes <postmaster>.

const cleanup = createCleanup();
afterEach(() => cleanup.run());

type Client = Awaited<ReturnType<typeof rawSmtp>>;

/** Each line starts with the code, then one enhanced code of the same class, then text. */
function expectOneEnhancedCode(reply: SmtpReply): void {
  for (const line of reply.lines) {
    const match = /^(\d)\d\d[ -]([245])\.\d{1,3}\.\d{1,3} (.*)$/.exec(line);
    expect(match, line).not.toBeNull();
    expect(match?.[2], line).toBe(match?.[1]);
    expect(match?.[3], line).not.toMatch(/^[245]\.\d{1,3}\.\d{1,3}( |$)/);
  }
}

async function client(host: string, port: number): Promise<Client> {
  const c = await rawSmtp(host, port);
  cleanup.add(() => c.socket.destroy());
  return c;
}

describe('submission', () => {
  it('advertises ENHANCEDSTATUSCODES and puts one code in every reply, its own and the library’s', async () => {
    const l = await startSmtpListener(cleanup, {});
    const c = await client(l.host, l.port);
    expect(c.greeting.code).toBe(220);
    const ehlo = await c.send('EHLO replies.test');
    expect(ehlo.lines.map((line) => line.slice(4))).toContain('ENHANCEDSTATUSCODES');

    const plain = (user: string, pass: string) =>
      `AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`;
    const steps: [string, number][] = [
      ['NOOP', 250],
      ['HELP', 214],
      ['VRFY someone@example.org', 252],
      ['RSET', 250],
      ['XYZZY', 500],
      [`MAIL FROM:<${l.login}>`, 530],
      ['AUTH CRAM-MD5', 504],
      [plain(l.login, 'wrong password'), 535],
      [plain(l.login, l.password), 235],
      [plain(l.login, l.password), 503],
      ['RCPT TO:<someone@example.org>', 503],
      ['MAIL FROM:<someone@elsewhere.test>', 550],
      ['MAIL FROM:not-an-address', 501],
      [`MAIL FROM:<${l.login}>`, 250],
      [`MAIL FROM:<${l.login}>`, 503],
      ['RCPT TO:<someone@example.org>', 250],
      ['STARTTLS now', 501],
    ];
    for (const [command, code] of steps) {
      const reply = await c.send(command);
      expect(reply.code, `${command} → ${reply.text}`).toBe(code);
      expectOneEnhancedCode(reply);
    }
    // The library's own 530 had no code before: now the sandbox's words and 5.7.0.
    const accepted = await c.data('Subject: codes\r\n\r\nhello');
    expect(accepted.text).toMatch(/^250 2\.6\.0 Message accepted as msg_/);
    const bye = await c.send('QUIT');
    expect(bye.text).toMatch(/^221 2\.0\.0 /);
  });

  it('says 530 5.7.0 for mail before AUTH, in its own words', async () => {
    const l = await startSmtpListener(cleanup, {});
    const c = await client(l.host, l.port);
    await c.send('EHLO replies.test');
    expect((await c.send(`MAIL FROM:<${l.login}>`)).text).toBe('530 5.7.0 Authentication required');
  });

  it('turns away a client over the session limit with 421 4.7.0', async () => {
    const l = await startSmtpListener(cleanup, { limits: { maxClients: 1 } });
    const first = await client(l.host, l.port);
    const second = await client(l.host, l.port);
    expect(first.greeting.code).toBe(220);
    expect(second.greeting.text).toMatch(/^421 4\.7\.0 \S+ Too many connected clients/);
  });
});

describe('MX', () => {
  it('accepts RCPT TO:<postmaster> in any case; its mail goes to the log, not to an account', async () => {
    const logged: string[] = [];
    const l = await startSmtpListener(cleanup, { kind: 'mx', log: (line) => logged.push(line) });
    const c = await client(l.host, l.port);
    const ehlo = await c.send('EHLO mta.example.org');
    expect(ehlo.lines.map((line) => line.slice(4))).toContain('ENHANCEDSTATUSCODES');
    expect((await c.send('MAIL FROM:<bounce@example.org>')).text).toBe('250 2.1.0 Accepted');
    for (const rcpt of ['<postmaster>', '<Postmaster>', '<POSTMASTER>']) {
      const reply = await c.send(`RCPT TO:${rcpt}`);
      expect(reply.text).toBe('250 2.1.5 Accepted');
    }
    const refused = await c.send('RCPT TO:<someone@not-here.test>');
    expect(refused.text).toMatch(/^550 5\.7\.1 Relay denied: not-here\.test /);
    const done = await c.data('From: bounce@example.org\r\nSubject: abuse report\r\n\r\nhello');
    expect(done.text).toBe('250 2.6.0 Message received');
    expect(logged).toEqual([
      'sandbox smtp mx: mail for the postmaster from <bounce@example.org>, 58 bytes, subject "abuse report"',
    ]);
    expect(l.stored()).toBe(0);
    await c.quit();
  });

  it('answers AUTH, which it does not offer, with a coded 500 (not 538: nothing to log in to)', async () => {
    const l = await startSmtpListener(cleanup, { kind: 'mx' });
    const c = await client(l.host, l.port);
    await c.send('EHLO mta.example.org');
    const reply = await c.send('AUTH PLAIN AGFAYg==');
    expect(reply.code).toBe(500);
    expectOneEnhancedCode(reply);
  });
});
