import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { TLS_CERT_FILE, TLS_KEY_FILE } from '../../../src/sandbox/smtp/certificate';
import {
  accountId,
  addVerifiedDomain,
  createSmtpUser,
  rawSmtp,
  sandboxCertificate,
} from '../helpers/sandbox-smtp';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function sandboxWithUser(options: Parameters<typeof startTestSandbox>[2] = {}) {
  const sb = await startTestSandbox(cleanup, undefined, options);
  const domain = await addVerifiedDomain(sb, 'send.example.com');
  const created = await createSmtpUser(sb, domain.id, 'alice');
  return { sb, domain, ...created, login: created.user.login };
}

function transport(sb: TestSandbox, user: string, pass: string, extra: object = {}) {
  const t = nodemailer.createTransport({
    host: sb.sandbox.smtp.host,
    port: sb.sandbox.smtp.port,
    secure: false,
    auth: { user, pass },
    tls: { ca: sandboxCertificate(sb), servername: 'localhost' },
    ...extra,
  });
  cleanup.add(() => t.close());
  return t;
}

async function sendError(
  promise: Promise<unknown>,
): Promise<{ code?: string; responseCode?: number; command?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as { code?: string; responseCode?: number; command?: string };
}

function sentToday(sb: TestSandbox, account: string): number {
  return sb.sandbox.store.sending.sentOn(account, new Date().toISOString().slice(0, 10));
}

describe('AUTH', () => {
  it.each(['PLAIN', 'LOGIN'])(
    'accepts an SMTP user with AUTH %s and counts each recipient',
    async (method) => {
      const { sb, login, password } = await sandboxWithUser();
      const info = await transport(sb, login, password, { authMethod: method }).sendMail({
        from: login,
        to: ['a@example.org', 'b@example.org'],
        cc: 'c@example.org',
        subject: 'Hello',
        text: 'Hi',
      });
      expect(info.accepted).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
      expect(info.response).toMatch(/^250 .*Message accepted as msg_/);
      expect(sentToday(sb, await accountId(sb))).toBe(3);
    },
  );

  it('refuses a wrong password, an unknown login and a deleted login with 535', async () => {
    const { sb, domain, user, login, password } = await sandboxWithUser();
    for (const [u, p] of [
      [login, `${password}x`],
      ['nobody@send.example.com', password],
      [login.toUpperCase(), 'wrong-password'],
    ] as const) {
      const error = await sendError(
        transport(sb, u, p).sendMail({ from: login, to: 'a@example.org', text: 'x' }),
      );
      expect(error.code).toBe('EAUTH');
      expect(error.responseCode).toBe(535);
    }
    // Logins are case-insensitive at AUTH.
    await transport(sb, login.toUpperCase(), password).sendMail({
      from: login,
      to: 'a@example.org',
      text: 'x',
    });

    await sb.request(`/v1/domains/${domain.id}/smtp-users/${user.id}`, { method: 'DELETE' });
    const error = await sendError(
      transport(sb, login, password).sendMail({ from: login, to: 'a@example.org', text: 'x' }),
    );
    expect(error.responseCode).toBe(535);
  });

  it('takes the new password after a reset, and refuses the old one', async () => {
    const { sb, domain, user, login, password } = await sandboxWithUser();
    const reset = await sb.request(`/v1/domains/${domain.id}/smtp-users/${user.id}/password`, {
      method: 'PUT',
      body: { password: 'brand-new-secret-1' },
    });
    expect(reset.status).toBe(204);
    expect(
      (
        await sendError(
          transport(sb, login, password).sendMail({ from: login, to: 'a@x.org', text: 'x' }),
        )
      ).responseCode,
    ).toBe(535);
    await transport(sb, login, 'brand-new-secret-1').sendMail({
      from: login,
      to: 'a@x.org',
      text: 'x',
    });
  });
});

