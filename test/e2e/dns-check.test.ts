/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { startDnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  callApi,
  clipboardText,
  menuFocus,
  KYRIOS_ZONE,
  publishRecords,
  zoneFor,
  eventually,
} from './app-helpers';
import { test } from './fixtures';
import { ARTIFACTS } from './harness';
import { DomainsPage } from './pages/domains-page';

const it = test;

// The zones of these tests, and a caching resolver in front: what it has cached lags behind what
// was just published.
test.override('zones', [
  // Hosted at Cloudflare, as its NS names say: the instructions speak Cloudflare's language.
  {
    ...zoneFor('shop.test', ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']),
    negativeTtl: 600,
  },
  // Already sends through another service: one SPF record must become one merged record.
  {
    ...zoneFor('legacy.test'),
    // Nothing cached for long: the resolver sees each change at once.
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
  KYRIOS_ZONE,
]);
test.override('resolver', async ({ dns }, { onCleanup }) => {
  const resolver = await startDnsFixture({ resolverFor: [dns] });
  onCleanup(() => resolver.close());
  return resolver;
});

const records = (page: Page, domain: string) =>
  page.getByRole('table', { name: `DNS records for ${domain}` });
const recordRow = (page: Page, domain: string, purpose: string) =>
  records(page, domain)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: purpose, exact: true }) });
const diagnosis = (page: Page, domain: string, purpose: string) =>
  page
    .getByRole('list', { name: `DNS diagnostics for ${domain}` })
    .getByRole('listitem')
    .filter({ has: page.locator('strong', { hasText: new RegExp(`^${purpose}$`) }) });
/** A diagnosis card's verdict, in words. */
const verdict = (page: Page, domain: string, purpose: string) =>
  diagnosis(page, domain, purpose).locator('.diagnosis-verdict');

