/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns';
import {
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
 * The ⋯ menu used from the list, with the domain's page never opened, and what the list and the
 * domain's page say around it: each test on its own data folder and its own DNS.
 */

test.override('zones', [
  // Already sends through another service: its one SPF record must become one merged record.
  {
    ...zoneFor('legacy.test'),
    ttl: 0,
    records: [
      { name: 'legacy.test', type: 'TXT', value: 'v=spf1 include:mail.legacy-esp.test -all' },
    ],
  },
  {
    origin: 'legacy-esp.test',
    records: [
      { name: 'mail.legacy-esp.test', type: 'TXT', value: 'v=spf1 ip4:203.0.113.0/24 -all' },
    ],
  },
  // Hosted at Amazon Route 53, as its NS names say: no "@" in its Record name field.
  zoneFor('r53.test', ['ns-1.awsdns-01.com', 'ns-2.awsdns-02.net']),
  KYRIOS_ZONE,
]);
// A caching resolver in front of the authoritative servers, as people's resolvers are.
test.override('resolver', async ({ dns }, { onCleanup }) => {
  const resolver = await startDnsFixture({ resolverFor: [dns] });
  onCleanup(() => resolver.close());
  return resolver;
});

let browser: Browser;
let auth: DnsFixture;
let app: WebApp;

test.beforeEach(({ browser: fixtureBrowser, dns, app: fixtureApp }) => {
  browser = fixtureBrowser;
  auth = dns;
  app = fixtureApp;
});

const MERGED = 'v=spf1 include:mail.legacy-esp.test include:spf.sandbox.kyrios.test -all';

/** legacy.test added and checked through the contract, its SPF record left as it was. */
async function legacyChecked() {
  const domain = await callApi(app, 'domains:add', { name: 'legacy.test' });
  publishRecords(auth, { ...domain, records: domain.records.filter((r) => r.purpose !== 'spf') });
  await callApi(app, 'domains:verify', { domainId: domain.id });
  const generated = domain.records.find((r) => r.purpose === 'spf')?.value;
  if (!generated) throw new Error('no SPF record generated');
  return { domain, generated };
}

const listRow = (page: Page, name: string) =>
  page
    .getByRole('region', { name: 'Domain list' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });

async function openMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menu', { name: `Actions for ${name}` }).waitFor();
}

describe('The ⋯ menu from the domain list', () => {
  test('copies and exports the merged SPF record without the domain’s page ever opened, and claims no "Saved"', async () => {
    const { generated } = await legacyChecked();
    expect(generated).not.toBe(MERGED);
    const session = await openApp(browser, app);
    const { page } = session;
    await listRow(page, 'legacy.test').waitFor();
    expect(await page.getByRole('table', { name: 'DNS records for legacy.test' }).count()).toBe(0);

    await page.evaluate(() => navigator.clipboard.writeText(''));
    await openMenu(page, 'legacy.test');
    await page.getByRole('menuitem', { name: 'Copy DNS records' }).click();
    await eventually(() => clipboardText(page)).toMatch(/^Purpose\tType\tHost/);
    const copied = await clipboardText(page);
    expect(copied).toContain(`\tlegacy.test\t${MERGED}\t`);
    expect(copied).not.toContain(`\t${generated}\t`);

    await openMenu(page, 'legacy.test');
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Export zone file' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('legacy.test.zone');
    const zone = readFileSync((await file.path()) ?? '', 'utf8');
    expect(zone).toContain(`"${MERGED}"`);
    expect(zone).not.toContain(`"${generated}"`);
    // The page cannot know whether a save dialog was confirmed: it does not say "Saved".
    expect(await page.getByText('Saved legacy.test.zone').count()).toBe(0);
    await closeApp(session);
  });

  test('shows Verify Now in progress on the list row and keeps the item disabled meanwhile; the page’s button keeps focus', async () => {
    await legacyChecked();
    const session = await openApp(browser, app);
    const { page } = session;
    const row = listRow(page, 'legacy.test');
    await row.waitFor();

    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/domains/verify', async (route) => {
      await held;
      await route.continue();
    });
    await openMenu(page, 'legacy.test');
    await page.getByRole('menuitem', { name: 'Verify Now' }).click();
    await row.getByText('Verifying…').waitFor();
    await openMenu(page, 'legacy.test');
    expect(
      await page.getByRole('menuitem', { name: 'Verifying…' }).getAttribute('aria-disabled'),
    ).toBe('true');
    await page.keyboard.press('Escape');
    release();
    await page.getByRole('status').filter({ hasText: 'legacy.test is not verified yet' }).waitFor();
    await eventually(() => row.getByText('Verifying…').count()).toBe(0);
    await row.getByText('Just now').waitFor();

    // On the domain's page, by keyboard: the busy button keeps focus, so focus stays put.
    const hold = new Promise<void>((resolve) => (release = resolve));
    await page.unroute('**/api/domains/verify');
    await page.route('**/api/domains/verify', async (route) => {
      await hold;
      await route.continue();
    });
    await row.getByRole('button', { name: 'legacy.test', exact: true }).click();
    const detail = page.getByRole('region', { name: 'legacy.test' });
    const verify = detail.getByRole('button', { name: 'Verify Now' });
    await verify.focus();
    await page.keyboard.press('Enter');
    const busy = detail.getByRole('button', { name: 'Verifying…' });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    expect(await busy.getAttribute('aria-busy')).toBe('true');
    expect(await isFocused(busy)).toBe(true);
    // Enter again does not start a second run.
    await page.keyboard.press('Enter');
    release();
    await detail.getByRole('button', { name: 'Verify Now' }).waitFor();
    expect(await isFocused(detail.getByRole('button', { name: 'Verify Now' }))).toBe(true);
    await page.unroute('**/api/domains/verify');
    await closeApp(session);
  });

  test('says a failed delete inside the confirmation dialog, which stays open', async () => {
    await legacyChecked();
    const session = await openApp(browser, app);
    const { page } = session;
    await listRow(page, 'legacy.test').waitFor();
    await page.route('**/api/domains/delete', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: { code: 'service_error', message: 'Kyrios is busy, try again.' },
        }),
      }),
    );
    await openMenu(page, 'legacy.test');
    await page.getByRole('menuitem', { name: 'Delete domain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete legacy.test?' });
    await dialog.getByRole('button', { name: 'Delete domain' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'Could not delete legacy.test: Kyrios is busy, try again.' })
      .waitFor();
    expect(await dialog.isVisible()).toBe(true);

    await page.unroute('**/api/domains/delete');
    await dialog.getByRole('button', { name: 'Delete domain' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'legacy.test deleted.' }).waitFor();
    await closeApp(session);
  });
  test('fits a window too short for the whole menu: it scrolls, and its last item can be reached', async () => {
    await legacyChecked();
    const session = await openApp(browser, app);
    const { page } = session;
    await page.setViewportSize({ width: 900, height: 260 });
    await listRow(page, 'legacy.test').waitFor();
    await openMenu(page, 'legacy.test');
    const menu = page.getByRole('menu', { name: 'Actions for legacy.test' });
    const box = await menu.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 260).toBe(true);
    expect(await menu.evaluate((m) => m.scrollHeight > m.clientHeight)).toBe(true);
    await page.getByRole('menuitem', { name: 'Delete domain' }).click();
    await page.getByRole('dialog', { name: 'Delete legacy.test?' }).waitFor();
    await closeApp(session);
  });
});