describe('MAIL FROM', () => {
  it("refuses a sender that is not on the user's own domain with 550", async () => {
    const { sb, login, password } = await sandboxWithUser();
    const other = await addVerifiedDomain(sb, 'other.example.com');
    const t = transport(sb, login, password);
    for (const from of [
      'someone@gmail.com',
      'alice@other.example.com',
      `alice@sub.send.example.com`,
    ]) {
      const error = await sendError(t.sendMail({ from, to: 'a@example.org', text: 'x' }));
      expect(error.responseCode).toBe(550);
      expect(error.command).toMatch(/MAIL FROM/i);
    }
    expect(other.status).toBe('verified');
    // Any address on the domain is fine, not only the login's own.
    await t.sendMail({ from: 'newsletter@SEND.example.com', to: 'a@example.org', text: 'x' });
    expect(sentToday(sb, await accountId(sb))).toBe(1);
  });

  it('needs AUTH first', async () => {
    const { sb } = await sandboxWithUser();
    const smtp = await rawSmtp(sb.sandbox.smtp.host, sb.sandbox.smtp.port);
    cleanup.add(() => smtp.quit());
    await smtp.send('EHLO test');
    expect((await smtp.send('MAIL FROM:<alice@send.example.com>')).code).toBe(530);
  });
});