describe('A domain, its DNS records and diagnostics, in browser mode', () => {
  it('shows Verify Now in progress, says what is missing, then becomes Verified once the records are published', async ({
    app,
    dns: auth,
    resolver,
    page,
  }) => {
    await page.getByRole('button', { name: 'Add Domain' }).click();
    await page.getByRole('textbox', { name: 'Domain name' }).fill('shop.test');
    await page.getByRole('button', { name: 'Add & Verify' }).click();
    await records(page, 'shop.test').waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/domains\/.+/);

    // Hold the verification back a moment, so its progress can be seen.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/domains/verify', async (route) => {
      await held;
      await route.continue();
    });
    const detail = page.getByRole('region', { name: 'shop.test' });
    await detail.getByRole('button', { name: 'Verify Now' }).click();
    await page.getByRole('progressbar', { name: 'Verifying shop.test' }).waitFor();
    expect(await detail.getByRole('button', { name: 'Verifying…' }).isDisabled()).toBe(true);
    release();
    await page
      .getByRole('progressbar', { name: 'Verifying shop.test' })
      .waitFor({ state: 'detached' });
    await page.unroute('**/api/domains/verify');

    await page.getByRole('status').filter({ hasText: 'shop.test is not verified yet' }).waitFor();
    // Nothing is published yet: said as such, not as a failure; the fix says what to add.
    await verdict(page, 'shop.test', 'Verification')
      .filter({ hasText: 'Not published yet' })
      .waitFor();
    expect(
      await diagnosis(page, 'shop.test', 'Verification').locator('.diagnosis-fix').innerText(),
    ).toMatch(/^Fix:\s+Add a TXT record at _kyrios\.shop\.test/);
    expect(await detail.getByText('Pending', { exact: true }).first().isVisible()).toBe(true);
    // The provider is recognised from the NS names, and its advice is shown.
    await page
      .getByRole('note', { name: 'Publishing at Cloudflare' })
      .getByText('shop.test is hosted at Cloudflare.')
      .waitFor();

    // Publish exactly what the table shows; the resolver still has "no such name" cached.
    const domain = (await callApi(app, 'domains:list', {})).domains.find(
      (d) => d.name === 'shop.test',
    );
    if (!domain) throw new Error('shop.test is not listed');
    publishRecords(auth, domain, 300);
    await detail.getByRole('button', { name: 'Verify Now' }).click();
    await page.getByRole('status').filter({ hasText: 'shop.test is verified.' }).waitFor();
    await detail.getByText('Verified', { exact: true }).first().waitFor();
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'shop.test', exact: true }) });
    await row.getByText('Verified').waitFor();
    // The service's verdict per record: passing at the source (a warning while resolvers catch up).
    expect(
      await recordRow(page, 'shop.test', 'Verification').locator('.badge').innerText(),
    ).toMatch(/^(Pass|Warning)$/);

    // Diagnostics: right at the source, not yet at the resolver, with when it will agree, said
    // once for every record it is true of.
    const verification = verdict(page, 'shop.test', 'Verification');
    await verification.filter({ hasText: 'Warning' }).waitFor();
    await page
      .getByRole('note')
      .filter({ hasText: /^Verification, SPF, DKIM/ })
      .first()
      .waitFor();
    const propagation = page.getByRole('table', { name: 'Propagation of shop.test' });
    expect(await propagation.getByRole('columnheader').allTextContents()).toEqual([
      'Record',
      expect.stringMatching(/Authoritative/),
      expect.stringMatching(/Resolver/),
    ]);
    const domains = new DomainsPage(page, app);
    const authoritative = await domains.propagationCell(
      'shop.test',
      'Verification',
      'Authoritative',
    );
    expect(await authoritative.innerText()).toMatch(/^✓\s*Matches expected\s*300 s/);
    expect(await authoritative.innerText()).toContain(
      domain.records.find((r) => r.purpose === 'verification')?.value ?? '?',
    );
    const lagging = await domains.propagationCell('shop.test', 'Verification', 'Resolver');
    expect(await lagging.innerText()).toMatch(/^✗\s*Differs/);
    await page.getByText(/^All resolvers should agree by .+ \(in \d+ min\)\.$/).waitFor();

    // The history keeps every run: the check right after Add & Verify and both Verify Nows (and
    // monitoring's, when its first run came meanwhile); an old one's details are readable.
    const history = page.getByRole('table', { name: 'Check history of shop.test' });
    const manualRuns = () => history.getByRole('row').filter({ hasNotText: 'monitor' }).count();
    await eventually(manualRuns).toBe(1 + 3);
    await history
      .getByRole('button', { name: /^Details of the check at/ })
      .last()
      .click();
    await page
      .getByRole('list', { name: /^Check of / })
      .getByText('Not published yet')
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'domain-detail-verified.png'), fullPage: true });

    // Stored: a reload shows the last result and the history without asking DNS again.
    const asked = auth.queries.length + resolver.queries.length;
    await page.reload();
    await verification.filter({ hasText: 'Warning' }).waitFor();
    await eventually(manualRuns).toBe(1 + 3);
    expect(auth.queries.length + resolver.queries.length).toBe(asked);
  });

  it('copies each host and value exactly (DKIM also split into 255-byte strings), all records, and exports a BIND zone file', async ({
    app,
    dns: auth,
    page,
  }) => {
    await addVerifiedDomain(app, auth, 'shop.test');
    await page.reload();
    const domain = (await callApi(app, 'domains:list', {})).domains.find(
      (d) => d.name === 'shop.test',
    );
    if (!domain) throw new Error('shop.test is not listed');
    await page.getByRole('button', { name: 'shop.test', exact: true }).click();
    const value = (purpose: string) =>
      domain.records.find((r) => r.purpose === purpose)?.value ?? '';

    await recordRow(page, 'shop.test', 'Verification')
      .getByRole('button', { name: 'Copy host' })
      .click();
    await eventually(() => clipboardText(page)).toBe('_kyrios');
    await recordRow(page, 'shop.test', 'Verification')
      .getByRole('button', { name: 'Copy value' })
      .click();
    await eventually(() => clipboardText(page)).toBe(value('verification'));
    await recordRow(page, 'shop.test', 'SPF').getByRole('button', { name: 'Copy host' }).click();
    await eventually(() => clipboardText(page)).toBe('@');
    const dkim = recordRow(page, 'shop.test', 'DKIM');
    await dkim.getByRole('button', { name: 'Copy value' }).click();
    await eventually(() => clipboardText(page)).toBe(value('dkim'));
    await dkim.getByRole('button', { name: 'Copy split value' }).click();
    const split = await clipboardText(page);
    const strings = [...split.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(split).toBe(strings.map((s) => `"${s}"`).join(' '));
    expect(strings.length).toBe(2);
    expect(strings[0]).toHaveLength(255);
    expect(strings.join('')).toBe(value('dkim'));
    await recordRow(page, 'shop.test', 'Return path')
      .getByRole('button', { name: 'Copy value' })
      .click();
    await eventually(() => clipboardText(page)).toBe('bounces.sandbox.kyrios.test');
    expect(
      await recordRow(page, 'shop.test', 'Verification')
        .getByRole('button', { name: 'Copy split value' })
        .count(),
    ).toBe(0);

    await page.getByRole('button', { name: 'Copy all records' }).click();
    await eventually(() => clipboardText(page)).toMatch(/^Purpose\tType\tHost/);
    const lines = (await clipboardText(page)).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 7);
    expect(lines[1]).toBe(
      `Verification\tTXT\t_kyrios\t_kyrios.shop.test\t${value('verification')}\t\tYes`,
    );
    expect(lines[5]).toBe('Inbound (MX)\tMX\t@\tshop.test\tmx.sandbox.kyrios.test\t10\tYes');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('region', { name: 'shop.test' })
        .getByRole('button', { name: 'Export zone file' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('shop.test.zone');
    const zone = readFileSync((await download.path()) ?? '', 'utf8');
    expect(zone).toContain('$ORIGIN shop.test.\n$TTL 3600\n');
    expect(zone).toMatch(new RegExp(`\\n_kyrios +IN TXT +"${value('verification')}"\\n`));
    expect(zone).toMatch(/\n@ +IN MX +10 mx\.sandbox\.kyrios\.test\.\n/);
    expect(zone).toMatch(/\nkbounce +IN CNAME bounces\.sandbox\.kyrios\.test\.\n/);
    expect(zone).toContain(`kyrios1._domainkey IN TXT   ${split}\n`);

    // The same from the ⋯ menu, by keyboard.
    await page.getByRole('button', { name: 'Actions for shop.test' }).focus();
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.keyboard.press('Enter');
    await menuFocus(page, 'SMTP Settings');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await menuFocus(page, 'Copy DNS records');
    await page.keyboard.press('Enter');
    await eventually(() => clipboardText(page)).toMatch(/^Purpose\tType\tHost/);
    await page.keyboard.press('Enter');
    const menuDownload = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Export zone file' }).click();
    expect((await menuDownload).suggestedFilename()).toBe('shop.test.zone');
    await page.getByRole('button', { name: 'Actions for shop.test' }).click();
    await page.getByRole('menuitem', { name: 'Verify Now' }).click();
    await page.getByRole('status').filter({ hasText: 'shop.test is verified.' }).waitFor();

    // Inbound mail: Conversations, no mailboxes, the MX check, and IMAP settings to copy.
    const inbound = page.getByRole('region', { name: 'Inbound mail and IMAP' });
    await inbound.getByText('Conversations').waitFor();
    await inbound
      .getByText('Kyrios hosts no mailboxes: POP and IMAP are not supported', { exact: false })
      .waitFor();
    expect(await inbound.locator('.mx-status').innerText()).toMatch(
      /^MX record \(mx\.sandbox\.kyrios\.test\): (Pass|Warning) /,
    );
    const imap = inbound.getByRole('table', { name: 'IMAP settings of common providers' });
    expect(await imap.getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/^PROVIDER/i),
      expect.stringMatching(/^Gmail\s+imap\.gmail\.com\s+993\s+SSL\/TLS/),
      expect.stringMatching(/^AOL\s+imap\.aol\.com\s+993\s+SSL\/TLS/),
      expect.stringMatching(/^Verizon\s+imap\.verizon\.net\s+995\s+SSL\/TLS/),
    ]);
    await imap.getByRole('button', { name: 'Copy Verizon IMAP settings' }).click();
    await eventually(() => clipboardText(page)).toBe(
      'IMAP host: imap.verizon.net\nPort: 995\nSecurity: SSL/TLS\nUsername: your email address\nPassword: an app password\n',
    );
  });

  it('shows the merged SPF record to publish where the domain already has one, and verifies once it is published', async ({
    app,
    dns: auth,
    page,
  }) => {
    const domain = await callApi(app, 'domains:add', { name: 'legacy.test' });
    await page.getByRole('button', { name: 'legacy.test', exact: true }).click();
    publishRecords(auth, { ...domain, records: domain.records.filter((r) => r.purpose !== 'spf') });
    const detail = page.getByRole('region', { name: 'legacy.test' });
    await detail.getByRole('button', { name: 'Verify Now' }).click();
    await verdict(page, 'legacy.test', 'SPF').filter({ hasText: 'Fail' }).waitFor();
    await diagnosis(page, 'legacy.test', 'SPF')
      .getByText(/it lacks include:spf\.sandbox\.kyrios\.test/)
      .waitFor();
    await detail.getByText('Failed', { exact: true }).first().waitFor();

    const spf = recordRow(page, 'legacy.test', 'SPF');
    await spf
      .getByText(
        'legacy.test already has an SPF record. Publish this single merged record in its place, not a second one:',
      )
      .waitFor();
    const merged = 'v=spf1 include:mail.legacy-esp.test include:spf.sandbox.kyrios.test -all';
    expect(await spf.locator('.value-cell code').innerText()).toBe(merged);
    await spf.getByRole('button', { name: 'Copy value' }).click();
    await eventually(() => clipboardText(page)).toBe(merged);
    await page.screenshot({ path: join(ARTIFACTS, 'domain-detail-spf-merge.png'), fullPage: true });

    // SMTP Settings says why it is not available yet.
    expect(await detail.getByRole('button', { name: 'SMTP Settings' }).isDisabled()).toBe(true);

    auth.setRecords('legacy.test', 'TXT', [await clipboardText(page)], 0);
    await detail.getByRole('button', { name: 'Verify Now' }).click();
    await page.getByRole('status').filter({ hasText: 'legacy.test is verified.' }).waitFor();
    await verdict(page, 'legacy.test', 'SPF').filter({ hasText: 'Pass' }).waitFor();
    expect(await detail.getByRole('button', { name: 'SMTP Settings' }).isDisabled()).toBe(false);
  });

  it('deletes a domain from the ⋯ menu after a confirmation', async ({ app, dns: auth, page }) => {
    // shop.test added; legacy.test verified with its SPF record merged, as the test above leaves it.
    await callApi(app, 'domains:add', { name: 'shop.test' });
    const legacy = await callApi(app, 'domains:add', { name: 'legacy.test' });
    publishRecords(auth, { ...legacy, records: legacy.records.filter((r) => r.purpose !== 'spf') });
    auth.setRecords(
      'legacy.test',
      'TXT',
      ['v=spf1 include:mail.legacy-esp.test include:spf.sandbox.kyrios.test -all'],
      0,
    );
    const { domain } = await callApi(app, 'domains:verify', { domainId: legacy.id });
    expect(domain.status).toBe('verified');
    await page.reload();
    await page.getByRole('button', { name: 'Actions for legacy.test' }).click();
    await page.getByRole('menuitem', { name: 'Delete domain' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete legacy.test?' });
    await confirm.getByText(/sending from it stops at once/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await eventually(() =>
      page
        .getByRole('button', { name: 'Actions for legacy.test' })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);

    await page.keyboard.press('Enter');
    await menuFocus(page, 'SMTP Settings');
    await page.keyboard.press('End');
    await menuFocus(page, 'Delete domain');
    await page.keyboard.press('Enter');
    await confirm.getByRole('button', { name: 'Delete domain' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'legacy.test deleted.' }).waitFor();
    await page
      .getByRole('button', { name: 'legacy.test', exact: true })
      .waitFor({ state: 'detached' });
    expect((await callApi(app, 'domains:list', {})).domains.map((d) => d.name)).toEqual([
      'shop.test',
    ]);
  });
});