describe('The domain list and page around it', () => {
  test('says what the filter asked for when nothing matches', async () => {
    await callApi(app, 'domains:add', { name: 'legacy.test' });
    const session = await openApp(browser, app);
    const { page } = session;
    await listRow(page, 'legacy.test').waitFor();
    const list = page.getByRole('region', { name: 'Domain list' });
    // Not verified: its records are not published.
    await list.getByRole('combobox', { name: 'Status' }).selectOption('verified');
    await list.getByText('No verified domains.', { exact: true }).waitFor();
    await list.getByRole('searchbox', { name: 'Filter domains' }).fill('zzz');
    await list.getByText('No verified domain matches “zzz”.', { exact: true }).waitFor();
    await list.getByRole('combobox', { name: 'Status' }).selectOption('all');
    await list.getByText('No domain matches “zzz”.', { exact: true }).waitFor();
    await closeApp(session);
  });

  test('copies the host Route 53 wants (no "@"), and does not claim resolvers agree on records nobody serves', async () => {
    const domain = await callApi(app, 'domains:add', { name: 'r53.test' });
    await callApi(app, 'domains:verify', { domainId: domain.id });
    const session = await openApp(browser, app, { hash: `#/domains/${domain.id}` });
    const { page } = session;
    await page
      .getByRole('note', { name: 'Publishing at Amazon Route 53' })
      .getByText('r53.test is hosted at Amazon Route 53.')
      .waitFor();
    const table = page.getByRole('table', { name: 'DNS records for r53.test' });
    const row = (purpose: string) =>
      table
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: purpose, exact: true }) });

    const apex = domain.records.filter((r) => r.name === 'r53.test');
    expect(apex.length).toBeGreaterThan(0);
    const spf = row('SPF');
    await spf.getByText('Leave empty', { exact: true }).waitFor();
    expect(await spf.getByRole('button', { name: 'Copy host' }).count()).toBe(0);
    expect(await spf.getByText('@', { exact: true }).count()).toBe(0);

    await row('Verification').getByRole('button', { name: 'Copy host' }).click();
    await eventually(() => clipboardText(page)).toBe('_kyrios');

    await page.getByRole('button', { name: 'Copy all records' }).click();
    await eventually(() => clipboardText(page)).toMatch(/^Purpose\tType\tHost/);
    const lines = (await clipboardText(page)).split('\n');
    for (const line of lines.filter((l) => l.split('\t')[3] === 'r53.test')) {
      expect(line.split('\t')[2]).toBe('');
    }

    // Nothing is published: the grid is all ✗, and the sentence under it says why.
    const summary = page.getByRole('region', { name: 'Propagation' }).getByRole('status');
    await summary.waitFor();
    const said = await summary.innerText();
    expect(said).not.toMatch(/agrees/);
    expect(said).toMatch(/no resolver/i);
    await closeApp(session);
  });

  test('lets "Just now" age on the list row and the domain’s page', async () => {
    const { domain } = await legacyChecked();
    const session = await openApp(browser, app, {
      hash: `#/domains/${domain.id}`,
      before: (page) => page.clock.install(),
    });
    const { page } = session;
    const row = listRow(page, 'legacy.test');
    await row.getByText('Just now').waitFor();
    const detail = page.getByRole('region', { name: 'legacy.test' });
    await detail.getByText(/last check just now/).waitFor();
    await page.clock.fastForward('05:00');
    await row.getByText('5 min ago').waitFor();
    await detail.getByText(/last check 5 min ago/).waitFor();
    await closeApp(session);
  });
});
