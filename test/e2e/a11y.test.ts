/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  callApi,
  closeApp,
  KYRIOS_ZONE,
  openApp,
  sendMail,
  seriousViolations,
  zoneFor,
} from './app-helpers';
import { ARTIFACTS, launchChromium, startWebApp, tempDataDir, type WebApp } from './harness';

/**
 * axe-core on every main screen and every dialog, in the light and the dark theme (the OS's
 * preference, emulated), in a wide window (1,400 pixels) and a narrow one (1,024 × 700): no
 * serious or critical violation. Each state is also kept as a screenshot.
 */

let browser: Browser;
let dns: DnsFixture;
let app: WebApp;
const data = tempDataDir();
let shop: Domain;
let pending: Domain;

beforeAll(async () => {
  dns = await startDnsFixture({
    zones: [zoneFor('shop.test'), zoneFor('pending.test'), KYRIOS_ZONE],
  });
  [browser, app] = await Promise.all([
    launchChromium(),
    startWebApp(data.dir, { args: ['--authoritative', dns.address, '--resolver', dns.address] }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.close();
  data.remove();
});

type Theme = 'light' | 'dark';
/** Every theme at every width. */
const CASES = (['light', 'dark'] as Theme[]).flatMap((theme) =>
  [1400, 1024].map((width) => ({ theme, width })),
);

/** The window as the user sized it: wide, or 1,024 × 700. */
const sized = (page: Page, width: number) =>
  page.setViewportSize({ width, height: width === 1024 ? 700 : 900 });

/** Audits the page as it is now; collects what axe finds and keeps a screenshot. */
async function audit(page: Page, theme: string, name: string, found: string[]): Promise<void> {
  // Let transitions and late renders settle: axe judges colours as painted.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))),
  );
  for (const violation of await seriousViolations(page))
    found.push(`[${theme}] ${name}: ${violation}`);
  await page.screenshot({ path: join(ARTIFACTS, `a11y-${theme}-${name}.png`) });
}

describe('Accessibility of every screen and dialog, light and dark', () => {
  it.each(CASES)('the empty start ($theme, $width px)', async ({ theme, width }) => {
    const session = await openApp(browser, app, { colorScheme: theme });
    await sized(session.page, width);
    const found: string[] = [];
    await session.page.getByText('No dedicated domains yet').waitFor();
    await audit(session.page, `${theme}-${width}`, 'empty', found);
    await session.page.getByRole('button', { name: 'Add Domain' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Add Domain' });
    await dialog.getByRole('textbox', { name: 'Domain name' }).fill('Shop.Example');
    await dialog.getByRole('alert').waitFor();
    await audit(session.page, `${theme}-${width}`, 'add-domain-dialog', found);
    await closeApp(session);
    expect(found).toEqual([]);
  });

  it('has domains, credentials and mail to show', async () => {
    [shop, pending] = await Promise.all([
      addVerifiedDomain(app, dns, 'shop.test'),
      callApi(app, 'domains:add', { name: 'pending.test' }),
    ]);
    const sales = await callApi(app, 'smtp:create', {
      domainId: shop.id,
      login: 'sales',
      note: 'Anna',
    });
    const old = await callApi(app, 'smtp:create', { domainId: shop.id, login: 'old' });
    await callApi(app, 'smtp:create', {
      domainId: shop.id,
      login: 'warmup',
      note: 'Warm-up service',
    });
    await sendMail(app, { login: sales.user.login, password: sales.password, count: 3 });
    await sendMail(app, { login: old.user.login, password: old.password, count: 1 });
    await callApi(app, 'smtp:delete', { domainId: shop.id, userId: old.user.id });
    await callApi(app, 'dns:check', { domainId: pending.id });
  });

  it.each(CASES)(
    'Monitoring, Settings, Accounts and the audit log ($theme, $width px)',
    async ({ theme, width }) => {
      const session = await openApp(browser, app, { colorScheme: theme });
      const { page } = session;
      await sized(page, width);
      const found: string[] = [];
      for (const [screen, ready] of [
        ['Monitoring', 'Runs'],
        ['Settings', 'DNS resolvers'],
        ['Accounts', 'Embedded sandbox'],
        ['Audit log', 'Domain added'],
      ] as const) {
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: screen })
          .click();
        await page.getByRole('heading', { level: 1, name: screen }).waitFor();
        await page.getByText(ready, { exact: true }).first().waitFor();
        await audit(page, `${theme}-${width}`, screen.toLowerCase().replace(' ', '-'), found);
      }
      await closeApp(session);
      expect(found).toEqual([]);
    },
  );

  it.each(CASES)(
    'the domains, a domain, its menu and its dialogs ($theme, $width px)',
    async ({ theme, width }) => {
      const session = await openApp(browser, app, {
        colorScheme: theme,
        hash: `#/domains/${shop.id}`,
      });
      const { page } = session;
      await sized(page, width);
      const found: string[] = [];
      await page.getByRole('table', { name: 'DNS records for shop.test' }).waitFor();
      await page.getByRole('list', { name: 'DNS diagnostics for shop.test' }).waitFor();
      await page.getByRole('table', { name: 'Check history of shop.test' }).waitFor();
      await audit(page, `${theme}-${width}`, 'domain-verified', found);
      // Lists that could not be asked make a warning, not a failure: the IP details stay folded,
      // so the IP's answer, however late, does not push the domains down under the pointer.
      const ipPanel = page.getByRole('region', { name: /^Dedicated IP/ });
      await ipPanel.getByRole('button', { name: 'Re-check IP' }).click();
      await ipPanel
        .getByRole('status')
        .filter({ hasText: /blocklists: 0 listed/ })
        .waitFor();
      expect(
        await ipPanel
          .getByRole('button', { name: 'Show IP details' })
          .getAttribute('aria-expanded'),
      ).toBe('false');

      await page.getByRole('button', { name: 'pending.test', exact: true }).click();
      await page.getByRole('list', { name: 'DNS diagnostics for pending.test' }).waitFor();
      await audit(page, `${theme}-${width}`, 'domain-pending', found);

      await page.getByRole('button', { name: 'Actions for pending.test' }).click();
      await page.getByRole('menu', { name: 'Actions for pending.test' }).waitFor();
      await audit(page, `${theme}-${width}`, 'actions-menu', found);
      await page.getByRole('menuitem', { name: 'Delete domain' }).click();
      await page.getByRole('dialog', { name: 'Delete pending.test?' }).waitFor();
      await audit(page, `${theme}-${width}`, 'delete-domain-dialog', found);
      await page.keyboard.press('Escape');

      await page.getByRole('searchbox', { name: 'Filter domains' }).fill('nothing');
      await page.getByText('No domain matches').waitFor();
      await audit(page, `${theme}-${width}`, 'domain-filter-empty', found);
      await closeApp(session);
      expect(found).toEqual([]);
    },
  );

  it.each(CASES)(
    'SMTP Settings, the usage panel and the credential dialogs ($theme, $width px)',
    async ({ theme, width }) => {
      const session = await openApp(browser, app, {
        colorScheme: theme,
        hash: `#/domains/${shop.id}/smtp`,
      });
      const { page } = session;
      await sized(page, width);
      const found: string[] = [];
      const row = (login: string) =>
        page
          .getByRole('table', { name: 'SMTP credentials for shop.test' })
          .getByRole('row')
          .filter({ hasText: login });
      await row('sales@shop.test').waitFor();
      await page
        .getByRole('region', { name: 'Email usage' })
        .getByText('4 of 1,500', { exact: false })
        .waitFor();
      await audit(page, `${theme}-${width}`, 'smtp-settings', found);

      await page.getByRole('button', { name: 'Create SMTP Credentials' }).click();
      const create = page.getByRole('dialog', { name: 'Create SMTP Credentials' });
      await create.getByRole('textbox', { name: 'Login' }).fill('Support');
      await create.getByRole('radio', { name: 'Type a password' }).check();
      await create.getByRole('button', { name: 'Create', exact: true }).click();
      await create.getByRole('alert').first().waitFor();
      await audit(page, `${theme}-${width}`, 'create-credentials-dialog', found);
      const login = `support-${theme}-${width}`;
      await create.getByRole('textbox', { name: 'Login' }).fill(login);
      await create.getByRole('radio', { name: 'Generate a strong password' }).check();
      await create.getByRole('button', { name: 'Create', exact: true }).click();
      const added = page.getByRole('dialog', { name: 'SMTP credentials added' });
      await added.getByText('This password will not be shown again.').waitFor();
      await audit(page, `${theme}-${width}`, 'credentials-added-dialog', found);
      await added.getByRole('button', { name: 'Done' }).click();

      await row('sales@shop.test').getByRole('button', { name: 'Reset Password' }).click();
      const reset = page.getByRole('dialog', { name: 'Reset Password' });
      await reset.getByLabel('New password').fill('Orchard-Lantern-77');
      await reset.getByLabel('Confirm password').fill('Orchard-Lantern-78');
      await reset.getByRole('button', { name: 'Save' }).click();
      await reset.getByRole('alert').waitFor();
      await audit(page, `${theme}-${width}`, 'reset-password-dialog', found);
      await page.keyboard.press('Escape');

      await row('sales@shop.test').getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog', { name: 'Delete sales@shop.test?' }).waitFor();
      await audit(page, `${theme}-${width}`, 'delete-credentials-dialog', found);
      await page.keyboard.press('Escape');

      await row('sales@shop.test').getByRole('button', { name: 'Edit note' }).click();
      await page.getByRole('dialog', { name: 'Owner or purpose' }).waitFor();
      await audit(page, `${theme}-${width}`, 'edit-note-dialog', found);
      await page.keyboard.press('Escape');

      // A domain that is not verified yet: SMTP Settings explains instead.
      await page.goto(`${app.url}#/domains/${pending.id}/smtp`);
      await page.getByText('SMTP credentials need a verified domain').waitFor();
      await audit(page, `${theme}-${width}`, 'smtp-settings-unverified', found);
      await closeApp(session);
      // The next case creates its own: at most 5 SMTP users per domain.
      const { users } = await callApi(app, 'smtp:list', { domainId: shop.id });
      const created = users.find((u) => u.login === `${login}@shop.test`);
      if (created) await callApi(app, 'smtp:delete', { domainId: shop.id, userId: created.id });
      expect(found).toEqual([]);
    },
  );
});
