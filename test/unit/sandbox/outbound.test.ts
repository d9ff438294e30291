import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/shared/domain';
import { bounceAddress } from '../../../src/sandbox/smtp/outbound';
import { dkimpyVerify } from '../helpers/dkimpy';
import { startMailWorld, type MailWorld } from '../helpers/mail-world';
import { rawSmtp, sandboxCertificate, type CreatedUser } from '../helpers/sandbox-smtp';
import { createCleanup } from '../helpers/temp-dir';

// The sandbox sends like the service: every accepted message is signed with the domain's key
// (checked by dkimpy, which the project did not write, against the key published on a loopback
// DNS server), traced, given a return-path envelope sender, and delivered to Conversations or
// the outbox.
const cleanup = createCleanup();
let world: MailWorld;
let shop: Domain;
let alice: CreatedUser;

beforeAll(async () => {
  world = await startMailWorld(cleanup, ['shop.test', 'other.test']);
  shop = await world.addPublishedDomain('shop.test');
  alice = await world.createUser(shop, 'alice');
});
afterAll(() => cleanup.run());

function transport() {
  return nodemailer.createTransport({
    host: world.sb.sandbox.smtp.host,
    port: world.sb.sandbox.smtp.port,
    secure: false,
    requireTLS: true,
    auth: { user: alice.user.login, pass: alice.password },
    tls: { ca: sandboxCertificate(world.sb), servername: 'localhost' },
  });
}

interface OutboxEntry {
  id: string;
  mailFrom: string;
  to: string[];
  sentFrom: string;
  login: string;
  raw: string;
}

