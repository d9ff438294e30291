/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import {
  addVerifiedDomain,
  auditBothThemes,
  callApi,
  clipboardText,
  closeApp,
  eventually,
  KYRIOS_ZONE,
  openApp,
  sendBulk,
  sendMail,
  zoneFor,
  type AppPage,
} from './app-helpers';
import { test as base } from './fixtures';
import type { WebApp } from './harness';
import { DAY_MS, startRemoteSandbox, type RemoteSandbox } from './remote-sandbox';

/**
 * The limit guard and the daily-limit rule, end to end: mail goes out through the sandbox's SMTP
 * submission as an app would send it. The sandbox runs in this process as the app's remote
 * account, so its clock can cross a UTC midnight (which Recreate waits for).
 */

/** The sandbox, started on this test's DNS, is the app's account. */
const test = base.extend('remote', async ({ dns }, { onCleanup }): Promise<RemoteSandbox> => {
  const remote = await startRemoteSandbox(dns);
  onCleanup(() => remote.close());
  return remote;
});
test.override('zones', [zoneFor('shop.test'), KYRIOS_ZONE]);
test.override('appEnv', ({ remote }) => remote.env);

/** Each test's own DNS, sandbox and app on a new data folder (test/e2e/fixtures.ts), set up alike. */
let browser: Browser;
let remote: RemoteSandbox;
let app: WebApp;
let shop: Domain;
let day: string;
let passwords: Map<string, string>;

test.beforeEach(
  async ({ browser: fixtureBrowser, dns, remote: fixtureRemote, app: fixtureApp }) => {
    browser = fixtureBrowser;
    remote = fixtureRemote;
    app = fixtureApp;
    passwords = new Map();
    // A login made 100 days ago (the sandbox's clock), due for rotation by now.
    remote.shift(-100 * DAY_MS);
    shop = await addVerifiedDomain(app, dns, 'shop.test');
    const legacy = await callApi(app, 'smtp:create', {
      domainId: shop.id,
      login: 'legacy',
      note: 'Old CRM',
    });
    remote.shift(100 * DAY_MS);
    for (const [login, note] of [
      ['alice', 'Alice — warm-up service'],
      ['invoices', 'Billing system'],
    ] as const) {
      const created = await callApi(app, 'smtp:create', { domainId: shop.id, login, note });
      passwords.set(created.user.login, created.password);
    }
    passwords.set(legacy.user.login, legacy.password);
    const { account } = await callApi(app, 'account:get', {});
    day = account?.day ?? '';
  },
);

/** The page may show notifications; each one it shows is recorded. */
async function recordPageNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', {
      value: RecordedNotification,
      configurable: true,
      writable: true,
    });
  });
}

const shownNotifications = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { shownNotifications: { title: string }[] }).shownNotifications.map(
      (n) => n.title,
    ),
  );

async function openSmtpSettings(): Promise<AppPage> {
  const session = await openApp(browser, app, {
    hash: `#/domains/${shop.id}/smtp`,
    before: recordPageNotifications,
  });
  await session.page.getByRole('heading', { name: 'SMTP Settings for shop.test' }).waitFor();
  return session;
}

