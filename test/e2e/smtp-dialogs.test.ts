/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import {
  addVerifiedDomain,
  callApi,
  clipboardText,
  closeApp,
  eventually,
  isFocused,
  KYRIOS_ZONE,
  openApp,
  publishRecords,
  zoneFor,
} from './app-helpers';
import { test } from './fixtures';
import type { WebApp } from './harness';

/**
 * The SMTP dialogs when something goes wrong or changes under them: refusals shown in the dialog
 * with focus on what to fix, toasts above an open dialog, the clipboard setting in Reset
 * Password, focus after the fifth user, and the busy and loading states of SMTP Settings.
 */

test.override('zones', [
  zoneFor('shop.test'),
  zoneFor('rotate.test'),
  zoneFor('pending.test'),
  KYRIOS_ZONE,
]);
/** Each test's own DNS and app on a new data folder (test/e2e/fixtures.ts), set up alike. */
let app: WebApp;
let shop: Domain;
let rotate: Domain;
let pending: Domain;

let browser: Browser;

test.beforeEach(async ({ browser: fixtureBrowser, app: fixtureApp, dns }) => {
  browser = fixtureBrowser;
  app = fixtureApp;
  [shop, rotate, pending] = await Promise.all([
    addVerifiedDomain(app, dns, 'shop.test'),
    addVerifiedDomain(app, dns, 'rotate.test'),
    callApi(app, 'domains:add', { name: 'pending.test' }),
  ]);
});

async function openSmtpSettings(page: Page, domain: Domain): Promise<void> {
  await page.goto(`${app.url}#/domains/${domain.id}/smtp`);
  await page.getByRole('heading', { name: `SMTP Settings for ${domain.name}` }).waitFor();
}

const row = (page: Page, domain: Domain, login: string) =>
  page
    .getByRole('table', { name: `SMTP credentials for ${domain.name}` })
    .getByRole('row')
    .filter({ hasText: login });

/** Holds requests to one contract call until `release()`; counts them. */
function holdCalls(path: string) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = { count: 0, release, path: `**/api/${path}` };
  const handler = async (route: Route) => {
    held.count++;
    await released;
    await route.continue();
  };
  return { held, handler };
}

