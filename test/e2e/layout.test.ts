/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { addVerifiedDomain, callApi, eventually, KYRIOS_ZONE, zoneFor } from './app-helpers';
import { test } from './fixtures';
import { AppScreens } from './pages/app-screens';
import { DomainsPage } from './pages/domains-page';
import { SmtpPage } from './pages/smtp-page';

/**
 * A window 1,024 pixels wide and 700 high shows everything: no page scrolls sideways, every column
 * of the records table is in view, no button is cut; and at 1,400 a domain's name is whole in the
 * list.
 */

const LONG_NAME = 'newsletters.example-company.test';

/** Whether the element is entirely inside the window (and `within`, when given), its text not cut. */
async function whole(page: Page, element: Locator, within?: Locator): Promise<string | null> {
  const box = await element.boundingBox();
  const outer = within
    ? await within.boundingBox()
    : { x: 0, width: page.viewportSize()?.width ?? 0 };
  if (!box || !outer) return 'not rendered';
  if (box.x < outer.x - 0.5 || box.x + box.width > outer.x + outer.width + 0.5) {
    return `outside ${within ? 'its panel' : 'the window'}: ${Math.round(box.x)}–${Math.round(box.x + box.width)} of ${Math.round(outer.x)}–${Math.round(outer.x + outer.width)}`;
  }
  const cut = await element.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  return cut ? 'its text is cut' : null;
}

describe('Layout', () => {
  test.override('zones', [zoneFor('shop.test'), zoneFor('example-company.test'), KYRIOS_ZONE]);

  test('1024×700: no sideways scroll on any screen; every records column and every button whole', async ({
    app,
    dns,
    page,
  }) => {
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    await callApi(app, 'domains:add', { name: LONG_NAME });
    for (const login of ['sales', 'billing', 'warmup', 'support', 'news']) {
      await callApi(app, 'smtp:create', {
        domainId: shop.id,
        login,
        note: 'Anna, warm-up service and the CRM',
        whereUsed: 'Billing app, Zapier, HubSpot',
      });
    }
    await callApi(app, 'dns:check', { domainId: shop.id });
    await page.setViewportSize({ width: 1024, height: 700 });
    const screens = new AppScreens(page);
    const problems: string[] = [];
    const noOverflow = async (where: string) => {
      const overflow = await screens.horizontalOverflow();
      if (overflow > 0) problems.push(`${where}: scrolls sideways by ${overflow} px`);
    };

    const domains = new DomainsPage(page, app);
    await domains.open(shop);
    await domains.propagation('shop.test').waitFor();
    await noOverflow('a domain’s page');
    const headers = domains.records('shop.test').getByRole('columnheader');
    expect(await headers.allTextContents()).toEqual(['Purpose', 'Type', 'Host', 'Value', 'Status']);
    // Inside the domain's panel, not only inside the window.
    const panel = domains.detail('shop.test');
    for (const header of await headers.all()) {
      const why = await whole(page, header, panel);
      if (why) problems.push(`records column ${await header.textContent()}: ${why}`);
    }
    for (const badge of await domains.records('shop.test').locator('.badge').all()) {
      const why = await whole(page, badge, panel);
      if (why) problems.push(`a record's status: ${why}`);
    }
    for (const header of await domains.propagation('shop.test').getByRole('columnheader').all()) {
      const why = await whole(page, header, panel);
      if (why) problems.push(`propagation column ${await header.textContent()}: ${why}`);
    }

    const smtp = new SmtpPage(page, app);
    await smtp.open(shop);
    await smtp.row('shop.test', 'news@shop.test').waitFor();
    await noOverflow('SMTP Settings');
    for (const button of await smtp.credentials('shop.test').getByRole('button').all()) {
      const why = await whole(page, button);
      if (why) problems.push(`credentials button ${await button.textContent()}: ${why}`);
    }

    for (const screen of ['Monitoring', 'Audit log', 'Accounts', 'Settings'] as const) {
      await screens.go(screen);
      await noOverflow(screen);
    }
    expect(problems).toEqual([]);
  });

  test('1400: every domain name is whole in the list', async ({ app, page }) => {
    for (const name of [LONG_NAME, 'shop.test']) await callApi(app, 'domains:add', { name });
    await page.setViewportSize({ width: 1400, height: 900 });
    const domains = new DomainsPage(page, app);
    await domains.open();
    await eventually(() => domains.list().getByRole('row').count()).toBe(3);
    for (const name of [LONG_NAME, 'shop.test']) {
      const button = domains.row(name).getByRole('button', { name, exact: true });
      expect(await whole(page, button), name).toBeNull();
    }
  });
});
