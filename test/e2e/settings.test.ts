/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import {
  addVerifiedDomain,
  auditBothThemes,
  callApi,
  closeApp,
  eventually,
  isFocused,
  KYRIOS_ZONE,
  openApp,
  sendMail,
  zoneFor,
} from './app-helpers';
import { test } from './fixtures';
import type { WebApp } from './harness';

/** Settings, accounts and the audit log, in browser mode on the embedded sandbox. */

test.override('zones', [zoneFor('shop.test'), KYRIOS_ZONE]);
/** Each test's own DNS and app on a new data folder (test/e2e/fixtures.ts), set up alike. */
let app: WebApp;
let dataDir: string;

let browser: Browser;

test.beforeEach(async ({ browser: fixtureBrowser, app: fixtureApp, dns, fresh }) => {
  browser = fixtureBrowser;
  app = fixtureApp;
  dataDir = fresh.dataDir;
  const shop = await addVerifiedDomain(app, dns, 'shop.test');
  const sales = await callApi(app, 'smtp:create', { domainId: shop.id, login: 'sales' });
  await sendMail(app, { login: sales.user.login, password: sales.password, count: 2 });
});

async function goTo(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
  const heading = page.getByRole('heading', { level: 1, name: screen });
  await heading.waitFor();
  await eventually(() => isFocused(heading)).toBe(true);
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return download;
}

