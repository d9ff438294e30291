/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns';
import {
  ARTIFACTS,
  launchChromium,
  newContext,
  startWebApp,
  tempDataDir,
  type WebApp,
} from './harness';

let browser: Browser;
let auth: DnsFixture;
let app: WebApp;
const data = tempDataDir();

beforeAll(async () => {
  auth = await startDnsFixture({
    zones: [
      { origin: 'shop.test', nameservers: ['ns1.shop.test'], records: [] },
      {
        origin: 'sandbox.kyrios.test',
        records: [
          { name: 'spf.sandbox.kyrios.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 -all' },
        ],
      },
    ],
  });
  [browser, app] = await Promise.all([
    launchChromium(),
    startWebApp(data.dir, { args: ['--authoritative', auth.address, '--resolver', auth.address] }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await auth?.close();
  data.remove();
});

describe('DNS diagnostics for a domain, in browser mode', () => {
  it('says exactly what is missing, then passes once the records are published, and keeps the last result', async () => {
    const context = await newContext(browser, app.origin);
    const page = await context.newPage();
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Add Domain' }).click();
    await page.getByRole('textbox', { name: 'Domain name' }).fill('shop.test');
    await page.getByRole('button', { name: 'Add & Verify' }).click();
    const records = page.getByRole('table', { name: 'DNS records for shop.test' });
    await records.waitFor();

    await page.getByRole('button', { name: 'Check DNS' }).click();
    const diagnostics = page.getByRole('list', { name: 'DNS diagnostics for shop.test' });
    await diagnostics.waitFor();
    const verification = diagnostics.getByRole('listitem').filter({ hasText: 'Verification' });
    await verification.getByText('(missing)').waitFor();
    expect(await diagnostics.getByRole('listitem').count()).toBe(7);

    // Publish every generated record, as an admin would at their DNS host, using the values shown.
    const rows = await records.locator('tbody tr').all();
    for (const row of rows) {
      const type = (await row.locator('td').nth(1).innerText()).trim() as 'TXT' | 'CNAME' | 'MX';
      const name = (await row.locator('td').nth(2).locator('div').innerText()).trim();
      const value = (await row.locator('td').nth(3).innerText()).trim();
      const priority = (await row.locator('td').nth(4).innerText()).trim();
      auth.setRecords(name, type, [type === 'MX' ? `${priority} ${value}` : value], 0);
    }

    await page.getByRole('button', { name: 'Check DNS' }).click();
    await verification.getByText('(ok)').waitFor();
    const codes = await diagnostics.locator('li .muted.small:last-child').allInnerTexts();
    expect(codes).toEqual(['(ok)', '(ok)', '(ok)', '(ok)', '(ok)', '(dmarc_policy_none)', '(ok)']);
    await page.screenshot({ path: join(ARTIFACTS, 'dns-diagnostics.png'), fullPage: true });

    // The last result is stored: a reload shows it without checking again.
    const queriesBefore = auth.queries.length;
    await page.reload();
    await page.getByRole('button', { name: 'shop.test' }).click();
    await diagnostics
      .getByRole('listitem')
      .filter({ hasText: 'Verification' })
      .getByText('(ok)')
      .waitFor();
    expect(auth.queries.length).toBe(queriesBefore);
    await context.close();
  });
});
