/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import {
  callApi,
  clipboardText,
  eventually,
  publishRecords,
  seriousViolations,
} from './app-helpers';
import { test } from './fixtures';
import { AppScreens } from './pages/app-screens';
import { DomainsPage } from './pages/domains-page';

/**
 * Browser mode's keyboard shortcuts (the desktop menu's table, with Ctrl on Linux), pressed in
 * Chromium, and a click on a page notification. Keys reach the page through the DevTools
 * protocol: a browser tab keeps Ctrl+N for itself (see shell/shortcuts.ts), the rest are the
 * page's to take.
 */

const toast = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).first().waitFor();

/**
 * Records each Ctrl key press once the page has seen it, and whether the page kept it from the
 * browser (a headless browser does not act on keys sent this way, so that is what tells).
 */
const recordKeys = (page: Page) =>
  page.evaluate(() => {
    const taken: string[] = [];
    (window as unknown as { taken: string[] }).taken = taken;
    window.addEventListener('keydown', (event) => {
      if (event.ctrlKey && event.key.length === 1)
        taken.push(`${event.key}:${event.defaultPrevented}`);
    });
  });
const keysTaken = (page: Page) =>
  page.evaluate(() => (window as unknown as { taken: string[] }).taken);

describe('Keyboard shortcuts in browser mode', () => {
  test('?, Ctrl+, Ctrl+Shift+C, Ctrl+R and Ctrl+N do what the menu does', async ({
    page,
    app,
    dns,
  }) => {
    const shop = await callApi(app, 'domains:add', { name: 'shop.test' });
    publishRecords(dns, shop);
    const screens = new AppScreens(page);
    const domains = new DomainsPage(page, app);

    // ? lists the shortcuts, with the keys as this platform writes them.
    await domains.open();
    await domains.row('shop.test').waitFor();
    await page.keyboard.press('Shift+?');
    const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await list.waitFor();
    const rows = (await list.getByRole('row').allInnerTexts()).slice(1);
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Add Domain .*Ctrl\+N$/),
      expect.stringMatching(/^Verify Now .*Ctrl\+R$/),
      expect.stringMatching(/^Copy All Records .*Ctrl\+Shift\+C$/),
      'Settings Ctrl+,',
      'This list ?',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    // Browser mode has no Help menu: Help is one click away from here, the README's user part.
    await list.getByRole('button', { name: 'Kyrios Desk Help' }).click();
    const help = page.getByRole('dialog', { name: 'Kyrios Desk Help' });
    const readme = help.getByLabel('The README’s user part');
    await readme.getByText('## The desktop app').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // Typed into a field, ? is a character.
    const filter = page.getByRole('searchbox', { name: 'Filter domains' });
    await filter.fill('');
    await filter.press('Shift+?');
    expect(await filter.inputValue()).toBe('?');
    expect(await list.count()).toBe(0);
    await filter.fill('');

    // Ctrl+, opens Settings; there the desktop app's switches are shown off limits.
    await page.keyboard.press('Control+,');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const keep = page.getByRole('checkbox', { name: 'Keep monitoring when the window is closed' });
    expect(await keep.isDisabled()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Start at login' }).isDisabled()).toBe(true);
    await page.getByText('Only in the desktop app', { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // On the domain's page: Ctrl+Shift+C copies its records, Ctrl+R verifies it, no reload.
    await domains.open(shop);
    await recordKeys(page);
    await page.keyboard.press('Control+Shift+C');
    await toast(page, 'DNS records of shop.test copied.');
    const copied = await clipboardText(page);
    for (const record of shop.records) expect(copied).toContain(record.value);

    await page.keyboard.press('Control+R');
    await toast(page, 'shop.test is verified.');

    // Ctrl+N, where the browser passes it on: Add Domain.
    await screens.go('Monitoring');
    await page.keyboard.press('Control+N');
    await page.getByRole('dialog', { name: 'Add Domain' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Add Domain' }).waitFor({ state: 'detached' });
    // On the domains page, the domain last open still open.
    await page.getByRole('heading', { level: 1, name: 'Dedicated Domain And IP' }).waitFor();
    await domains.records('shop.test').waitFor();

    // With no domain open, Ctrl+R stays the browser's (its reload): the page lets it pass.
    await screens.go('Monitoring');
    await page.keyboard.press('Control+R');
    expect(await keysTaken(page)).toEqual(['C:true', 'R:true', 'N:true', 'R:false']);
  });

  test('a click on a page notification opens the domain that raised it', async ({
    page,
    app,
    dns,
  }) => {
    // The page may show notifications; each one is kept so the test can click it.
    await page.addInitScript(() => {
      const shown: { title: string; onclick: (() => void) | null }[] = [];
      (window as unknown as { shown: typeof shown }).shown = shown;
      class ClickableNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(readonly title: string) {
          shown.push(this);
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', {
        value: ClickableNotification,
        configurable: true,
        writable: true,
      });
    });
    await page.reload();
    const screens = new AppScreens(page);
    await screens.go('Audit log');

    // Its records published, monitoring finds the pending domain ready to Verify Now.
    const pending = await callApi(app, 'domains:add', { name: 'pending.test' });
    publishRecords(dns, pending);
    await callApi(app, 'monitor:run', {});
    const titles = () =>
      page.evaluate(() =>
        (window as unknown as { shown: { title: string }[] }).shown.map((n) => n.title),
      );
    await eventually(titles).toContainEqual(expect.stringContaining('pending.test'));

    await page.evaluate(() => {
      const { shown } = window as unknown as {
        shown: { title: string; onclick: (() => void) | null }[];
      };
      shown.find((n) => n.title.includes('pending.test'))?.onclick?.();
    });
    await page.getByRole('heading', { level: 2, name: 'pending.test' }).waitFor();
    expect(page.url()).toContain(`#/domains/${pending.id}`);
  });
});