describe('a login deleted during a session', () => {
  it('completes the message whose recipients were accepted, then refuses new recipients and messages', async () => {
    const { sb, domain, user, login, password } = await sandboxWithUser();
    const account = await accountId(sb);
    const smtp = await rawSmtp(sb.sandbox.smtp.host, sb.sandbox.smtp.port);
    cleanup.add(() => smtp.quit());
    expect((await smtp.send('EHLO test')).code).toBe(250);
    expect((await smtp.authPlain(login, password)).code).toBe(235);
    expect((await smtp.send(`MAIL FROM:<${login}>`)).code).toBe(250);
    expect((await smtp.send('RCPT TO:<one@example.org>')).code).toBe(250);

    const deleted = await sb.request(`/v1/domains/${domain.id}/smtp-users/${user.id}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);

    const refused = await smtp.send('RCPT TO:<two@example.org>');
    expect(refused.code).toBe(550);
    expect(refused.text).toContain('deleted');
    const data = await smtp.data(
      `From: ${login}\nTo: one@example.org\nSubject: last\n\nstill delivered\n`,
    );
    expect(data.code).toBe(250);
    expect((await smtp.send(`MAIL FROM:<${login}>`)).code).toBe(550);
    expect(sentToday(sb, account)).toBe(1);

    const stored = sb.sandbox.store.db
      .prepare('SELECT recipients FROM outbound_messages WHERE smtp_user_id = ?')
      .all(user.id) as { recipients: string }[];
    expect(stored.map((m) => JSON.parse(m.recipients) as string[])).toEqual([['one@example.org']]);
  });
});

describe('message size', () => {
  const limit = 8 * 1024;

  it('refuses a message over the limit with 552 on its real size, and gives its recipients back', async () => {
    const { sb, login, password } = await sandboxWithUser({ maxMessageBytes: limit });
    const account = await accountId(sb);
    const smtp = await rawSmtp(sb.sandbox.smtp.host, sb.sandbox.smtp.port);
    cleanup.add(() => smtp.quit());
    const ehlo = await smtp.send('EHLO test');
    expect(ehlo.text).toContain(`SIZE ${limit}`);
    await smtp.authPlain(login, password);
    // No SIZE parameter: only the real size can tell.
    expect((await smtp.send(`MAIL FROM:<${login}>`)).code).toBe(250);
    expect((await smtp.send('RCPT TO:<a@example.org>')).code).toBe(250);
    expect((await smtp.send('RCPT TO:<b@example.org>')).code).toBe(250);
    expect(sentToday(sb, account)).toBe(2);
    const big = await smtp.data(`Subject: big\n\n${'x'.repeat(100)}\n`.repeat(100));
    expect(big.code).toBe(552);
    expect(sentToday(sb, account)).toBe(0);

    // The session goes on: a message under the limit is accepted.
    expect((await smtp.send(`MAIL FROM:<${login}>`)).code).toBe(250);
    expect((await smtp.send('RCPT TO:<a@example.org>')).code).toBe(250);
    expect((await smtp.data('Subject: small\n\nok\n')).code).toBe(250);
    expect(sentToday(sb, account)).toBe(1);
  });

  it('refuses an announced SIZE over the limit at MAIL FROM, and nodemailer reports 552', async () => {
    const { sb, login, password } = await sandboxWithUser({ maxMessageBytes: limit });
    const smtp = await rawSmtp(sb.sandbox.smtp.host, sb.sandbox.smtp.port);
    cleanup.add(() => smtp.quit());
    await smtp.send('EHLO test');
    await smtp.authPlain(login, password);
    expect((await smtp.send(`MAIL FROM:<${login}> SIZE=${limit + 1}`)).code).toBe(552);

    const error = await sendError(
      transport(sb, login, password).sendMail({
        from: login,
        to: 'a@example.org',
        text: 'y'.repeat(limit * 2),
      }),
    );
    expect(error.responseCode).toBe(552);
    expect(sentToday(sb, await accountId(sb))).toBe(0);
  });

  it('gives back the recipients of a message abandoned with RSET or a dropped connection', async () => {
    const { sb, login, password } = await sandboxWithUser();
    const account = await accountId(sb);
    const smtp = await rawSmtp(sb.sandbox.smtp.host, sb.sandbox.smtp.port);
    await smtp.send('EHLO test');
    await smtp.authPlain(login, password);
    await smtp.send(`MAIL FROM:<${login}>`);
    await smtp.send('RCPT TO:<a@example.org>');
    // The same recipient twice is one email.
    await smtp.send('RCPT TO:<A@example.org>');
    expect(sentToday(sb, account)).toBe(1);
    expect((await smtp.send('RSET')).code).toBe(250);
    await smtp.send(`MAIL FROM:<${login}>`);
    expect(sentToday(sb, account)).toBe(0);
    await smtp.send('RCPT TO:<b@example.org>');
    expect(sentToday(sb, account)).toBe(1);
    const closed = new Promise((resolve) => smtp.socket.once('close', resolve));
    smtp.socket.destroy();
    await closed;
    // The server sees the close on its own schedule: wait for its accounting, not for time.
    await expect.poll(() => sentToday(sb, account)).toBe(0);
  });
});

describe('STARTTLS', () => {
  it('upgrades with the certificate made on first start and kept in the data folder', async () => {
    const { sb, login, password } = await sandboxWithUser();
    const certPem = readFileSync(join(sb.dataDir, TLS_CERT_FILE), 'utf8');
    const cert = new X509Certificate(certPem);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');

    const info = await transport(sb, login, password, { requireTLS: true }).sendMail({
      from: login,
      to: 'a@example.org',
      text: 'over TLS',
    });
    expect(info.accepted).toEqual(['a@example.org']);

    // The same certificate after a restart on the same folder, served on STARTTLS.
    await sb.sandbox.close();
    const again = await startTestSandbox(cleanup, sb.dataDir);
    expect(readFileSync(join(again.dataDir, TLS_CERT_FILE), 'utf8')).toBe(certPem);
    const smtp = await rawSmtp(again.sandbox.smtp.host, again.sandbox.smtp.port);
    expect((await smtp.send('EHLO test')).text).toContain('STARTTLS');
    expect((await smtp.send('STARTTLS')).code).toBe(220);
    const secure = tlsConnect({ socket: smtp.socket, ca: certPem, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    expect(secure.authorized).toBe(true);
    expect(secure.getPeerX509Certificate()?.fingerprint256).toBe(cert.fingerprint256);
    secure.destroy();
  });

  it('keeps the private key readable by its owner only', async () => {
    const temp = makeTempDir('kyrios-sandbox-');
    cleanup.add(() => temp.remove());
    const sb = await startTestSandbox(cleanup, temp.dir);
    expect(statSync(join(sb.dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
  });
});