describe('SMTP dialogs: errors, toasts, focus and busy states, in browser mode', () => {
  test('Create: "Login name"; a refusal in the dialog with focus on the field; toasts above the dialog; the fifth user leaves focus on the limit', async () => {
    for (const login of ['sales', 'billing', 'warmup']) {
      await callApi(app, 'smtp:create', { domainId: shop.id, login });
    }
    const session = await openApp(browser, app);
    const { page } = session;
    await openSmtpSettings(page, shop);
    await page.getByText('3 of 5 SMTP users').waitFor();

    const create = page.getByRole('button', { name: 'Create SMTP Credentials' });
    await create.click();
    const dialog = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
    const login = dialog.getByRole('textbox', { name: 'Login name', exact: true });
    await login.fill('sales');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: /already exists/ })
      .waitFor();
    // Focus back on the field to fix, which the message describes.
    await eventually(() => isFocused(login)).toBe(true);
    // The message describes the field first (then its hint).
    const describedBy = ((await login.getAttribute('aria-describedby')) ?? '').split(' ');
    expect(await page.locator(`[id="${describedBy[0]}"]`).innerText()).toMatch(/already exists/);

    await login.fill('support');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const done = page.getByRole('dialog', { name: 'SMTP credentials added' });
    await done.getByRole('button', { name: 'Copy password' }).click();
    // The toast is in the dialog, above the inert page: seen, read out, and it can be dismissed.
    const toasts = done.locator('.toasts');
    const toast = toasts.locator('.toast').filter({ hasText: 'Password copied.' });
    await toast.waitFor();
    expect(await toasts.getAttribute('aria-live')).toBe('polite');
    expect(await toast.isVisible()).toBe(true);
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await toast.waitFor({ state: 'detached' });
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'hidden' });
    // Back on the page once the dialog is closed.
    await page
      .getByRole('status')
      .filter({ hasText: 'SMTP credentials added for support@shop.test.' })
      .waitFor();
    await eventually(() => isFocused(create)).toBe(true);

    // The fifth: Create is disabled, so focus goes to the note that says why.
    await create.click();
    await login.fill('news');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'hidden' });
    expect(await create.isDisabled()).toBe(true);
    const limit = page.getByText(
      'shop.test has 5 SMTP users: the maximum is 5 per domain. Delete one to create another.',
    );
    await eventually(() => isFocused(limit)).toBe(true);
    await closeApp(session);
  });

  test('Reset Password: copies under the clipboard setting (cleared after its delay, never with 0); a refusal puts focus back on the password', async () => {
    await callApi(app, 'smtp:create', { domainId: rotate.id, login: 'anna' });
    await callApi(app, 'settings:update', { clipboardClearSeconds: 5 });
    const session = await openApp(browser, app, {
      before: (page) => page.clock.install(),
    });
    const { page } = session;
    await openSmtpSettings(page, rotate);

    const reset = page.getByRole('dialog', { name: 'Reset Password' });
    const copyGenerated = async (): Promise<string> => {
      await row(page, rotate, 'anna@rotate.test')
        .getByRole('button', { name: 'Reset Password' })
        .click();
      await reset.getByRole('button', { name: 'Generate a password' }).click();
      const password = await reset.getByLabel('New password').inputValue();
      await reset.getByRole('button', { name: 'Copy password' }).click();
      await eventually(() => clipboardText(page)).toBe(password);
      await reset.getByRole('status').filter({ hasText: 'Password copied.' }).waitFor();
      return password;
    };

    // Five seconds, as set (the default would keep it a minute).
    await copyGenerated();
    await page.clock.fastForward(5_000);
    await eventually(() => clipboardText(page)).toBe('');
    await reset.getByRole('button', { name: 'Cancel' }).click();
    await reset.waitFor({ state: 'hidden' });

    // 0: never cleared, even ten minutes later.
    await callApi(app, 'settings:update', { clipboardClearSeconds: 0 });
    await page.reload();
    await page.getByRole('heading', { name: 'SMTP Settings for rotate.test' }).waitFor();
    const kept = await copyGenerated();
    await page.clock.fastForward('10:00');
    expect(await clipboardText(page)).toBe(kept);

    // The login is deleted elsewhere meanwhile: the refusal shows here, focus on the password.
    await callApi(app, 'smtp:delete', {
      domainId: rotate.id,
      userId: (await callApi(app, 'smtp:list', { domainId: rotate.id })).users[0]!.id,
    });
    await reset.getByRole('button', { name: 'Save' }).click();
    await reset.getByRole('alert').waitFor();
    await eventually(() => isFocused(reset.getByLabel('New password'))).toBe(true);
    await closeApp(session);
    await callApi(app, 'settings:update', { clipboardClearSeconds: 60 });
  });

  test('Delete: a refusal shows in the dialog, focus on Cancel', async () => {
    await callApi(app, 'smtp:create', { domainId: rotate.id, login: 'temp' });
    const session = await openApp(browser, app);
    const { page } = session;
    await openSmtpSettings(page, rotate);
    await row(page, rotate, 'temp@rotate.test').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete temp@rotate.test?' });
    await confirm.waitFor();
    const { users } = await callApi(app, 'smtp:list', { domainId: rotate.id });
    await callApi(app, 'smtp:delete', {
      domainId: rotate.id,
      userId: users.find((u) => u.login === 'temp@rotate.test')!.id,
    });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm
      .getByRole('alert')
      .filter({ hasText: /^Could not delete temp@rotate\.test: / })
      .waitFor();
    await eventually(() => isFocused(confirm.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await closeApp(session);
  });

  test('SMTP Settings: no user count nor a bare disabled Create while the list loads or failed', async () => {
    const session = await openApp(browser, app);
    const { page } = session;
    const { held, handler } = holdCalls('smtp/list');
    await page.route(held.path, handler);
    await openSmtpSettings(page, shop);
    await page.getByRole('status').filter({ hasText: 'Loading the SMTP credentials…' }).waitFor();
    await expect(page.getByText(/of 5 SMTP users/).count()).resolves.toBe(0);
    const note = page.locator('#credentials-limit');
    expect(await note.innerText()).toMatch(/^At most 5 SMTP users per domain\. /);
    const create = page.getByRole('button', { name: 'Create SMTP Credentials' });
    expect(await create.getAttribute('aria-disabled')).toBe('true');
    const reasons = ((await create.getAttribute('aria-describedby')) ?? '').split(' ');
    const described = await Promise.all(
      reasons.map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    expect(described).toContain('Available once the SMTP users are loaded.');
    await create.click({ force: true });
    expect(await page.getByRole('dialog').count()).toBe(0);
    held.release();
    await eventually(() => note.innerText()).toMatch(/^(\d of 5|shop\.test has 5) SMTP users/);
    await page.unroute(held.path);

    // Failed: the reason points at Try again.
    await page.route('**/api/smtp/list', (route) => route.abort());
    await page.reload();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Could not load the SMTP credentials' })
      .waitFor();
    await expect(page.getByText(/of 5 SMTP users/).count()).resolves.toBe(0);
    expect(await create.getAttribute('aria-disabled')).toBe('true');
    expect(await create.getAttribute('title')).toBe(
      'Available once the SMTP users are loaded: try again below.',
    );
    await closeApp(session, [/Failed to load resource/]);
  });

  test('SMTP Settings of an unverified domain: Verify Now shows progress and runs once; the history toggle says what it does', async ({
    dns,
  }) => {
    const session = await openApp(browser, app);
    const { page } = session;
    const { held, handler } = holdCalls('domains/verify');
    await page.route(held.path, handler);
    await openSmtpSettings(page, pending);
    const verify = page.getByRole('button', { name: 'Verify Now' });
    await verify.click();
    const busy = page.getByRole('button', { name: 'Verifying…' });
    await busy.waitFor();
    expect(await busy.getAttribute('aria-busy')).toBe('true');
    expect(await busy.getAttribute('aria-disabled')).toBe('true');
    await page
      .getByRole('status')
      .filter({ hasText: 'Checking the DNS records of pending.test…' })
      .waitFor();
    // Still focused, and a second click does not send a second check.
    expect(await isFocused(busy)).toBe(true);
    // aria-disabled, so Playwright would wait for it to be enabled: click as a user can.
    await busy.click({ force: true });
    await busy.press('Enter');
    held.release();
    await page.getByRole('button', { name: 'Verify Now' }).waitFor();
    expect(held.count).toBe(1);
    await page.unroute(held.path);

    // Published and verified: the explanation and its button are gone, focus is on the heading.
    publishRecords(dns, pending);
    await page.getByRole('button', { name: 'Verify Now' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'SMTP credentials' }).waitFor();
    const heading = page.getByRole('heading', { name: 'SMTP Settings for pending.test' });
    await eventually(() => isFocused(heading)).toBe(true);

    // The checks are in the history: a toggle's name follows what it shows.
    await page.goto(`${app.url}#/domains/${pending.id}`);
    const history = page.getByRole('table', { name: 'Check history of pending.test' });
    const toggle = history.getByRole('row').nth(1).getByRole('button');
    expect(await toggle.getAttribute('aria-label')).toMatch(/^Details of the check at /);
    expect(await toggle.innerText()).toBe('Details');
    await toggle.click();
    await eventually(() => toggle.innerText()).toBe('Hide');
    expect(await toggle.getAttribute('aria-label')).toMatch(/^Hide the details of the check at /);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await eventually(() => toggle.getAttribute('aria-label')).toMatch(/^Details of the check at /);
    await closeApp(session, [/Failed to load resource/]);
  });
});
