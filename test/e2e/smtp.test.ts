/// <reference lib="dom" />
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import type { DnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  callApi,
  clipboardText,
  closeApp,
  KYRIOS_ZONE,
  menuFocus,
  openApp,
  sendMail,
  zoneFor,
  type AppPage,
  eventually,
} from './app-helpers';
import { test } from './fixtures';
import { ARTIFACTS, type WebApp } from './harness';

test.override('zones', [zoneFor('shop.test'), zoneFor('pending.test'), KYRIOS_ZONE]);
/**
 * Each test's own DNS and app on a new data folder (test/e2e/fixtures.ts): shop.test verified,
 * pending.test not.
 */
let dns: DnsFixture;
let app: WebApp;
let shop: Domain;
/** This test's passwords, as it learns them from the screen or the API. */
const passwords = new Map<string, string>();
/** This test's SMTP users made through the API, by login. */
const userIds = new Map<string, string>();

let browser: Browser;

test.beforeEach(async ({ browser: fixtureBrowser, app: fixtureApp, dns: fixtureDns }) => {
  browser = fixtureBrowser;
  app = fixtureApp;
  dns = fixtureDns;
  passwords.clear();
  userIds.clear();
  [shop] = await Promise.all([
    addVerifiedDomain(app, dns, 'shop.test'),
    callApi(app, 'domains:add', { name: 'pending.test' }),
  ]);
});

/** The five users the creating tests below make, with their notes and the one typed password. */
const FIVE_USERS: readonly { login: string; note?: string; password?: string }[] = [
  { login: 'sales', note: 'Anna (sales)' },
  { login: 'support', password: 'Quiet-Harbour-2026' },
  { login: 'billing', note: 'Invoices app' },
  { login: 'warmup', note: 'Warm-up service' },
  { login: 'news' },
];

/** SMTP users on shop.test made through the API, as earlier tests would leave them. */
async function createUsers(users: readonly { login: string; note?: string; password?: string }[]) {
  for (const user of users) {
    const created = await callApi(app, 'smtp:create', { domainId: shop.id, ...user });
    passwords.set(created.user.login, created.password);
    userIds.set(created.user.login, created.user.id);
  }
}

/**
 * Where sending, resetting and deleting leaves shop.test: the five users; sales sent 3, support 2;
 * sales' password reset (one more sent with it); support deleted.
 */
async function afterSendResetDelete(): Promise<void> {
  await createUsers(FIVE_USERS);
  const login = (name: string) => `${name}@shop.test`;
  const id = (name: string) => userIds.get(login(name)) ?? '';
  await sendMail(app, {
    login: login('sales'),
    password: passwords.get(login('sales')) ?? '',
    count: 3,
  });
  await sendMail(app, {
    login: login('support'),
    password: passwords.get(login('support')) ?? '',
    count: 2,
  });
  await callApi(app, 'smtp:reset-password', {
    domainId: shop.id,
    userId: id('sales'),
    password: 'Orchard-Lantern-77',
  });
  passwords.set(login('sales'), 'Orchard-Lantern-77');
  await sendMail(app, { login: login('sales'), password: 'Orchard-Lantern-77' });
  await callApi(app, 'smtp:delete', { domainId: shop.id, userId: id('support') });
}

const credentials = (page: Page) =>
  page.getByRole('table', { name: 'SMTP credentials for shop.test' });
const userRow = (page: Page, login: string) =>
  credentials(page).getByRole('row').filter({ hasText: login });

async function openSmtpSettings(session: AppPage): Promise<void> {
  await session.page.goto(`${app.url}#/domains/${shop.id}/smtp`);
  await session.page.getByRole('heading', { name: 'SMTP Settings for shop.test' }).waitFor();
}

/** Fills and submits "Create SMTP Credentials"; returns the password shown once. */
async function createCredentials(
  page: Page,
  login: string,
  { note, password }: { note?: string; password?: string } = {},
): Promise<string> {
  await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
  await dialog.getByRole('textbox', { name: 'Login' }).fill(login);
  if (note) await dialog.getByRole('textbox', { name: 'Owner or purpose (optional)' }).fill(note);
  if (password) {
    await dialog.getByRole('radio', { name: 'Type a password' }).check();
    await dialog.getByLabel('Password', { exact: true }).fill(password);
  }
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  const done = page.getByRole('dialog', { name: 'SMTP credentials added' });
  await done.getByRole('status').filter({ hasText: 'The SMTP credentials were added' }).waitFor();
  const shown = (
    await done
      .locator('.secret')
      .filter({ hasText: 'Password' })
      .locator('.secret-value')
      .innerText()
  ).trim();
  await done.getByRole('button', { name: 'Done' }).click();
  await done.waitFor({ state: 'hidden' });
  passwords.set(`${login}@shop.test`, shown);
  return shown;
}

