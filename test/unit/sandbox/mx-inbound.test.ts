import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/sandbox/store/inbound';
import { addVerifiedDomain, rawSmtp } from '../helpers/sandbox-smtp';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function mx(sb: TestSandbox) {
  const transport = nodemailer.createTransport({
    host: sb.sandbox.mx.host,
    port: sb.sandbox.mx.port,
    secure: false,
    ignoreTLS: true,
  });
  cleanup.add(() => transport.close());
  return transport;
}

async function conversations(sb: TestSandbox): Promise<InboundMessage[]> {
  const response = await sb.request('/v1/conversations');
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: InboundMessage[] }).messages;
}

describe('the MX listener (Conversations)', () => {
  it('stores mail to addresses on verified domains, with its headers and text decoded', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'inbox.example.com');
    const info = await mx(sb).sendMail({
      from: '"Zoë Client" <zoe@customer.example>',
      to: ['sales@inbox.example.com', 'Support@INBOX.example.com'],
      subject: 'Devis pour l’été ✓',
      text: 'Bonjour,\nun devis pour 40 postes ?\n— Zoë',
      html: '<p>Bonjour</p>',
    });
    expect(info.accepted).toHaveLength(2);

    const [message, ...rest] = await conversations(sb);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({
      domainId: domain.id,
      domain: 'inbox.example.com',
      mailFrom: 'zoe@customer.example',
      // nodemailer lowercases domains in the envelope; the From header is RFC 2047-encoded.
      to: ['sales@inbox.example.com', 'Support@inbox.example.com'],
      from: 'Zoë Client <zoe@customer.example>',
      subject: 'Devis pour l’été ✓',
      messageId: info.messageId,
    });
    expect(message?.text?.trim()).toBe('Bonjour,\nun devis pour 40 postes ?\n— Zoë');
    expect(message?.size).toBeGreaterThan(100);
    expect(message?.id).toMatch(/^in_/);
  });

  it('refuses recipients on other domains and on domains not verified; accepts the rest of the message', async () => {
    const sb = await startTestSandbox(cleanup);
    await addVerifiedDomain(sb, 'open.example.com');
    const pending = await sb.request('/v1/domains', { body: { name: 'pending.example.com' } });
    expect(pending.status).toBe(201);

    const info = await mx(sb).sendMail({
      from: 'x@elsewhere.example',
      to: ['a@open.example.com', 'b@pending.example.com', 'c@gmail.com'],
      subject: 'partly',
      text: 'x',
    });
    expect(info.accepted).toEqual(['a@open.example.com']);
    expect(info.rejected).toEqual(['b@pending.example.com', 'c@gmail.com']);

    const smtp = await rawSmtp(sb.sandbox.mx.host, sb.sandbox.mx.port);
    cleanup.add(() => smtp.quit());
    await smtp.send('EHLO test');
    await smtp.send('MAIL FROM:<x@elsewhere.example>');
    const relay = await smtp.send('RCPT TO:<c@gmail.com>');
    expect(relay.code).toBe(550);
    expect(relay.text).toContain('Relay denied');

    const messages = await conversations(sb);
    expect(messages.map((m) => m.to)).toEqual([['a@open.example.com']]);
  });

  it("lists only the account's own messages, newest first, and keeps no mailbox for SMTP users", async () => {
    const sb = await startTestSandbox(cleanup);
    await addVerifiedDomain(sb, 'one.example.com');
    await addVerifiedDomain(sb, 'two.example.com');
    const transport = mx(sb);
    await transport.sendMail({
      from: 'a@x.example',
      to: 'hi@one.example.com',
      subject: 'first',
      text: '1',
    });
    await transport.sendMail({
      from: 'b@x.example',
      to: 'hi@two.example.com',
      subject: 'second',
      text: '2',
    });
    const messages = await conversations(sb);
    expect(messages.map((m) => m.subject)).toEqual(['second', 'first']);

    // AUTH is not offered on the MX.
    const smtp = await rawSmtp(sb.sandbox.mx.host, sb.sandbox.mx.port);
    cleanup.add(() => smtp.quit());
    expect((await smtp.send('EHLO test')).text).not.toMatch(/AUTH/);
    expect((await smtp.send('AUTH PLAIN AGFAYg==')).code).toBeGreaterThanOrEqual(500);

    const other = await startTestSandbox(cleanup);
    expect(await conversations(other)).toEqual([]);
  });
});