async function textOf(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

describe('Settings, accounts and the audit log, in browser mode', () => {
  test('saves settings with the keyboard, showing the service’s validation messages at the fields', async () => {
    const session = await openApp(browser, app);
    const { page } = session;
    await goTo(page, 'Settings');
    const interval = page.getByRole('textbox', { name: 'Monitoring interval (minutes)' });
    await eventually(() => interval.inputValue()).toBe('60');
    expect(await page.getByRole('textbox', { name: 'Rotation reminder (days)' }).inputValue()).toBe(
      '90',
    );
    expect(await page.getByRole('checkbox', { name: 'Notifications' }).isChecked()).toBe(true);
    // Browser mode: until the page may show its own, notifications appear inside the window.
    await page.getByText('they appear inside the window', { exact: false }).waitFor();

    // The app was started with --resolver: the resolvers' hint says those are asked instead.
    const resolvers = page.getByRole('textbox', { name: 'DNS resolvers' });
    const resolverHint = await resolvers.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(resolverHint).toContain('Now Kyrios Desk was started with --resolver 127.0.0.1:');

    // Out of range, and a resolver line that is no address: said at each field, in the form's
    // words (the range, the line), before anything is sent.
    await interval.fill('2');
    await resolvers.fill('1.1.1.1\nbanana');
    await interval.press('Enter');
    const formError = page.getByRole('alert').filter({ hasText: /^Not saved/ });
    await formError.waitFor();
    expect(await formError.innerText()).toBe(
      'Not saved: check Monitoring interval (minutes), DNS resolvers.',
    );
    const firstDescription = (field: typeof interval) =>
      field.evaluate(
        (el) =>
          document.getElementById((el.getAttribute('aria-describedby') ?? '').split(' ')[0] ?? '')
            ?.textContent,
      );
    expect(await resolvers.getAttribute('aria-invalid')).toBe('true');
    expect(await firstDescription(resolvers)).toBe(
      'Resolver 2 (“banana”) is not an IP address: type one per line, such as 1.1.1.1 or [2001:db8::53]:53.',
    );
    expect(await interval.getAttribute('aria-invalid')).toBe('true');
    expect(await firstDescription(interval)).toBe(
      'Enter a whole number of minutes from 5 to 1,440.',
    );
    await resolvers.fill('');

    // A blocklist zone that is no DNS zone: refused at its row.
    await interval.fill('30');
    await page.getByRole('button', { name: 'Add blocklist' }).click();
    await page.getByRole('textbox', { name: 'Name of blocklist 6' }).fill('Local list');
    const zone = page.getByRole('textbox', { name: 'Zone of blocklist 6' });
    await zone.fill('not a zone');
    await zone.press('Enter');
    await page
      .getByRole('alert')
      .filter({
        hasText: 'Not saved. Zone of blocklist 6: must be a DNS zone such as zen.spamhaus.org.',
      })
      .waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await auditBothThemes(page, 'settings-invalid')).toEqual([]);

    await zone.fill('dnsbl.example.test');
    await page.getByRole('button', { name: 'Remove blocklist 5 (PSBL)' }).click();
    await page.getByRole('textbox', { name: 'Clear copied passwords after (seconds)' }).fill('0');
    await page.getByRole('textbox', { name: 'Rotation reminder (days)' }).fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    const saved = await callApi(app, 'settings:get', {});
    expect(saved).toMatchObject({
      monitorIntervalMinutes: 30,
      clipboardClearSeconds: 0,
      rotationReminderDays: 30,
      dnsResolvers: [],
    });
    expect(saved.blocklists.map((b) => b.zone)).toEqual([
      'zen.spamhaus.org',
      'bl.spamcop.net',
      'b.barracudacentral.org',
      'dnsbl-1.uceprotect.net',
      'dnsbl.example.test',
    ]);
    expect(await page.getByRole('button', { name: 'Discard changes' }).isDisabled()).toBe(true);

    // Monitoring follows the interval.
    await goTo(page, 'Monitoring');
    await page
      .getByText('re-checked from this computer every 30 minutes', { exact: false })
      .waitFor();
    await closeApp(session);
  });

  test('adds a remote account (refusing a wrong key), says where its key is kept and why, switches, and removes it', async () => {
    const session = await openApp(browser, app);
    const { page } = session;
    await goTo(page, 'Accounts');
    const list = page.getByRole('list', { name: 'Accounts' });
    const sandbox = list.getByRole('listitem', { name: 'Embedded sandbox' });
    await sandbox.getByText('In use').waitFor();
    await page
      .getByRole('note')
      .filter({
        hasText: 'API keys are not written to disk here. Browser mode never writes API keys',
      })
      .waitFor();

    const { accounts } = await callApi(app, 'accounts:list', {});
    const baseUrl = accounts.find((a) => a.kind === 'sandbox')?.baseUrl ?? '';
    const apiKey = readFileSync(join(dataDir, 'sandbox', 'api-key'), 'utf8').trim();

    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByRole('textbox', { name: 'Label' }).fill('Staging');
    await dialog.getByRole('textbox', { name: 'Base URL' }).fill(baseUrl);
    await dialog.getByLabel('API key').fill('not-the-key');
    await dialog
      .getByText('Kept in memory only: Browser mode never writes API keys', { exact: false })
      .waitFor();
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).not.toBe('');
    expect(await auditBothThemes(page, 'accounts-add-refused')).toEqual([]);
    await dialog.getByLabel('API key').fill(apiKey);
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const staging = list.getByRole('listitem', { name: 'Staging' });
    await staging.getByText('In use').waitFor();
    await staging.getByText('Kept in memory only, until Kyrios Desk stops.').waitFor();
    await page.getByRole('banner').getByText('Staging').waitFor();
    expect(await auditBothThemes(page, 'accounts')).toEqual([]);

    await staging.getByRole('button', { name: 'Set key for Staging' }).click();
    const setKey = page.getByRole('dialog', { name: 'Set the API key' });
    await setKey.getByRole('button', { name: 'Save key' }).click();
    await setKey.getByRole('alert').filter({ hasText: 'Enter the API key.' }).waitFor();
    expect(await auditBothThemes(page, 'accounts-set-key')).toEqual([]);
    await page.keyboard.press('Escape');
    await setKey.waitFor({ state: 'hidden' });

    await sandbox.getByRole('button', { name: 'Switch to Embedded sandbox' }).click();
    await sandbox.getByText('In use').waitFor();
    await page.getByRole('banner').getByText('Embedded sandbox').waitFor();
    await staging.getByRole('button', { name: 'Remove Staging' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Staging?' });
    expect(await auditBothThemes(page, 'accounts-remove')).toEqual([]);
    await confirm.getByRole('button', { name: 'Remove account' }).click();
    await staging.waitFor({ state: 'detached' });
    await closeApp(session);
  });

  test('lists every action with its time and account, and exports the audit log and the usage as CSV', async () => {
    // What the two tests above do, through the API: settings saved; a remote account added (in
    // use at once, as the dialog does), the sandbox switched back to, the account removed.
    await callApi(app, 'settings:update', {
      monitorIntervalMinutes: 30,
      clipboardClearSeconds: 0,
      rotationReminderDays: 30,
    });
    const { accounts } = await callApi(app, 'accounts:list', {});
    const sandboxAccount = accounts.find((a) => a.kind === 'sandbox');
    if (!sandboxAccount) throw new Error('no sandbox account');
    const { account: staging } = await callApi(app, 'accounts:add', {
      label: 'Staging',
      baseUrl: sandboxAccount.baseUrl,
      apiKey: readFileSync(join(dataDir, 'sandbox', 'api-key'), 'utf8').trim(),
      activate: true,
    });
    await callApi(app, 'accounts:switch', { accountId: sandboxAccount.id });
    await callApi(app, 'accounts:remove', { accountId: staging.id });
    const session = await openApp(browser, app);
    const { page } = session;
    await goTo(page, 'Audit log');
    const table = page.getByRole('table', { name: 'Audit log' });
    const actions = async () =>
      table
        .getByRole('row')
        .evaluateAll((rows) =>
          rows.slice(1).map((row) => [...row.children].slice(1, 4).map((c) => c.textContent)),
        );
    await eventually(async () => (await actions()).length).toBeGreaterThanOrEqual(8);
    const seen = await actions();
    expect(seen).toEqual(
      expect.arrayContaining([
        ['Embedded sandbox', 'Domain added', 'shop.test'],
        ['Embedded sandbox', 'SMTP user created', 'sales@shop.test'],
        [
          'Embedded sandbox',
          'Settings changed',
          expect.stringContaining('Monitoring interval (minutes)') as unknown,
        ],
        ['Staging', 'Account added', 'Staging'],
        ['Staging', 'Account removed', 'Staging'],
        ['Embedded sandbox', 'Account switched to', 'Embedded sandbox'],
      ]),
    );
    expect(await auditBothThemes(page, 'audit-log')).toEqual([]);

    const audit = await downloaded(page, () =>
      page.getByRole('button', { name: 'Export audit log as CSV' }).click(),
    );
    expect(audit.suggestedFilename()).toMatch(/\.csv$/);
    const auditCsv = await textOf(audit);
    expect(auditCsv.split('\r\n')[0]).toMatch(/time|at/i);
    expect(auditCsv).toContain('shop.test');
    expect(auditCsv.trim().split('\r\n').length).toBe(seen.length + 1);

    await page.getByRole('combobox', { name: 'Usage CSV rows' }).selectOption('user');
    const usage = await downloaded(page, () =>
      page.getByRole('button', { name: 'Export usage as CSV' }).click(),
    );
    const usageCsv = await textOf(usage);
    expect(usageCsv).toContain('sales@shop.test');

    // One account only.
    await page
      .getByRole('combobox', { name: 'Account' })
      .selectOption({ label: 'Embedded sandbox' });
    await eventually(async () =>
      (await actions()).every(([account]) => account === 'Embedded sandbox'),
    ).toBe(true);
    await closeApp(session);
  });
});
