/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import { RECORD_PURPOSE_LABELS } from '../../src/shared/labels';
import { addVerifiedDomain, callApi, eventually, publishRecords } from './app-helpers';
import { test } from './fixtures';
import { AppScreens } from './pages/app-screens';
import { DomainsPage } from './pages/domains-page';

/**
 * One truth on every screen: the records table, the diagnosis cards, the domain list and the
 * toasts all say what the newest check found, whichever action made it; and a check that could not
 * reach DNS is "could not check", never a failure.
 */

describe('One truth on every screen', () => {
  test('Check DNS updates the records table (and a reload keeps it); the table and the cards agree', async ({
    app,
    dns,
    page,
  }) => {
    const domain = await callApi(app, 'domains:add', { name: 'shop.test' });
    const domains = new DomainsPage(page, app);
    await domains.open(domain);

    // Right after Add & Verify nothing can be published yet: said as such, not as seven failures.
    expect(await domains.verifyNow('shop.test')).toMatch(
      /^shop\.test is not verified yet: \d records are not published yet\. /,
    );
    const before = await domains.recordStatuses('shop.test');
    expect(new Set(Object.values(before))).toEqual(new Set(['Not published yet']));
    expect(await page.locator('.badge-record-fail, .diagnosis-fail').count()).toBe(0);

    // Published, then checked from this computer only (no Verify Now): the table follows.
    publishRecords(dns, domain);
    await domains.checkDns();
    await eventually(() => domains.recordStatuses('shop.test')).toEqual(
      Object.fromEntries(
        domain.records.map((r) => [
          RECORD_PURPOSE_LABELS[r.purpose],
          // DMARC's p=none is advice, not a failure.
          r.purpose === 'dmarc' ? 'Warning' : 'Pass',
        ]),
      ),
    );
    const cards = async () => {
      const out: Record<string, string> = {};
      for (const item of await domains.diagnoses('shop.test').getByRole('listitem').all()) {
        const purpose = (await item.locator('strong').first().innerText()).trim();
        out[purpose] = (await item.locator('.diagnosis-verdict').innerText()).trim();
      }
      return out;
    };
    expect(await cards()).toEqual(await domains.recordStatuses('shop.test'));

    await page.reload();
    await domains.diagnoses('shop.test').waitFor();
    await eventually(async () => (await domains.recordStatuses('shop.test')).SPF).toBe('Pass');
    expect(await domains.recordStatuses('shop.test')).toEqual(await cards());
  });

  test('monitoring reaches the list: a broken record turns Verified into "Record broke", and Last check counts its runs', async ({
    app,
    dns,
    page,
  }) => {
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    const pending = await callApi(app, 'domains:add', { name: 'pending.test' });
    const domains = new DomainsPage(page, app);
    await domains.open();
    await eventually(() => domains.rowState('shop.test')).toMatchObject({ status: 'Verified' });
    const lastCheck = (name: string) => domains.row(name).locator('time').getAttribute('datetime');

    // The DKIM record disappears at the DNS host; monitoring runs (Check all now).
    const dkim = shop.records.find((r) => r.purpose === 'dkim');
    if (!dkim) throw new Error('no DKIM record');
    dns.removeRecords(dkim.name);
    const screens = new AppScreens(page);
    await screens.go('Monitoring');
    await page.getByRole('button', { name: 'Check all now' }).click();
    await domains.toast(/^Checked: 2 of 2 domains checked \(Check all now\)/).waitFor();
    await screens.go('Dedicated Domain And IP');

    await eventually(() => domains.rowState('shop.test')).toMatchObject({
      status: 'Record broke',
    });
    // Last check is monitoring's run, later than the service's own check at Add & Verify.
    const { runs } = await callApi(app, 'dns:latest-runs', {});
    const run = runs.find((r) => r.domainId === pending.id);
    if (!run || !pending.lastCheckedAt) throw new Error('pending.test was not checked');
    expect(run.trigger).toBe('monitor');
    expect(Date.parse(run.checkedAt)).toBeGreaterThan(Date.parse(pending.lastCheckedAt));
    await eventually(() => lastCheck('pending.test')).toBe(run.checkedAt);
    expect(await domains.rowState('pending.test')).toEqual({
      status: 'Pending',
      lastCheck: 'Just now',
    });
    // The same on the domain's own page, in its table, and after a reload.
    await domains.row('shop.test').getByRole('button', { name: 'shop.test', exact: true }).click();
    await domains.detail('shop.test').getByText('Record broke', { exact: true }).waitFor();
    // The table shows the newest check once its records have arrived (the header knows the run's
    // summary first).
    await eventually(async () => (await domains.recordStatuses('shop.test')).DKIM).toBe('Fail');
    await page.reload();
    await eventually(() => domains.rowState('shop.test')).toMatchObject({
      status: 'Record broke',
    });
  });

  test('after monitoring’s run the domain’s page never shows the older check beside the new header', async ({
    app,
    dns,
    page,
  }) => {
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    const domains = new DomainsPage(page, app);
    await domains.open(shop);
    await domains.checkDns();
    await eventually(async () => (await domains.recordStatuses('shop.test')).DKIM).toBe('Pass');
    // Every state the page goes through, as "header's state|DKIM row's status": a mutation
    // observer sees each of React's commits whole.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      const read = () => {
        const header = document.querySelector('.detail-header .badge')?.textContent ?? '';
        const row = [...document.querySelectorAll('.records-table tbody tr')].find(
          (tr) => tr.querySelector('th')?.textContent?.trim() === 'DKIM',
        );
        const now = `${header}|${row?.querySelector('.badge')?.textContent ?? ''}`;
        if (seen.at(-1) !== now) seen.push(now);
      };
      read();
      new MutationObserver(read).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });

    // The DKIM record disappears; monitoring's run is pushed to the open page.
    const dkim = shop.records.find((r) => r.purpose === 'dkim');
    if (!dkim) throw new Error('no DKIM record');
    dns.removeRecords(dkim.name);
    await callApi(app, 'monitor:run', {});
    await eventually(async () => (await domains.recordStatuses('shop.test')).DKIM).toBe('Fail');
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen[0]).toBe('Verified|Pass');
    expect(seen.at(-1)).toBe('Record broke|Fail');
    // In between, at most "Loading…": never the older check's Pass beside "Record broke".
    expect(seen.filter((s) => s !== seen[0] && s !== seen.at(-1))).toEqual(
      seen.length > 2 ? ['Record broke|Loading…'] : [],
    );
  });

  test('with DNS down, Verify Now says "could not check": nothing to fix, nothing red, nothing stored as Fail', async ({
    app,
    dns,
    page,
  }) => {
    const domain = await callApi(app, 'domains:add', { name: 'shop.test' });
    publishRecords(dns, domain);
    const serviceStatuses = async () =>
      (await callApi(app, 'domains:list', {})).domains
        .find((d) => d.id === domain.id)
        ?.records.map((r) => r.status);
    const before = await serviceStatuses();
    const domains = new DomainsPage(page, app);
    await domains.open(domain);
    // No DNS server answers any more.
    dns.setBehaviour('*', 'timeout');

    const said = await domains.verifyNow('shop.test');
    expect(said).toMatch(/could not be checked/);
    expect(said).not.toMatch(/to fix/);
    expect(await domains.toast(said).getAttribute('class')).not.toMatch(/toast-error/);
    await eventually(
      async () => new Set(Object.values(await domains.recordStatuses('shop.test'))),
    ).toEqual(new Set(['Could not check']));
    // Grey, never red: no failure badge, card or cell anywhere on the page.
    expect(await page.locator('.badge-record-fail, .diagnosis-fail, .prop-bad').count()).toBe(0);
    await domains
      .history('shop.test')
      .locator('.badge')
      .filter({ hasText: 'Could not check' })
      .waitFor();

    const { runs } = await callApi(app, 'dns:history', { domainId: domain.id });
    expect(runs.map((r) => [r.status, r.failed, r.unchecked])).toEqual([
      ['unknown', 0, domain.records.length],
    ]);
    // The service left each record as it was: a lookup failure changes nothing it stored.
    expect(await serviceStatuses()).toEqual(before);
  });
});
