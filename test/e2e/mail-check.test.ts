/// <reference lib="dom" />
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import type { DnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  auditBothThemes,
  callApi,
  clipboardText,
  eventually,
  isFocused,
  KYRIOS_ZONE,
  zoneFor,
} from './app-helpers';
import { test } from './fixtures';
import type { FreshWebApp, WebApp } from './harness';
import { MailPage } from './pages/mail-page';
import { SmtpPage } from './pages/smtp-page';

/**
 * Proving the mail authenticates, in the browser (docs/mail-check.md): an SMTP user created on
 * screen, a test message sent through the embedded sandbox's real submission port (STARTTLS,
 * AUTH), DKIM-signed there, read back and checked against the loopback DNS that publishes
 * shop.test; then the DKIM record changed after verification, and a received message checked by
 * pasting it and by opening its .eml file.
 */

const RETURN_PATH_HOST = 'bounces.sandbox.kyrios.test';
/**
 * Each test is a whole round trip (sends through SMTP, reads back, checks against DNS, several
 * times): more than the e2e default on a loaded two-core machine. A limit, not a speed target.
 */
const ROUND_TRIP_MS = 120_000;

test.override('zones', [zoneFor('shop.test'), KYRIOS_ZONE]);

let shop: Domain;

/** shop.test verified, and SPF at the service's return-path host (its include covers the IP). */
async function verifiedShop(app: WebApp, dns: DnsFixture): Promise<Domain> {
  dns.setRecords(RETURN_PATH_HOST, 'TXT', ['v=spf1 include:spf.sandbox.kyrios.test -all']);
  return addVerifiedDomain(app, dns, 'shop.test');
}

/** The verdict list of the dialog's last send. */
const sendVerdicts = (mail: MailPage, to: string) =>
  mail.sendDialog().getByRole('list', { name: `Verdicts of the message to ${to}` });

async function createOnScreen(page: Page, login: string): Promise<string> {
  await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
  await dialog.getByRole('textbox', { name: 'Login' }).fill(login);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  const done = page.getByRole('dialog', { name: 'SMTP credentials added' });
  const password = (
    await done
      .locator('.secret')
      .filter({ hasText: 'Password' })
      .locator('.secret-value')
      .innerText()
  ).trim();
  await done.getByRole('button', { name: 'Done' }).click();
  await done.waitFor({ state: 'hidden' });
  return password;
}

