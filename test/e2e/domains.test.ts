/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS,
  launchChromium,
  newContext,
  startWebApp,
  tempDataDir,
  type WebApp,
} from './harness';

let browser: Browser;
const data = tempDataDir();
let app: WebApp;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [browser, app] = await Promise.all([launchChromium(), startWebApp(data.dir)]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  data.remove();
});

async function openApp(): Promise<{ page: Page; addCalls: string[] }> {
  const context = await newContext(browser, app.origin);
  const page = await context.newPage();
  const addCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/domains/add')) addCalls.push(request.postData() ?? '');
  });
  await page.goto(app.url);
  await page.getByRole('heading', { name: 'Dedicated Domain And IP' }).waitFor();
  return { page, addCalls };
}

describe('Dedicated Domain And IP, in browser mode', () => {
  it('starts empty, refuses bad names without sending them, adds a domain with its records, and keeps it', async () => {
    const { page, addCalls } = await openApp();

    // The token leaves the address bar once the page has it.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await expect.poll(() => page.getByText('No dedicated domains yet').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Embedded sandbox').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Add Domain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Domain' });
    const input = dialog.getByRole('textbox', { name: 'Domain name' });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

    // Empty, then uppercase: inline messages, nothing sent.
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await dialog.getByText('Enter a domain name, such as example.com.').waitFor();
    await input.fill('Example.com');
    await dialog.getByRole('alert').filter({ hasText: 'lowercase' }).waitFor();
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await input.fill('shop_example.com');
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await dialog.getByText(/underscores is not allowed/).waitFor();
    expect(addCalls).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'add-domain-invalid.png') });

    // A pasted URL: the clean name is offered and used with one click.
    await input.fill('https://Example.com/pricing');
    await dialog.getByRole('button', { name: 'Use example.com' }).click();
    expect(await input.inputValue()).toBe('example.com');
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();

    await dialog.waitFor({ state: 'hidden' });
    expect(addCalls).toEqual([JSON.stringify({ name: 'example.com' })]);
    await page.getByRole('status').filter({ hasText: 'example.com added' }).waitFor();

    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'example.com' }) });
    await expect.poll(() => row.getByText('Pending').isVisible()).toBe(true);

    const records = page.getByRole('table', { name: 'DNS records for example.com' });
    await records.waitFor();
    expect(await records.getByRole('row').count()).toBe(1 + 7);
    const hosts = await records.locator('tbody tr td:nth-child(3) code').allInnerTexts();
    expect(hosts).toEqual([
      '_kyrios',
      '@',
      'kyrios1._domainkey',
      'kbounce',
      '@',
      '_dmarc',
      'ktrack',
    ]);
    expect(await records.getByText(/^kyrios-verification=[0-9a-f]{32}$/).count()).toBe(1);
    expect(await records.getByText(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'domain-added.png'), fullPage: true });

    // A reload keeps it (the token stays with the tab).
    const verification = await records.getByText(/^kyrios-verification=/).innerText();
    await page.reload();
    await page.getByRole('button', { name: 'example.com' }).click();
    await page.getByText(verification).waitFor();
    await page.context().close();
  });

  it('shows a service error in the dialog: the domain exists', async () => {
    const { page } = await openApp();
    await page.getByRole('button', { name: 'example.com' }).waitFor();
    await page.getByRole('button', { name: 'Add Domain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Domain' });
    await dialog.getByRole('textbox', { name: 'Domain name' }).fill('example.com');
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'example.com is already added to this account.' })
      .waitFor();
    expect(await dialog.isVisible()).toBe(true);

    // Escape closes the dialog and focus returns to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add Domain');
    await page.context().close();
  });

  it('keeps the domains across a restart of the app on the same data folder', async () => {
    await app.stop();
    app = await startWebApp(data.dir);
    const { page } = await openApp();
    await page.getByRole('button', { name: 'example.com' }).click();
    await page.getByRole('table', { name: 'DNS records for example.com' }).waitFor();
    await page.context().close();
  });

  it('refuses a page opened without the token, and says what to do', async () => {
    const context = await newContext(browser, app.origin);
    const page = await context.newPage();
    await page.goto(`${app.origin}/`);
    await page.getByRole('alert').filter({ hasText: 'Missing or wrong session token' }).waitFor();
    await context.close();
  });
});