describe('The limit guard and the daily-limit rule, in browser mode', () => {
  test('shows each password’s age with a rotation reminder, and encourages one SMTP user per team member', async () => {
    const session = await openSmtpSettings();
    const { page } = session;
    const table = page.getByRole('table', { name: 'SMTP credentials for shop.test' });
    const legacy = table.getByRole('row').filter({ hasText: 'legacy@shop.test' });
    await legacy.getByText('Rotation due').waitFor();
    expect(await legacy.getByRole('cell').nth(1).innerText()).toMatch(
      /^100 days Rotation due\n: older than 90 days/,
    );
    const reset = legacy.getByRole('button', { name: 'Reset Password' });
    const described = (await reset.getAttribute('aria-describedby')) ?? '';
    expect(described.split(' ')).toHaveLength(2);
    const alice = table.getByRole('row').filter({ hasText: 'alice@shop.test' });
    expect(await alice.getByRole('cell').nth(1).innerText()).toBe('Today');

    await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
    await dialog.getByText('One SMTP user per team member or tool:', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await closeApp(session);
  });

  test('warns at 80% and 95% as mail goes out: the usage panel, the shell, and a page notification', async () => {
    const session = await openSmtpSettings();
    const { page } = session;
    const usage = page.getByRole('region', { name: 'Email usage' });

    await sendBulk(app, {
      login: 'alice@shop.test',
      password: passwords.get('alice@shop.test') ?? '',
      recipients: 1200,
    });
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    await usage
      .getByRole('alert')
      .filter({ hasText: 'Over 80% of today’s limit. If the limit is exceeded' })
      .waitFor();
    const banner = page.getByRole('alert').filter({ hasText: 'Daily limit warning.' });
    await banner
      .filter({
        hasText: `80% of today’s sending limit is used: 1,200 of 1,500 emails on ${day} (UTC).`,
      })
      .waitFor();
    await page.getByRole('banner').getByText('1,200 / 1,500 today').waitFor();
    await eventually(() => shownNotifications(page)).toEqual(["80% of today's sending limit used"]);
    await usage.getByText('Pace', { exact: true }).waitFor();

    await sendBulk(app, {
      login: 'invoices@shop.test',
      password: passwords.get('invoices@shop.test') ?? '',
      recipients: 225,
    });
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    await usage
      .getByRole('alert')
      .filter({ hasText: 'Over 95% of today’s limit: only 75 emails left today.' })
      .waitFor();
    await banner
      .filter({ hasText: `95% of today’s sending limit is used: 1,425 of 1,500 emails` })
      .waitFor();
    expect(
      await page
        .getByRole('progressbar', { name: 'Daily sending limit' })
        .getAttribute('aria-valuetext'),
    ).toBe('1,425 of 1,500 emails sent today (95%)');
    await eventually(() => shownNotifications(page)).toEqual([
      "80% of today's sending limit used",
      "95% of today's sending limit used",
    ]);
    expect(await auditBothThemes(page, 'limit-warning-95')).toEqual([]);
    await banner.getByRole('button', { name: 'Dismiss warning' }).click();
    await banner.waitFor({ state: 'detached' });
    await closeApp(session);
  });

  test('past 1,500 every login is deleted: a banner lists them, Recreate waits for the next UTC day, then gives a new password shown once that sends', async () => {
    // Where the test above leaves the day: 1,425 of the 1,500 sent.
    expect(
      await sendBulk(app, {
        login: 'alice@shop.test',
        password: passwords.get('alice@shop.test') ?? '',
        recipients: 1200,
      }),
    ).toEqual([]);
    expect(
      await sendBulk(app, {
        login: 'invoices@shop.test',
        password: passwords.get('invoices@shop.test') ?? '',
        recipients: 225,
      }),
    ).toEqual([]);
    const session = await openSmtpSettings();
    const { page } = session;

    // 75 more reach the limit; the 76th recipient triggers the rule.
    const refused = await sendBulk(app, {
      login: 'alice@shop.test',
      password: passwords.get('alice@shop.test') ?? '',
      recipients: 100,
      from: 2000,
    });
    expect(refused).toHaveLength(25);

    // The app reads the service's event feed when the credentials are listed again.
    await page.getByRole('button', { name: '← Dedicated Domain And IP' }).click();
    await page.getByRole('button', { name: 'SMTP Settings' }).click();
    const banner = page.getByRole('region', {
      name: 'All SMTP credentials were deleted: the daily limit was exceeded',
    });
    await banner.waitFor();
    await banner
      .getByRole('alert')
      .filter({
        hasText: `On ${day} (UTC) the account went over its daily limit of 1,500 emails (the message that went over was sent by alice@shop.test)`,
      })
      .waitFor();
    const lost = banner.getByRole('table', { name: 'SMTP logins deleted by the daily limit' });
    const row = (login: string) => lost.getByRole('row').filter({ hasText: login });
    const cells = async (login: string) =>
      (await row(login).getByRole('cell').allInnerTexts()).slice(0, 2);
    expect(await cells('alice@shop.test')).toEqual(['shop.test', 'Alice — warm-up service']);
    expect(await cells('invoices@shop.test')).toEqual(['shop.test', 'Billing system']);
    expect(await cells('legacy@shop.test')).toEqual(['shop.test', 'Old CRM']);
    await page.getByText('No SMTP credentials yet').waitFor();
    await eventually(() => shownNotifications(page)).toContain(
      'All SMTP credentials were deleted: the daily limit was exceeded',
    );

    // Before the UTC day is over, Recreate says why and does nothing.
    const recreate = row('alice@shop.test').getByRole('button', { name: 'Recreate' });
    expect(await recreate.getAttribute('aria-disabled')).toBe('true');
    const reason = await recreate.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' | '),
    );
    expect(reason).toContain(
      `The daily limit of 1,500 emails was exceeded on ${day} (UTC). Sending is possible again after the count resets at`,
    );
    // Focusable, so the reason is read out; Enter does nothing.
    await recreate.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await auditBothThemes(page, 'revocation-banner')).toEqual([]);

    // A new UTC day at the service.
    remote.nextUtcDay();
    await banner.getByRole('button', { name: 'Check again' }).click();
    await eventually(() => recreate.getAttribute('aria-disabled')).toBe(null);
    await banner.getByText('Sending is possible again', { exact: false }).waitFor();

    await recreate.click();
    const confirm = page.getByRole('dialog', { name: 'Recreate alice@shop.test' });
    await confirm
      .getByText('keeping the note “Alice — warm-up service”', { exact: false })
      .waitFor();
    expect(await auditBothThemes(page, 'recreate-dialog')).toEqual([]);
    await confirm.getByRole('button', { name: 'Recreate', exact: true }).click();
    const done = page.getByRole('dialog', { name: 'SMTP credentials recreated' });
    await done.getByText('This password will not be shown again.').waitFor();
    const password = (
      await done
        .locator('.secret')
        .filter({ hasText: 'Password' })
        .locator('.secret-value')
        .innerText()
    ).trim();
    expect(password).not.toBe(passwords.get('alice@shop.test'));
    await done.getByRole('button', { name: 'Copy password' }).click();
    await eventually(() => clipboardText(page)).toBe(password);
    expect(await auditBothThemes(page, 'recreated-password')).toEqual([]);
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'hidden' });

    await row('alice@shop.test').getByText('Recreated').waitFor();
    const credentials = page.getByRole('table', { name: 'SMTP credentials for shop.test' });
    await credentials
      .getByRole('row')
      .filter({ hasText: 'alice@shop.test' })
      .getByText('Alice — warm-up service')
      .waitFor();
    // The new password sends.
    await sendMail(app, { login: 'alice@shop.test', password });

    for (const login of ['invoices@shop.test', 'legacy@shop.test']) {
      await row(login).getByRole('button', { name: 'Recreate' }).click();
      await page
        .getByRole('dialog', { name: `Recreate ${login}` })
        .getByRole('button', { name: 'Recreate', exact: true })
        .click();
      await page
        .getByRole('dialog', { name: 'SMTP credentials recreated' })
        .getByRole('button', { name: 'Done' })
        .click();
    }
    const allDone = page
      .getByRole('region')
      .filter({ hasText: 'Every SMTP login the daily-limit rule deleted has been recreated.' });
    await allDone.getByRole('button', { name: 'Dismiss' }).click();
    await allDone.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'SMTP Settings for shop.test' }).waitFor();
    await credentials.getByRole('row').filter({ hasText: 'legacy@shop.test' }).waitFor();
    expect(await banner.count()).toBe(0);
    await closeApp(session);
  });
});
