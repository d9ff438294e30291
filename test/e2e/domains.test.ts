/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi, closeApp, openApp as openAppPage, type AppPage, eventually } from './app-helpers';
import {
  ARTIFACTS,
  launchChromium,
  newContext,
  startFreshWebApp,
  type FreshWebApp,
  type WebApp,
} from './harness';

let browser: Browser;
/** Each test's own app, on its own new data folder. */
let fresh: FreshWebApp | undefined;
let app: WebApp;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  fresh = await startFreshWebApp();
  app = fresh.app;
});

const sessions: AppPage[] = [];

/** A fresh window on the app, its console watched for CSP violations (checked in afterEach). */
async function openApp(): Promise<{ page: Page; addCalls: string[] }> {
  const session = await openAppPage(browser, app);
  sessions.push(session);
  const addCalls: string[] = [];
  session.page.on('request', (request) => {
    if (request.url().endsWith('/api/domains/add')) addCalls.push(request.postData() ?? '');
  });
  return { page: session.page, addCalls };
}

afterEach(async () => {
  try {
    for (const session of sessions.splice(0)) await closeApp(session);
  } finally {
    await fresh?.close();
    fresh = undefined;
  }
});

describe('Dedicated Domain And IP, in browser mode', () => {
  it('starts empty, refuses bad names without sending them, adds a domain with its records, and keeps it', async () => {
    const { page, addCalls } = await openApp();

    // The token leaves the address bar once the page has it.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await eventually(() => page.getByText('No dedicated domains yet').isVisible()).toBe(true);
    await eventually(() => page.getByText('Embedded sandbox').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Add Domain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Domain' });
    const input = dialog.getByRole('textbox', { name: 'Domain name' });
    await eventually(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

    // Empty, then uppercase: inline messages, nothing sent.
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await dialog.getByText('Enter a domain name, such as example.com.').waitFor();
    await input.fill('Example.com');
    await dialog.getByRole('alert').filter({ hasText: 'lowercase' }).waitFor();
    await dialog.getByRole('alert').getByRole('button', { name: 'Use example.com' }).waitFor();
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await input.fill('shop_example.com');
    await dialog.getByRole('button', { name: 'Add & Verify' }).click();
    await dialog.getByText(/underscores is not allowed/).waitFor();
    expect(addCalls).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'add-domain-invalid.png') });

    // A trailing dot; an internationalised name is no error: it is added in its punycode form.
    await input.fill('example.com.');
    await dialog.getByRole('alert').filter({ hasText: 'Leave out the trailing dot' }).waitFor();
    await dialog.getByRole('button', { name: 'Use example.com' }).waitFor();
    await input.fill('  bücher.example ');
    await dialog
      .getByText(
        'Will be added as xn--bcher-kva.example. bücher.example is registered as its punycode form.',
      )
      .waitFor();
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    expect(addCalls).toEqual([]);

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
      .filter({ has: page.getByRole('button', { name: 'example.com', exact: true }) });
    await eventually(() => row.getByText('Pending').isVisible()).toBe(true);

    const records = page.getByRole('table', { name: 'DNS records for example.com' });
    await records.waitFor();
    expect(await records.getByRole('row').count()).toBe(1 + 7);
    const hosts = await records.locator('tbody tr td:nth-child(3) code.host').allInnerTexts();
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
    await page.getByRole('button', { name: 'example.com', exact: true }).click();
    await page.getByText(verification).waitFor();
  });

  it('shows a service error in the dialog: the domain exists', async () => {
    await callApi(app, 'domains:add', { name: 'example.com' });
    const { page } = await openApp();
    await page.getByRole('button', { name: 'example.com', exact: true }).waitFor();
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
  });

  it('keeps the domains across a restart of the app on the same data folder', async () => {
    await callApi(app, 'domains:add', { name: 'example.com' });
    if (!fresh) throw new Error('no app');
    app = await fresh.restart();
    const { page } = await openApp();
    await page.getByRole('button', { name: 'example.com', exact: true }).click();
    await page.getByRole('table', { name: 'DNS records for example.com' }).waitFor();
  });

  it('keeps a list of 2,000 domains virtualized: filter, status, keyboard from the first row to the last', async () => {
    const { page } = await openApp();
    const domains = Array.from({ length: 2000 }, (_, i) => ({
      id: `d${i}`,
      name: `shop-${String(i)}.example`,
      status: (['pending', 'verified', 'failed'] as const)[i % 3],
      createdAt: '2026-11-26T10:00:00.000Z',
      verifiedAt: null,
      lastCheckedAt: null,
      records: [],
    }));
    // The real renderer and HTTP binding; only the list's answer is made up (2,000 real domains
    // would take minutes of DKIM key generation).
    await page.route('**/api/domains/list', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: true, value: { domains, source: 'live', syncedAt: null } }),
      }),
    );
    await page.reload();
    const table = page.getByRole('table', { name: 'Domains' });
    await page.getByText('2,000 domains').waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe('2001');
    const rendered = await table.getByRole('row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);

    const filter = page.getByRole('searchbox', { name: 'Filter domains' });
    await filter.fill('shop-19');
    await page.getByText('111 of 2,000 domains').waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe('112');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('verified');
    await page.getByText('39 of 2,000 domains').waitFor();
    await filter.fill('nothing-like-this');
    await page.getByText('No verified domain matches “nothing-like-this”.').waitFor();
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await page.getByText('2,000 domains').waitFor();

    // Arrow keys, Home and End move between domains, scrolling the virtual list along.
    const first = page.getByRole('button', { name: 'shop-0.example', exact: true });
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe(
      'shop-1.example',
    );
    await page.keyboard.press('End');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe(
      'shop-999.example',
    );
    await page.keyboard.press('Home');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe(
      'shop-0.example',
    );
    await page.keyboard.press('End');
    // On a loaded machine the virtual list needs a moment to render and focus the last row.
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe(
      'shop-999.example',
    );
    await page.keyboard.press('Enter');
    await eventually(() => new URL(page.url()).hash).toBe('#/domains/d999');
    await page.screenshot({ path: join(ARTIFACTS, 'domain-list-2000.png') });
  });

  it('says when Kyrios cannot be reached, shows the last known domains, and offers to try again after an error', async () => {
    await callApi(app, 'domains:add', { name: 'example.com' });
    const { page } = await openApp();
    const failing = { ok: false, error: { code: 'internal', message: 'The database is locked.' } };
    await page.route('**/api/domains/list', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(failing) }),
    );
    await page.reload();
    const error = page
      .getByRole('alert')
      .filter({ hasText: 'Could not load the domains: The database is locked.' });
    await error.waitFor();

    // Kyrios unreachable: the cached list, when it was synced, and why.
    const domains = (await callApi(app, 'domains:list', {})).domains;
    await page.unroute('**/api/domains/list');
    await page.route('**/api/domains/list', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          ok: true,
          value: {
            domains,
            source: 'cache',
            syncedAt: '2026-11-26T09:30:00.000Z',
            offlineReason: 'connect ECONNREFUSED 127.0.0.1:4100',
          },
        }),
      }),
    );
    await page.route('**/api/connection/get', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          ok: true,
          value: {
            online: false,
            since: '2026-11-26T09:31:00.000Z',
            reason: 'connect ECONNREFUSED 127.0.0.1:4100',
            nextProbeAt: null,
          },
        }),
      }),
    );
    await error.getByRole('button', { name: 'Try again' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          'Kyrios cannot be reached (connect ECONNREFUSED 127.0.0.1:4100). Showing the domains as of',
      })
      .waitFor();
    await page.getByRole('button', { name: 'example.com', exact: true }).waitFor();
    // The shell takes the connection from main when the page loads.
    await page.reload();
    await page.getByRole('banner').getByText('Offline').waitFor();
    expect(await page.getByRole('banner').locator('.account').getAttribute('title')).toMatch(
      /: connect ECONNREFUSED 127\.0\.0\.1:4100$/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'domains-offline.png') });
  });

  it('refuses a page opened without the token, and says what to do', async () => {
    const context = await newContext(browser, app.origin);
    const page = await context.newPage();
    await page.goto(`${app.origin}/`);
    await page.getByRole('alert').filter({ hasText: 'Missing or wrong session token' }).waitFor();
    await context.close();
  });
});
