/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { Domain } from '../../src/shared/domain';
import type { DnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  auditBothThemes,
  callApi,
  closeApp,
  eventually,
  KYRIOS_ZONE,
  openApp,
  publishRecords,
  zoneFor,
} from './app-helpers';
import { test } from './fixtures';
import type { WebApp } from './harness';
import { DEDICATED_IP, E2E_BLOCKLISTS, ipZones, SPAMCOP_QUERY, SPAMCOP_REASON } from './ip-zones';

/**
 * Monitoring and the dedicated IP, end to end: the DNS fixture is the world (the domains' zones,
 * the reverse zone of the dedicated IP and the blocklists), the embedded sandbox is Kyrios.
 */

test.override('zones', [zoneFor('shop.test'), zoneFor('pending.test'), KYRIOS_ZONE, ...ipZones()]);
test.override('appArgs', ['--dedicated-ip', DEDICATED_IP]);
/** Each test's own DNS and app on a new data folder (test/e2e/fixtures.ts), set up alike. */
let dns: DnsFixture;
let app: WebApp;
let shop: Domain;
let pending: Domain;

let browser: Browser;

test.beforeEach(async ({ browser: fixtureBrowser, app: fixtureApp, dns: fixtureDns }) => {
  browser = fixtureBrowser;
  app = fixtureApp;
  dns = fixtureDns;

  await callApi(app, 'settings:update', { blocklists: E2E_BLOCKLISTS });
  [shop, pending] = await Promise.all([
    addVerifiedDomain(app, dns, 'shop.test'),
    callApi(app, 'domains:add', { name: 'pending.test' }),
  ]);
});