async function outboxMessage(id: string): Promise<OutboxEntry & { bytes: Buffer }> {
  const response = await world.sb.request(`/v1/outbox/${id}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as OutboxEntry;
  return { ...body, bytes: Buffer.from(body.raw, 'base64') };
}

/** Header fields of a raw message, unfolded, top first. */
function fields(raw: Buffer): { name: string; value: string }[] {
  const text = raw.toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  return head
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .map((line) => ({
      name: line.slice(0, line.indexOf(':')).toLowerCase(),
      value: line.slice(line.indexOf(':') + 1).trim(),
    }));
}

function dkimTags(raw: Buffer): Map<string, string> {
  const signature = fields(raw).find((f) => f.name === 'dkim-signature')?.value ?? '';
  return new Map(
    signature.split(';').map((part) => {
      const eq = part.indexOf('=');
      return [part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, '')];
    }),
  );
}

describe('the sandbox sends like the service', () => {
  it('signs with the domain key and selector, rsa-sha256 relaxed/relaxed, From oversigned; dkimpy verifies it', async () => {
    const t = transport();
    const info = await t.sendMail({
      from: `Alice <${alice.user.login}>`,
      to: 'friend@elsewhere.example',
      cc: 'team@shop.test',
      subject: 'Quarterly report',
      text: 'Numbers attached.\n',
    });
    t.close();
    const id = /accepted as (\S+)/.exec(info.response)?.[1] ?? '';
    const sent = await outboxMessage(id);
    const tags = dkimTags(sent.bytes);
    expect(tags.get('a')).toBe('rsa-sha256');
    expect(tags.get('c')).toBe('relaxed/relaxed');
    expect(tags.get('d')).toBe('shop.test');
    expect(tags.get('s')).toBe('kyrios1');
    const signed = (tags.get('h') ?? '').toLowerCase().split(':');
    expect(signed.filter((h) => h === 'from')).toHaveLength(2);
    for (const h of ['to', 'cc', 'subject', 'date', 'message-id', 'mime-version', 'content-type']) {
      expect(signed).toContain(h);
    }
    expect(await dkimpyVerify(sent.bytes, world.server)).toEqual([true]);

    // A From added above the signed one, or a changed subject, no longer verifies.
    const extraFrom = Buffer.concat([Buffer.from('From: ceo@shop.test\r\n'), sent.bytes]);
    expect(await dkimpyVerify(extraFrom, world.server)).toEqual([false]);
    const altered = Buffer.from(
      sent.bytes.toString('latin1').replace('Quarterly report', 'Quarterly rep0rt'),
      'latin1',
    );
    expect(await dkimpyVerify(altered, world.server)).toEqual([false]);
  });

  it('traces the client and the dedicated IP, and sends from the return-path host', async () => {
    const t = transport();
    const info = await t.sendMail({
      from: alice.user.login,
      to: 'friend@elsewhere.example',
      subject: 'Trace',
      text: 'x',
    });
    t.close();
    const id = /accepted as (\S+)/.exec(info.response)?.[1] ?? '';
    const sent = await outboxMessage(id);
    const top = fields(sent.bytes)[0];
    expect(top?.name).toBe('received');
    expect(top?.value).toMatch(
      new RegExp(
        `^from \\S+ \\(\\[127\\.0\\.0\\.1\\]\\) by smtp\\.sandbox\\.kyrios\\.test \\(Kyrios sandbox; dedicated IP 192\\.0\\.2\\.10\\) with ESMTPSA id ${id} for <friend@elsewhere\\.example>; \\w{3}, \\d{2} \\w{3} \\d{4} [\\d:]{8} \\+0000$`,
      ),
    );
    expect(sent.mailFrom).toBe(`bounce-${id}-alice=shop.test@kbounce.shop.test`);
    expect(sent.sentFrom).toBe('192.0.2.10');
    expect(sent.login).toBe('alice@shop.test');
  });

  it('adds Date and Message-ID when the client leaves them out, and signs them', async () => {
    const smtp = await rawSmtp(world.sb.sandbox.smtp.host, world.sb.sandbox.smtp.port);
    expect((await smtp.send('EHLO client.test')).code).toBe(250);
    expect((await smtp.authPlain(alice.user.login, alice.password)).code).toBe(235);
    expect((await smtp.send(`MAIL FROM:<${alice.user.login}>`)).code).toBe(250);
    expect((await smtp.send('RCPT TO:<friend@elsewhere.example>')).code).toBe(250);
    const reply = await smtp.data(
      `From: ${alice.user.login}\r\nTo: friend@elsewhere.example\r\nSubject: bare\r\n\r\nno date\r\n`,
    );
    await smtp.quit();
    expect(reply.code).toBe(250);
    const id = /accepted as (\S+)/.exec(reply.text)?.[1] ?? '';
    const sent = await outboxMessage(id);
    const names = fields(sent.bytes).map((f) => f.name);
    expect(names.slice(0, 4)).toEqual(['received', 'dkim-signature', 'date', 'message-id']);
    expect(fields(sent.bytes).find((f) => f.name === 'message-id')?.value).toBe(
      `<${id}@shop.test>`,
    );
    expect(fields(sent.bytes)[0]?.value).toMatch(/^from client\.test \(\[127\.0\.0\.1\]\)/);
    expect((dkimTags(sent.bytes).get('h') ?? '').toLowerCase().split(':')).toEqual(
      expect.arrayContaining(['date', 'message-id']),
    );
    expect(await dkimpyVerify(sent.bytes, world.server)).toEqual([true]);
  });

  it("delivers to Conversations for the account's own domain (MX at the service), the rest to the outbox", async () => {
    const t = transport();
    const info = await t.sendMail({
      from: alice.user.login,
      to: ['team@shop.test', 'friend@elsewhere.example', 'boss@other.test'],
      subject: 'Routing',
      text: 'x',
    });
    t.close();
    const id = /accepted as (\S+)/.exec(info.response)?.[1] ?? '';
    const sent = await outboxMessage(id);
    // other.test is not a domain of the account: its copy leaves like any other.
    expect(sent.to).toEqual(['friend@elsewhere.example', 'boss@other.test']);

    const list = (await (await world.sb.request('/v1/conversations')).json()) as {
      messages: { id: string; subject: string; to: string[]; mailFrom: string }[];
    };
    const inbound = list.messages.find((m) => m.subject === 'Routing');
    expect(inbound?.to).toEqual(['team@shop.test']);
    expect(inbound?.mailFrom).toBe(sent.mailFrom);
    const one = (await (await world.sb.request(`/v1/conversations/${inbound?.id}`)).json()) as {
      raw: string;
    };
    const raw = Buffer.from(one.raw, 'base64');
    const [returnPath, receivedByMx, receivedBySubmission] = fields(raw);
    expect(returnPath).toEqual({ name: 'return-path', value: `<${sent.mailFrom}>` });
    expect(receivedByMx?.value).toMatch(
      /^from smtp\.sandbox\.kyrios\.test \(\[192\.0\.2\.10\]\) by mx\.sandbox\.kyrios\.test \(Kyrios sandbox MX\) with ESMTPS id in_\S+ for <team@shop\.test>;/,
    );
    expect(receivedBySubmission?.name).toBe('received');
    expect(raw.subarray(raw.length - sent.bytes.length)).toEqual(sent.bytes);
    expect(await dkimpyVerify(raw, world.server)).toEqual([true]);
  });

  it('writes Return-Path and Received on mail the MX receives from anyone', async () => {
    const mx = nodemailer.createTransport({
      host: world.sb.sandbox.mx.host,
      port: world.sb.sandbox.mx.port,
      secure: false,
      ignoreTLS: true,
      name: 'mail.elsewhere.example',
    });
    await mx.sendMail({
      from: 'someone@elsewhere.example',
      to: 'hello@shop.test',
      subject: 'From outside',
      text: 'hi',
    });
    mx.close();
    const list = (await (await world.sb.request('/v1/conversations')).json()) as {
      messages: { id: string; subject: string }[];
    };
    const id = list.messages.find((m) => m.subject === 'From outside')?.id;
    const one = (await (await world.sb.request(`/v1/conversations/${id}`)).json()) as {
      raw: string;
    };
    const [returnPath, received] = fields(Buffer.from(one.raw, 'base64'));
    expect(returnPath?.value).toBe('<someone@elsewhere.example>');
    expect(received?.value).toMatch(
      /^from mail\.elsewhere\.example \(\[127\.0\.0\.1\]\) by mx\.sandbox\.kyrios\.test \(Kyrios sandbox MX\) with ESMTP id in_\S+ for <hello@shop\.test>;/,
    );
  });

  it('answers 451 and gives the recipients back when the key cannot sign', async () => {
    const other = await world.addPublishedDomain('other.test');
    const bob = await world.createUser(other, 'bob');
    const account = await world.accountId();
    world.sb.sandbox.store.db
      .prepare("UPDATE domains SET dkim_private_key = 'not a key' WHERE id = ?")
      .run(other.id);
    const day = new Date().toISOString().slice(0, 10);
    const before = world.sb.sandbox.store.sending.sentOn(account, day);
    const smtp = await rawSmtp(world.sb.sandbox.smtp.host, world.sb.sandbox.smtp.port);
    await smtp.send('EHLO client.test');
    expect((await smtp.authPlain(bob.user.login, bob.password)).code).toBe(235);
    expect((await smtp.send(`MAIL FROM:<${bob.user.login}>`)).code).toBe(250);
    expect((await smtp.send('RCPT TO:<x@elsewhere.example>')).code).toBe(250);
    expect(world.sb.sandbox.store.sending.sentOn(account, day)).toBe(before + 1);
    const reply = await smtp.data(`From: ${bob.user.login}\r\nSubject: no\r\n\r\nx\r\n`);
    await smtp.quit();
    expect(reply.code).toBe(451);
    expect(reply.text).toMatch(/4\.3\.0 The message could not be DKIM-signed/);
    expect(world.sb.sandbox.store.sending.sentOn(account, day)).toBe(before);
  });
});

describe('bounceAddress', () => {
  it('keeps the original address readable, or only the id when it would not fit', () => {
    expect(bounceAddress('msg_1', 'alice@shop.test', 'kbounce.shop.test')).toBe(
      'bounce-msg_1-alice=shop.test@kbounce.shop.test',
    );
    expect(bounceAddress('msg_1', `${'a'.repeat(60)}@shop.test`, 'kbounce.shop.test')).toBe(
      'bounce-msg_1@kbounce.shop.test',
    );
    expect(bounceAddress('msg_1', '"odd name"@shop.test', 'kbounce.shop.test')).toBe(
      'bounce-msg_1@kbounce.shop.test',
    );
  });
});