describe('SMTP Settings, credentials and usage, in browser mode', () => {
  test('opens SMTP Settings from the ⋯ menu with the keyboard, refused with the reason until verified', async () => {
    const session = await openApp(browser, app);
    const { page } = session;

    // An unverified domain: the item is there, focusable, disabled, and says why.
    const pendingActions = page.getByRole('button', { name: 'Actions for pending.test' });
    await pendingActions.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for pending.test' });
    const smtpItem = menu.getByRole('menuitem', { name: 'SMTP Settings' });
    await smtpItem.waitFor();
    expect(await smtpItem.getAttribute('aria-disabled')).toBe('true');
    const reasonId = (await smtpItem.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${reasonId}"]`).innerText()).toBe(
      'Available once the domain is verified.',
    );
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual([
      'SMTP Settings\nAvailable once the domain is verified.',
      'Verify Now',
      'Copy DNS records',
      'Export zone file',
      'Delete domain',
    ]);
    await eventually(() => smtpItem.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Dedicated Domain And IP',
    );
    await eventually(() => pendingActions.evaluate((el) => el === document.activeElement)).toBe(
      true,
    );

    // The verified domain: Enter on the first item opens its SMTP Settings, focus on the heading.
    await page.getByRole('button', { name: 'Actions for shop.test' }).focus();
    await page.keyboard.press('Enter');
    await menuFocus(page, 'SMTP Settings');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: 'SMTP Settings for shop.test' });
    await heading.waitFor();
    await eventually(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(new URL(page.url()).hash).toBe(`#/domains/${shop.id}/smtp`);

    // Connection details with copy buttons, as apps and warm-up tools ask for them.
    const { account } = await callApi(app, 'account:get', {});
    const details = page.getByRole('region', { name: 'Connection details' });
    await details.getByRole('button', { name: 'Copy SMTP host' }).click();
    await eventually(() => clipboardText(page)).toBe(account?.smtp.host);
    await details.getByRole('button', { name: 'Copy SMTP port' }).click();
    await eventually(() => clipboardText(page)).toBe(String(account?.smtp.port));
    await details.getByRole('button', { name: 'Copy all SMTP settings' }).click();
    await eventually(() => clipboardText(page)).toBe(
      `SMTP host: ${account?.smtp.host}\nPort: ${account?.smtp.port}\nSecurity: STARTTLS\nUsername: the full login name (name@shop.test)\nPassword: the password shown when the login was created or reset\n`,
    );
    expect(await details.getByText('STARTTLS').isVisible()).toBe(true);
    await page.getByText('No SMTP credentials yet').waitFor();

    // Back to the list, and the browser's back button returns here.
    await page.getByRole('button', { name: '← Dedicated Domain And IP' }).click();
    await page.getByRole('heading', { name: 'Dedicated Domain And IP' }).waitFor();
    await page.goBack();
    await heading.waitFor();
    await closeApp(session);
  });

  test('creates credentials with a generated password, shown once, copied, then cleared from the clipboard after 60 s', async () => {
    const session = await openApp(browser, app, {
      before: (page) => page.clock.install(),
    });
    const { page } = session;
    await openSmtpSettings(session);
    await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
    const login = dialog.getByRole('textbox', { name: 'Login' });
    await eventually(() => login.evaluate((el) => el === document.activeElement)).toBe(true);

    // Wrong logins are refused inline; nothing is sent.
    const creates: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/smtp/create')) creates.push(r.postData() ?? '');
    });
    await login.fill('Sales');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'Logins are lowercase only: use sales.' })
      .waitFor();
    await login.fill('sales@other.test');
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'must be an address on shop.test' })
      .waitFor();
    expect(creates).toEqual([]);

    await login.fill('sales');
    await dialog.getByText('The login will be sales@shop.test.').waitFor();
    await dialog.getByRole('textbox', { name: 'Owner or purpose (optional)' }).fill('Anna (sales)');
    expect(
      await dialog.getByRole('radio', { name: 'Generate a strong password' }).isChecked(),
    ).toBe(true);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();

    const done = page.getByRole('dialog', { name: 'SMTP credentials added' });
    await done.getByRole('status').filter({ hasText: 'The SMTP credentials were added' }).waitFor();
    expect(JSON.parse(creates[0] ?? '{}')).toEqual({
      domainId: shop.id,
      login: 'sales@shop.test',
      note: 'Anna (sales)',
    });
    await done.getByText('This password will not be shown again.').waitFor();
    const password = (
      await done
        .locator('.secret')
        .filter({ hasText: 'Password' })
        .locator('.secret-value')
        .innerText()
    ).trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16,128}$/);
    passwords.set('sales@shop.test', password);
    const copy = done.getByRole('button', { name: 'Copy password' });
    await eventually(() => copy.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'smtp-password-shown-once.png') });
    await copy.click();
    await eventually(() => clipboardText(page)).toBe(password);
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'hidden' });
    await page
      .getByRole('status')
      .filter({ hasText: 'SMTP credentials added for sales@shop.test.' })
      .waitFor();

    // In the list: login name, creation date, password age and the local note.
    const row = userRow(page, 'sales@shop.test');
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    expect(cells[1]).toBe('Today');
    expect(cells[2]).toContain('Anna (sales)');
    expect(await credentials(page).getByRole('columnheader').allTextContents()).toEqual([
      'Login name',
      'Creation date',
      'Password age',
      'Owner / purpose',
      'Actions',
    ]);

    // A minute later the clipboard no longer holds it.
    await page.clock.fastForward(61_000);
    await eventually(() => clipboardText(page)).toBe('');

    // Something copied since is never wiped.
    await page.getByRole('button', { name: 'Copy SMTP host' }).click();
    await page.clock.fastForward(61_000);
    expect(await clipboardText(page)).toBe('127.0.0.1');
    await closeApp(session);
  });

  test('takes a typed password after explaining a weak one, refuses a taken login in the dialog, and stops at 5 users', async () => {
    await createUsers([{ login: 'sales', note: 'Anna (sales)' }]);
    const session = await openApp(browser, app);
    const { page } = session;
    await openSmtpSettings(session);
    await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
    await dialog.getByRole('textbox', { name: 'Login' }).fill('support');
    await dialog.getByRole('radio', { name: 'Type a password' }).check();
    const password = dialog.getByLabel('Password', { exact: true });
    await password.fill('short');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'A password needs at least 12 characters; this one has 5.' })
      .waitFor();
    await password.fill('my-support-password');
    await dialog
      .getByRole('alert')
      .filter({ hasText: `The password must not contain the login's local part ("support").` })
      .waitFor();
    await password.fill('Quiet-Harbour-2026');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const done = page.getByRole('dialog', { name: 'SMTP credentials added' });
    expect(
      (
        await done
          .locator('.secret')
          .filter({ hasText: 'Password' })
          .locator('.secret-value')
          .innerText()
      ).trim(),
    ).toBe('Quiet-Harbour-2026');
    passwords.set('support@shop.test', 'Quiet-Harbour-2026');
    await done.getByRole('button', { name: 'Done' }).click();

    // The service's own refusal shows in the dialog.
    await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
    await dialog.getByRole('textbox', { name: 'Login' }).fill('sales@shop.test');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: /already exists/ })
      .waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await createCredentials(page, 'billing', { note: 'Invoices app' });
    await createCredentials(page, 'warmup', { note: 'Warm-up service' });
    const create = page.getByRole('button', { name: 'Create SMTP Credentials' });
    expect(await create.isDisabled()).toBe(false);
    await page.getByText('4 of 5 SMTP users').waitFor();
    await createCredentials(page, 'news');

    // Five: the button is disabled and the text says why; the service refuses a sixth too.
    expect(await credentials(page).getByRole('row').count()).toBe(1 + 5);
    await eventually(() => create.isDisabled()).toBe(true);
    const limit = page.getByText(
      'shop.test has 5 SMTP users: the maximum is 5 per domain. Delete one to create another.',
    );
    await limit.waitFor();
    expect(await create.getAttribute('aria-describedby')).toBe(await limit.getAttribute('id'));
    await expect(
      callApi(app, 'smtp:create', { domainId: shop.id, login: 'sixth' }),
    ).rejects.toThrow(/smtp_user_limit/);
    await page.screenshot({
      path: join(ARTIFACTS, 'smtp-settings-five-users.png'),
      fullPage: true,
    });
    await closeApp(session);
  });

  test('sends mail with the credentials through the sandbox, resets a password and deletes a login', async () => {
    await createUsers(FIVE_USERS);
    const sales = passwords.get('sales@shop.test') ?? '';
    const support = passwords.get('support@shop.test') ?? '';
    await sendMail(app, { login: 'sales@shop.test', password: sales, count: 3 });
    await sendMail(app, { login: 'support@shop.test', password: support, count: 2 });

    const session = await openApp(browser, app);
    const { page } = session;
    await openSmtpSettings(session);

    // Reset Password: mismatch and weak passwords are explained inline, nothing is sent.
    await userRow(page, 'sales@shop.test').getByRole('button', { name: 'Reset Password' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset Password' });
    await reset.getByText('A new password for sales@shop.test.', { exact: false }).waitFor();
    const resets: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/smtp/reset-password')) resets.push(r.postData() ?? '');
    });
    await reset.getByLabel('New password').fill('Orchard-Lantern-77');
    await reset.getByLabel('Confirm password').fill('Orchard-Lantern-78');
    await reset.getByRole('button', { name: 'Save' }).click();
    await reset.getByRole('alert').filter({ hasText: 'The passwords do not match' }).waitFor();
    await reset.getByLabel('New password').fill('sales-rotated-2026');
    await reset.getByLabel('Confirm password').fill('sales-rotated-2026');
    await reset.getByRole('alert').filter({ hasText: 'must not contain' }).waitFor();
    expect(resets).toEqual([]);
    await reset.getByLabel('New password').fill('Orchard-Lantern-77');
    await reset.getByLabel('Confirm password').fill('Orchard-Lantern-77');
    await reset.getByRole('button', { name: 'Save' }).click();
    await reset.waitFor({ state: 'hidden' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Password saved for sales@shop.test.' })
      .waitFor();
    expect(resets).toHaveLength(1);

    // The new password sends; the old one no longer does.
    await sendMail(app, { login: 'sales@shop.test', password: 'Orchard-Lantern-77' });
    await expect(sendMail(app, { login: 'sales@shop.test', password: sales })).rejects.toThrow();

    // Delete: the confirmation says sending stops at once and history stays.
    await userRow(page, 'support@shop.test').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete support@shop.test?' });
    await confirm
      .getByText(
        'Sending with support@shop.test stops at once: apps and tools using it can no longer send. Its email history and statistics stay.',
      )
      .waitFor();
    // Cancel has focus: Enter alone never deletes.
    await eventually(() =>
      confirm
        .getByRole('button', { name: 'Cancel' })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'smtp-delete-confirm.png') });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await userRow(page, 'support@shop.test').waitFor({ state: 'detached' });
    await expect(
      sendMail(app, { login: 'support@shop.test', password: support }),
    ).rejects.toThrow();
    expect(await page.getByRole('button', { name: 'Create SMTP Credentials' }).isDisabled()).toBe(
      false,
    );
    await closeApp(session);
  });

  test('shows the usage of the mail sent: today of 1,500, per domain and per user with the deleted one marked, the 30-day chart', async () => {
    await afterSendResetDelete();
    const session = await openApp(browser, app);
    const { page } = session;
    await openSmtpSettings(session);
    const usage = page.getByRole('region', { name: 'Email usage' });
    await usage.getByText('6 of 1,500 emails sent today', { exact: false }).waitFor();
    const bar = usage.getByRole('progressbar', { name: 'Sent today' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('6');
    expect(await bar.getAttribute('aria-valuemax')).toBe('1500');
    await usage.getByText('1,494').waitFor();
    await usage.getByText(/remaining · resets at/).waitFor();

    const byDomain = usage.getByRole('table', { name: 'Sent by domain' });
    expect(
      await byDomain
        .getByRole('row')
        .filter({ hasText: 'shop.test' })
        .getByRole('cell')
        .allInnerTexts(),
    ).toEqual(['6', '6']);
    const byUser = usage.getByRole('table', { name: 'Sent by user' });
    expect(
      await byUser
        .getByRole('row')
        .filter({ hasText: 'sales@shop.test' })
        .getByRole('cell')
        .allInnerTexts(),
    ).toEqual(['4', '4']);
    const deleted = byUser.getByRole('row').filter({ hasText: 'support@shop.test' });
    expect(await deleted.getByRole('rowheader').innerText()).toBe('support@shop.test Deleted');
    expect(await deleted.getByRole('cell').allInnerTexts()).toEqual(['2', '2']);
    await usage
      .getByRole('img', { name: /^6 emails in the last 30 days; the busiest day was / })
      .waitFor();
    expect(await usage.locator('svg rect').count()).toBe(30);

    // The limit guard in the top bar says the same.
    await page.getByText('6 / 1,500 today').waitFor();

    // Sending more shows after "Refresh usage".
    await sendMail(app, {
      login: 'billing@shop.test',
      password: passwords.get('billing@shop.test') ?? '',
    });
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    await usage.getByText('7 of 1,500 emails sent today', { exact: false }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'smtp-settings-usage.png'), fullPage: true });
    await closeApp(session);
  });

  test('warns before the daily limit, and says when it is reached', async () => {
    const session = await openApp(browser, app);
    const { page } = session;
    let sent = 1250;
    // Sending 1,250 real messages would take minutes; the figures are the service's shape.
    await page.route('**/api/usage/get', (route) => {
      const days = (JSON.parse(route.request().postData() ?? '{}') as { days: number }).days;
      const usage = {
        dailyLimit: 1500,
        today: { day: '2026-11-26', sent, remaining: Math.max(0, 1500 - sent) },
        days: Array.from({ length: days }, (_, i) => ({
          day: new Date(Date.UTC(2026, 10, 27 - days + i)).toISOString().slice(0, 10),
          sent: i === days - 1 ? sent : 100,
        })),
        byUser: [
          {
            userId: 'u',
            login: 'sales@shop.test',
            domainId: shop.id,
            domain: 'shop.test',
            sent,
            deleted: false,
          },
        ],
        byDomain: [{ domainId: shop.id, domain: 'shop.test', sent }],
      };
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: true, value: { usage, source: 'live', syncedAt: null } }),
      });
    });
    await openSmtpSettings(session);
    const usage = page.getByRole('region', { name: 'Email usage' });
    await usage
      .getByRole('alert')
      .filter({
        hasText:
          'Over 80% of today’s limit. If the limit is exceeded, all SMTP credentials of all dedicated domains are deleted automatically.',
      })
      .waitFor();
    await usage.getByText('250', { exact: true }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'usage-limit-warning.png'), fullPage: true });

    sent = 1500;
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    await usage
      .getByRole('alert')
      .filter({
        hasText: 'The daily limit is reached. Sending more today deletes all SMTP credentials',
      })
      .waitFor();
    expect(
      await usage.getByRole('progressbar', { name: 'Sent today' }).getAttribute('aria-valuenow'),
    ).toBe('1500');
    await closeApp(session);
  });

  test('keeps credentials, notes and the screen across a reload', async () => {
    await afterSendResetDelete();
    const session = await openApp(browser, app);
    const { page } = session;
    await openSmtpSettings(session);
    await userRow(page, 'billing@shop.test').getByRole('button', { name: 'Edit note' }).click();
    const note = page.getByRole('dialog', { name: 'Owner or purpose' });
    await note.getByRole('textbox', { name: 'Owner or purpose' }).fill('Invoices app (Ben)');
    await note.getByRole('textbox', { name: "Where it's used" }).fill('Billing server, Zapier');
    await note.getByRole('button', { name: 'Save note' }).click();
    await note.waitFor({ state: 'hidden' });
    await userRow(page, 'billing@shop.test').getByText('Invoices app (Ben)').waitFor();
    await userRow(page, 'billing@shop.test').getByText('used in Billing server, Zapier').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'SMTP Settings for shop.test' }).waitFor();
    await userRow(page, 'billing@shop.test').getByText('Invoices app (Ben)').waitFor();
    await userRow(page, 'billing@shop.test').getByText('used in Billing server, Zapier').waitFor();
    await userRow(page, 'sales@shop.test').getByText('Anna (sales)').waitFor();
    expect(await credentials(page).getByRole('row').count()).toBe(1 + 4);
    await closeApp(session);
  });
});