describe('Monitoring and the dedicated IP, in browser mode', () => {
  test('shows the dedicated IP: PTR forward-confirmed, listed, not listed and unknown (a refused query) with why, and re-checks', async () => {
    const session = await openApp(browser, app);
    const { page } = session;
    const panel = page.getByRole('region', { name: `Dedicated IP ${DEDICATED_IP}` });
    await panel.waitFor();

    await panel.getByRole('button', { name: 'Re-check IP' }).click();
    const summary = panel.getByRole('status').filter({ hasText: 'Reverse DNS:' });
    await summary
      .filter({
        hasText:
          'Reverse DNS: mail.example.test, forward-confirmed · 3 blocklists: 1 listed, 0 not listed, 2 unknown',
      })
      .waitFor();
    // Something needs attention: the details are open without asking.
    const toggle = panel.getByRole('button', { name: 'Hide IP details' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await panel
      .getByText('Reverse DNS is mail.example.test, which resolves back to 192.0.2.10.')
      .waitFor();
    expect(await panel.getByText('Yes: mail.example.test resolves to 192.0.2.10').count()).toBe(1);

    const lists = panel.getByRole('table', { name: `Blocklists for ${DEDICATED_IP}` });
    const row = (name: string) => lists.getByRole('row').filter({ hasText: name });
    expect(await row('SpamCop').getByRole('cell').first().innerText()).toBe('Listed');
    expect(await row('SpamCop').innerText()).toContain(SPAMCOP_REASON);
    expect(await row('Spamhaus ZEN').getByRole('cell').first().innerText()).toBe('Unknown');
    expect(await row('Spamhaus ZEN').innerText()).toContain(
      'The list refused to answer (127.255.255.254)',
    );
    expect(await row('Unreachable list').getByRole('cell').first().innerText()).toBe('Unknown');
    expect(await row('Unreachable list').innerText()).toContain('No usable answer (REFUSED)');

    // The listing is a notification too (in the window: the page may not show its own).
    const notifications = page.getByRole('region', { name: 'Notifications' });
    await notifications.getByText('Dedicated IP needs attention.').waitFor();
    expect(await auditBothThemes(page, 'dedicated-ip-listed')).toEqual([]);

    // Delisted: a re-check says so, and the details can be folded away with the keyboard.
    dns.removeRecords(SPAMCOP_QUERY);
    await panel.getByRole('button', { name: 'Re-check IP' }).click();
    await summary.filter({ hasText: '3 blocklists: 0 listed, 1 not listed, 2 unknown' }).waitFor();
    expect(await row('SpamCop').getByRole('cell').first().innerText()).toBe('Not listed');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await panel.getByRole('button', { name: 'Show IP details' }).waitFor();
    expect(await lists.isVisible()).toBe(false);

    await notifications.getByRole('button', { name: 'Dismiss notification' }).first().click();
    await closeApp(session);
  });

  test('checks all domains now, raises drift with what changed and since when, shows the timeline, and says when a pending domain is ready to Verify Now', async () => {
    // The dedicated IP as the test above leaves it: checked while listed, then delisted.
    expect((await callApi(app, 'ip:check', {})).result?.status).toBe('fail');
    dns.removeRecords(SPAMCOP_QUERY);
    expect((await callApi(app, 'ip:check', {})).result?.status).toBe('warn');
    const session = await openApp(browser, app);
    const { page } = session;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Monitoring' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
    await page
      .getByText('re-checked from this computer every 60 minutes', { exact: false })
      .waitFor();

    const checkAll = page.getByRole('button', { name: 'Check all now' });
    await checkAll.click();
    const lastRun = page.getByRole('region', { name: 'Runs' });
    await lastRun.getByText('2 of 2 domains checked (Check all now)', { exact: false }).waitFor();
    await eventually(() => checkAll.isEnabled()).toBe(true);

    // Someone edits the zone at the DNS host: SPF loses the service's include.
    const spf = shop.records.find((r) => r.purpose === 'spf');
    if (!spf) throw new Error('no SPF record');
    dns.setRecords(spf.name, 'TXT', ['v=spf1 -all'], 0);
    const before = Date.now();
    await checkAll.click();
    const alerts = page.getByRole('list', { name: 'Open alerts' });
    const drift = alerts.getByRole('listitem', {
      name: 'SPF record (TXT shop.test) broke on shop.test',
    });
    await drift.waitFor();
    expect(await drift.getByText('DNS record broke', { exact: true }).count()).toBe(1);
    const values = await drift.locator('dd').allInnerTexts();
    expect(values).toEqual(['SPF record (TXT shop.test)', spf.value, 'v=spf1 -all']);
    const since = (await drift.getByText(/^Since /).innerText()).trim();
    expect(since).toMatch(/^Since .+ \((just now|1 min ago)\)$/);
    expect(Date.now() - before).toBeLessThan(60_000);
    // The main navigation counts it; the notification says it in the window.
    await page.getByRole('link', { name: /^Monitoring \(\d open alerts?\)$/ }).waitFor();
    await page
      .getByRole('region', { name: 'Notifications' })
      .getByText('DNS record broke on shop.test.')
      .waitFor();
    expect(await auditBothThemes(page, 'monitoring-drift')).toEqual([]);

    // The pending domain's records get published: ready to Verify Now.
    publishRecords(dns, pending);
    await checkAll.click();
    const ready = alerts.getByRole('listitem', { name: 'pending.test is ready to Verify Now' });
    await ready.waitFor();

    // The drift on the domain's own page, with the timeline of what changed.
    await drift.getByRole('button', { name: 'Open shop.test' }).click();
    await page.getByRole('heading', { level: 2, name: 'shop.test' }).waitFor();
    await page
      .getByRole('list', { name: 'Monitoring alerts for shop.test' })
      .getByRole('listitem', { name: 'SPF record (TXT shop.test) broke on shop.test' })
      .waitFor();
    const timeline = page.getByRole('table', { name: 'Record changes of shop.test' });
    const change = timeline.getByRole('row').filter({ hasText: 'Pass → Fail' });
    await change.waitFor();
    expect(await change.getByRole('cell').allInnerTexts()).toEqual([
      'SPF record (TXT shop.test)',
      'Pass → Fail',
      `Was ${spf.value}\nNow v=spf1 -all`,
    ]);
    expect(await auditBothThemes(page, 'domain-drift-timeline')).toEqual([]);

    // Verify Now from the alert: the domain is verified and the alert goes away by itself.
    await page.getByRole('link', { name: /^Monitoring/ }).click();
    await ready.getByRole('button', { name: 'Verify Now' }).click();
    await page.getByRole('status').filter({ hasText: 'pending.test is verified.' }).waitFor();
    await ready.waitFor({ state: 'detached' });

    // Fixed at the DNS host: the next run resolves the drift, kept under "resolved".
    dns.setRecords(spf.name, 'TXT', [spf.value], 0);
    await checkAll.click();
    await drift.waitFor({ state: 'detached' });
    await page.getByText('No open alerts.', { exact: false }).waitFor();
    await page.getByRole('checkbox', { name: 'Show resolved alerts' }).check();
    await page
      .getByRole('list', { name: 'Resolved alerts' })
      .getByRole('listitem', { name: 'SPF record (TXT shop.test) broke on shop.test' })
      .waitFor();
    await closeApp(session);
  });
});