describe('Send test message', () => {
  test(
    'passes SPF, DKIM and DMARC, then shows dkim_key_mismatch with its fix',
    async ({ app, dns, page }) => {
      shop = await verifiedShop(app, dns);
      const smtp = new SmtpPage(page, app);
      const mail = new MailPage(page);
      await smtp.open(shop);
      const password = await createOnScreen(page, 'alice');

      const dialog = await mail.openSendTest('shop.test', 'alice@shop.test');
      // Mail to shop.test arrives at Kyrios (its MX is verified): the user's own address.
      expect(await dialog.getByRole('textbox', { name: 'Recipient' }).inputValue()).toBe(
        'alice@shop.test',
      );

      // A wrong password: refused at AUTH, said at the password field, which has focus again.
      await mail.send('not-alices-password');
      const passwordField = dialog.getByLabel('Password of alice@shop.test');
      await eventually(() => passwordField.getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.getByRole('alert').innerText()).toMatch(
        /^The server refused this password for alice@shop\.test/,
      );
      await eventually(() => isFocused(passwordField)).toBe(true);
      const refusedSteps = dialog.getByRole('list', {
        name: 'SMTP steps and the server’s replies',
      });
      expect(await refusedSteps.getByRole('listitem').last().innerText()).toMatch(/535/);

      await mail.send(password);
      const steps = dialog.getByRole('list', { name: 'SMTP steps and the server’s replies' });
      const commands = (await steps.locator('.smtp-command').allInnerTexts()).map(
        (c) => c.split(' ')[0],
      );
      expect(commands).toEqual(
        expect.arrayContaining(['EHLO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']),
      );
      // The password never shows in the steps.
      expect(await steps.innerText()).not.toContain(password);
      const verdicts = sendVerdicts(mail, 'alice@shop.test');
      await verdicts.waitFor();
      for (const title of [/^SPF/, /^DKIM d=shop\.test s=kyrios1$/, /^DMARC/]) {
        expect(
          await mail.verdict(verdicts, title).locator('.diagnosis-verdict').innerText(),
        ).toMatch(/^Pass/);
      }
      expect(await verdicts.getByRole('button', { name: 'Copy fix' }).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // The DKIM record changed at the DNS host after shop.test was verified.
      const { publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      const dkim = shop.records.find((r) => r.purpose === 'dkim');
      if (!dkim) throw new Error('no DKIM record');
      dns.setRecords(dkim.name, 'TXT', [`v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`]);

      await mail.openSendTest('shop.test', 'alice@shop.test');
      // The password typed before went with the dialog.
      expect(await dialog.getByLabel('Password of alice@shop.test').inputValue()).toBe('');
      await mail.send(password);
      await verdicts.waitFor();
      const card = mail.verdict(verdicts, /^DKIM d=shop\.test s=kyrios1$/);
      expect(await card.locator('.diagnosis-verdict').innerText()).toMatch(/^Fail/);
      expect(await card.locator('code').allInnerTexts()).toEqual(
        expect.arrayContaining(['dkim_bad_signature', 'dkim_key_mismatch']),
      );
      const fix = `Replace the TXT record at kyrios1._domainkey.shop.test with the expected value, pasted whole: ${dkim.value}`;
      expect(await card.locator('.diagnosis-fix').innerText()).toContain(fix);
      await card.getByRole('button', { name: 'Copy fix' }).click();
      await eventually(() => clipboardText(page)).toMatch(new RegExp(`^${escape(fix)}`));
      // SPF through the aligned return path still carries DMARC.
      expect(
        await mail
          .verdict(verdicts, /^DMARC/)
          .locator('.diagnosis-verdict')
          .innerText(),
      ).toMatch(/^Pass/);
      expect(await auditBothThemes(page, 'send-test-dkim-key-mismatch')).toEqual([]);
      await dialog.getByRole('button', { name: 'Close' }).click();

      // The history on the domain's page keeps all three sends; the newest opens to its verdicts.
      await page.goto(`${app.url}#/domains/${encodeURIComponent(shop.id)}`);
      const history = mail.history('shop.test');
      await eventually(() => history.getByRole('row').count()).toBe(4);
      expect(await history.getByRole('row').nth(1).innerText()).toMatch(
        /Test send to alice@shop\.test.*Fail/s,
      );
      await history
        .getByRole('button', { name: /^Details of the test send/ })
        .first()
        .click();
      const again = page.getByRole('list', {
        name: /^Verdicts of the Test send to alice@shop\.test/,
      });
      expect(
        await mail
          .verdict(again, /^DKIM d=shop\.test/)
          .locator('code')
          .allInnerTexts(),
      ).toContain('dkim_key_mismatch');
    },
    ROUND_TRIP_MS,
  );
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message as it left the sandbox (its outbox, read through the sandbox's own API). */
async function outboxRaw(app: WebApp, fresh: FreshWebApp, queueId: string): Promise<Buffer> {
  const info = await callApi(app, 'app:info', {});
  const key = readFileSync(join(fresh.dataDir, 'sandbox', 'api-key'), 'utf8').trim();
  const response = await fetch(`${info.account.baseUrl}/v1/outbox/${queueId}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!response.ok) throw new Error(`outbox ${queueId}: ${response.status}`);
  return Buffer.from(((await response.json()) as { raw: string }).raw, 'base64');
}

describe('Check a received message', () => {
  test(
    'pasted, and opened as an .eml file: verdicts, bad input refused, history kept',
    async ({ app, fresh, dns, page }) => {
      shop = await verifiedShop(app, dns);
      const created = await callApi(app, 'smtp:create', { domainId: shop.id, login: 'bob' });
      const sent = await callApi(app, 'mail:test-send', {
        domainId: shop.id,
        userId: created.user.id,
        password: created.password,
        to: 'friend@elsewhere.example',
      });
      expect(sent.readBack).toBe('outbox');
      const raw = await outboxRaw(app, fresh, sent.queueId ?? '');

      const mail = new MailPage(page);
      await page.goto(`${app.url}#/domains/${encodeURIComponent(shop.id)}`);
      const check = mail.messageCheck();
      await check.waitFor();

      // Nothing pasted: said at the field.
      await check.getByRole('button', { name: 'Check message' }).click();
      const source = check.getByRole('textbox', { name: 'Message source or headers' });
      await eventually(() => source.getAttribute('aria-invalid')).toBe('true');

      // Words that are no message: the check's own explanation, and back to the text to fix it.
      await source.fill('just some words\n');
      await check.getByRole('button', { name: 'Check message' }).click();
      await check
        .getByRole('alert')
        .filter({ hasText: 'This is not an email message: its first line ("just some words")' })
        .waitFor();
      await eventually(() => isFocused(source)).toBe(true);

      await source.fill(raw.toString('latin1'));
      await check.getByRole('button', { name: 'Check message' }).click();
      const pasted = check.getByRole('list', { name: 'Verdicts of the checked message' });
      await pasted.waitFor();
      expect(
        await mail
          .verdict(pasted, /^DKIM d=shop\.test/)
          .locator('.diagnosis-verdict')
          .innerText(),
      ).toMatch(/^Pass/);
      // Pasted as it left: no Received line from outside, so SPF says it could not check.
      expect(await mail.verdict(pasted, /^SPF/).locator('code').allInnerTexts()).toContain(
        'spf_no_connection',
      );

      // The same message as a file, through the chunked upload.
      const file = join(fresh.dataDir, 'test-message.eml');
      writeFileSync(file, raw);
      await check.getByLabel('Or open an .eml file').setInputFiles(file);
      const opened = check.getByRole('list', {
        name: 'Verdicts of the checked message test-message.eml',
      });
      await opened.waitFor();
      expect(
        await mail
          .verdict(opened, /^DKIM d=shop\.test/)
          .locator('.diagnosis-verdict')
          .innerText(),
      ).toMatch(/^Pass/);

      // Dropped onto the area, as from a file manager.
      const dropped = await page.evaluateHandle((text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'dropped.eml', { type: 'message/rfc822' }));
        return transfer;
      }, raw.toString('latin1'));
      await check.locator('.drop-area').dispatchEvent('dragover', { dataTransfer: dropped });
      await check.locator('.drop-area').dispatchEvent('drop', { dataTransfer: dropped });
      const droppedVerdicts = check.getByRole('list', {
        name: 'Verdicts of the checked message dropped.eml',
      });
      await droppedVerdicts.waitFor();
      expect(
        await mail
          .verdict(droppedVerdicts, /^DKIM d=shop\.test/)
          .locator('.diagnosis-verdict')
          .innerText(),
      ).toMatch(/^Pass/);
      expect(await auditBothThemes(page, 'message-check')).toEqual([]);

      // A file that is not a message: the service's words, nothing checked.
      const binary = join(fresh.dataDir, 'picture.eml');
      writeFileSync(
        binary,
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      );
      await check.getByLabel('Or open an .eml file').setInputFiles(binary);
      const refused = check.getByRole('alert').filter({ hasText: 'picture.eml:' });
      await refused.waitFor();
      expect(await refused.innerText()).toMatch(
        /^picture\.eml: .*binary file, not an email message/,
      );

      // Both checks and the test send are in the history, newest first.
      const history = mail.history('shop.test');
      await eventually(() => history.getByRole('row').count()).toBe(5);
      expect(
        (await history.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split('\t')[1]),
      ).toEqual([
        'Checked message from bob@shop.test',
        'Checked message from bob@shop.test',
        'Checked message from bob@shop.test',
        'Test send to friend@elsewhere.example',
      ]);
    },
    ROUND_TRIP_MS,
  );
});
