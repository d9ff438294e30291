/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  auditBothThemes,
  callApi,
  closeApp,
  eventually,
  KYRIOS_ZONE,
  menuFocus,
  openApp,
  sendMail,
  zoneFor,
} from './app-helpers';
import { launchChromium, startWebApp, tempDataDir, type WebApp } from './harness';
import { startRemoteSandbox, type RemoteSandbox } from './remote-sandbox';

/**
 * Offline for real: the app's account is a sandbox on a fixed port, stopped while the page is open
 * and started again. Nothing in the page is faked.
 */

let browser: Browser;
let dns: DnsFixture;
let remote: RemoteSandbox;
let app: WebApp;
let shop: Domain;
const data = tempDataDir();

beforeAll(async () => {
  dns = await startDnsFixture({ zones: [zoneFor('shop.test'), KYRIOS_ZONE] });
  remote = await startRemoteSandbox(dns);
  [browser, app] = await Promise.all([
    launchChromium(),
    startWebApp(data.dir, {
      env: remote.env,
      args: ['--authoritative', dns.address, '--resolver', dns.address],
    }),
  ]);
  shop = await addVerifiedDomain(app, dns, 'shop.test');
  const ops = await callApi(app, 'smtp:create', {
    domainId: shop.id,
    login: 'ops',
    note: 'Ops mailer',
  });
  await sendMail(app, { login: ops.user.login, password: ops.password, count: 3 });
  await callApi(app, 'dns:check', { domainId: shop.id });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await remote?.close();
  await dns?.close();
  data.remove();
});

/** The text an element's aria-describedby points at. */
const description = (locator: Locator) =>
  locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

describe('Offline, in browser mode', () => {
  it('says since when Kyrios is offline, keeps every cached screen readable, disables what needs it with the reason, and recovers by itself', async () => {
    const session = await openApp(browser, app, { hash: `#/domains/${shop.id}/smtp` });
    const { page } = session;
    const credentials = page.getByRole('table', { name: 'SMTP credentials for shop.test' });
    const ops = credentials.getByRole('row').filter({ hasText: 'ops@shop.test' });
    await ops.getByText('Ops mailer').waitFor();
    const usage = page.getByRole('region', { name: 'Email usage' });
    await usage.getByText('3 of 1,500 emails sent today', { exact: false }).waitFor();

    await remote.stop();
    const stoppedAt = new Date();
    // The next call to the service finds it gone.
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    const banner = page.getByRole('region', { name: /^Offline since / });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/^Offline since \d{1,2}:\d{2}/);
    // Why, in the client's words: the address it could not reach.
    expect(await banner.innerText()).toContain(`could not be reached at ${remote.api}`);
    expect(await banner.innerText()).toContain('Everything stored on this computer stays readable');
    await page.getByRole('banner').getByText('Offline').waitFor();

    // What was cached stays on screen.
    await usage.getByText('Kyrios cannot be reached: figures as of', { exact: false }).waitFor();
    expect(await usage.getByText('3 of 1,500 emails sent today', { exact: false }).count()).toBe(1);
    await ops.getByText('Ops mailer').waitFor();

    // Actions that need the service say why, stay focusable, and do nothing.
    const create = page.getByRole('button', { name: 'Create SMTP Credentials' });
    await eventually(() => create.getAttribute('aria-disabled')).toBe('true');
    expect(await description(create)).toMatch(
      /Kyrios cannot be reached since \d{1,2}:\d{2}( [AP]M)?: this needs it, and works again once it is back\./,
    );
    await create.focus();
    await page.keyboard.press('Enter');
    const reset = ops.getByRole('button', { name: 'Reset Password' });
    expect(await reset.getAttribute('aria-disabled')).toBe('true');
    await reset.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await auditBothThemes(page, 'offline-smtp-settings')).toEqual([]);

    // The domain's page from the cache: records, history; Verify Now and Add Domain wait.
    await page.getByRole('button', { name: '← Dedicated Domain And IP' }).click();
    await page.getByRole('table', { name: 'DNS records for shop.test' }).waitFor();
    await page.getByRole('table', { name: 'Check history of shop.test' }).waitFor();
    const verify = page.getByRole('button', { name: 'Verify Now' });
    expect(await verify.getAttribute('aria-disabled')).toBe('true');
    expect(
      await page.getByRole('button', { name: 'Add Domain' }).getAttribute('aria-disabled'),
    ).toBe('true');
    await page.getByRole('button', { name: 'Actions for shop.test' }).focus();
    await page.keyboard.press('Enter');
    await menuFocus(page, 'SMTP Settings');
    const menuVerify = page.getByRole('menuitem', { name: 'Verify Now' });
    expect(await menuVerify.getAttribute('aria-disabled')).toBe('true');
    expect(await description(menuVerify)).toContain('Kyrios cannot be reached');
    expect(
      await page.getByRole('menuitem', { name: 'Delete domain' }).getAttribute('aria-disabled'),
    ).toBe('true');
    await page.keyboard.press('Escape');
    // DNS checks need no Kyrios: the diagnostics still run and join the history.
    const history = page
      .getByRole('table', { name: 'Check history of shop.test' })
      .getByRole('row');
    const runs = await history.count();
    await page.getByRole('button', { name: 'Check DNS' }).click();
    await eventually(() => history.count()).toBe(runs + 1);
    expect(await auditBothThemes(page, 'offline-domain')).toEqual([]);

    // The service comes back; nobody clicks anything.
    await remote.start();
    await banner.waitFor({ state: 'detached', timeout: 45_000 });
    await page.getByRole('banner').getByText('Connected').waitFor();
    await eventually(() => verify.getAttribute('aria-disabled')).toBe(null);
    expect(
      await page.getByRole('button', { name: 'Add Domain' }).getAttribute('aria-disabled'),
    ).toBe(null);
    expect(Date.now() - stoppedAt.getTime()).toBeLessThan(60_000);
    await closeApp(session, [/Failed to load resource/]);
  }, 120_000);
});
