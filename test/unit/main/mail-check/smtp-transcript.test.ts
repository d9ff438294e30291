import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitWithTranscript } from '../../../../src/main/mail-check/smtp-transcript';
import {
  addVerifiedDomain,
  createSmtpUser,
  sandboxCertificate,
  type CreatedUser,
} from '../../helpers/sandbox-smtp';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox';
import { createCleanup } from '../../helpers/temp-dir';

// The test send's SMTP client against a real sandbox: each step with its reply, STARTTLS and AUTH
// required, the password never in the transcript, and each way of failing shown where it failed.
const cleanup = createCleanup();
let sb: TestSandbox;
let alice: CreatedUser;
const message = Buffer.from(
  'From: alice@send.test\r\nTo: friend@elsewhere.example\r\nSubject: t\r\n\r\nhello\r\n',
);

beforeAll(async () => {
  sb = await startTestSandbox(cleanup);
  const domain = await addVerifiedDomain(sb, 'send.test');
  alice = await createSmtpUser(sb, domain.id, 'alice');
});
afterAll(() => cleanup.run());

const target = () => ({
  host: sb.sandbox.smtp.host,
  port: sb.sandbox.smtp.port,
  ca: sandboxCertificate(sb),
});

const send = (password: string, to = 'friend@elsewhere.example') =>
  submitWithTranscript(target(), {
    login: alice.user.login,
    password,
    from: alice.user.login,
    to,
    message,
  });

describe('submitWithTranscript', () => {
  it('records every step with its reply, through STARTTLS and AUTH, to QUIT', async () => {
    const outcome = await send(alice.password);
    expect(outcome.accepted).toBe(true);
    expect(outcome.error).toBeNull();
    expect(outcome.response).toMatch(/^250 .*Message accepted as msg_/);
    const steps = outcome.transcript.map((s) => [
      s.command.split(' ')[0],
      s.reply?.code ?? null,
      s.ok,
    ]);
    expect(steps).toEqual([
      ['connect', 220, true],
      ['EHLO', 250, true],
      ['STARTTLS', 220, true],
      ['TLS', null, true],
      ['EHLO', 250, true],
      ['AUTH', 235, true],
      ['MAIL', 250, true],
      ['RCPT', 250, true],
      ['DATA', 354, true],
      ['the', 250, true],
      ['QUIT', 221, true],
    ]);
    expect(outcome.transcript[0]?.command).toBe(
      `connect to ${sb.sandbox.smtp.host}:${sb.sandbox.smtp.port}`,
    );
    expect(outcome.transcript[5]?.command).toBe(
      'AUTH PLAIN (the login alice@send.test and its password, base64; the password not shown)',
    );
    expect(outcome.transcript[9]?.command).toBe(
      `the message (${message.length} bytes), then <CRLF>.<CRLF>`,
    );
    const text = JSON.stringify(outcome.transcript);
    expect(text).not.toContain(alice.password);
    expect(text).not.toContain(Buffer.from(alice.password).toString('base64'));
  });

  it('AUTH LOGIN shows the login and hides the password', async () => {
    const outcome = await submitWithTranscript(
      { ...target(), authMethod: 'LOGIN' },
      {
        login: alice.user.login,
        password: alice.password,
        from: alice.user.login,
        to: 'x@y.test',
        message,
      },
    );
    expect(outcome.accepted).toBe(true);
    const i = outcome.transcript.findIndex((s) => s.command === 'AUTH LOGIN');
    expect(outcome.transcript.slice(i, i + 3).map((s) => [s.command, s.reply?.code])).toEqual([
      ['AUTH LOGIN', 334],
      [
        `${Buffer.from(alice.user.login).toString('base64')} (the login alice@send.test, base64)`,
        334,
      ],
      ['(the password, base64; not shown)', 235],
    ]);
    expect(JSON.stringify(outcome.transcript)).not.toContain(alice.password);
  });

  it('a wrong password: AUTH fails with its reply, and the password is nowhere', async () => {
    const outcome = await send('wrong-password-here');
    expect(outcome.accepted).toBe(false);
    expect(outcome.error?.code).toBe('smtp_auth_failed');
    const auth = outcome.transcript.find((s) => s.command.startsWith('AUTH'));
    expect(auth).toMatchObject({ ok: false, reply: { code: 535 } });
    expect(auth?.reply?.text).toMatch(/535 5\.7\.8 Authentication credentials invalid/);
    expect(JSON.stringify(outcome.transcript)).not.toContain('wrong-password-here');
  });

  it('a refused sender stops at MAIL FROM with its reply', async () => {
    // The sandbox refuses a sender that is not on the user's own domain.
    const outcome = await submitWithTranscript(target(), {
      login: alice.user.login,
      password: alice.password,
      from: 'someone@other.test',
      to: 'friend@elsewhere.example',
      message,
    });
    expect(outcome.accepted).toBe(false);
    expect(outcome.error?.code).toBe('smtp_refused');
    const mail = outcome.transcript.find((s) => s.command.startsWith('MAIL FROM'));
    expect(mail).toMatchObject({ command: 'MAIL FROM:<someone@other.test>', ok: false });
    expect(mail?.reply?.text).toMatch(
      /^550 5\.7\.1 Sender <someone@other\.test> is not on send\.test/,
    );
    // Pipelined: the commands sent with it get their own refusals, in order.
    const after = outcome.transcript.slice(outcome.transcript.indexOf(mail!) + 1);
    expect(after.map((s) => [s.command.split(':')[0], s.reply?.code, s.ok])).toEqual([
      ['RCPT TO', 503, false],
      ['DATA', 503, false],
    ]);
  });

  it('a closed port: the connection step fails, with why', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const outcome = await submitWithTranscript(
      { host: '127.0.0.1', port, timeoutMs: 2000 },
      { login: 'a@b.test', password: 'x', from: 'a@b.test', to: 'c@d.test', message },
    );
    expect(outcome.accepted).toBe(false);
    expect(outcome.error?.code).toBe('smtp_connect_failed');
    expect(outcome.transcript.map((s) => [s.reply, s.ok])).toEqual([[null, false]]);
    expect(outcome.transcript[0]?.command).toMatch(
      new RegExp(`^connect to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });

  it('a certificate it cannot trust: stops after STARTTLS, before AUTH', async () => {
    const outcome = await submitWithTranscript(
      { host: sb.sandbox.smtp.host, port: sb.sandbox.smtp.port },
      {
        login: alice.user.login,
        password: alice.password,
        from: alice.user.login,
        to: 'x@y.test',
        message,
      },
    );
    expect(outcome.accepted).toBe(false);
    expect(outcome.error?.code).toMatch(/^smtp_(tls_failed|connect_failed)$/);
    expect(outcome.transcript.map((s) => s.command.split(' ')[0])).not.toContain('AUTH');
    expect(outcome.transcript.at(-1)?.ok).toBe(false);
    expect(outcome.transcript.at(-1)?.command).toMatch(/certificate/i);
  });
});
