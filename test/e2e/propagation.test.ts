/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import { callApi, publishRecords } from './app-helpers';
import { test } from './fixtures';
import { DomainsPage } from './pages/domains-page';

/**
 * The propagation grid's authoritative row is judged against the value to publish: a CNAME in the
 * way, a doubled SPF record or a missing DKIM key is ✗ there, with what the zone serves in view.
 */

describe('The propagation grid', () => {
  test('marks the authoritative cells of failing records ✗, with the values found', async ({
    app,
    dns,
    page,
  }) => {
    const domain = await callApi(app, 'domains:add', { name: 'shop.test' });
    const of = (purpose: string) => {
      const record = domain.records.find((r) => r.purpose === purpose);
      if (!record) throw new Error(`no ${purpose} record`);
      return record;
    };
    publishRecords(dns, domain);
    // A second SPF record beside Kyrios's; no DKIM key; an A record where the CNAME should be.
    dns.setRecords(of('spf').name, 'TXT', [of('spf').value, 'v=spf1 include:old-esp.test -all']);
    dns.removeRecords(of('dkim').name);
    dns.removeRecords(of('return_path').name);
    dns.setRecords(of('return_path').name, 'A', ['192.0.2.99']);

    const domains = new DomainsPage(page, app);
    await domains.open(domain);
    await domains.checkDns();
    const cell = async (purpose: string) =>
      (await domains.propagationCell('shop.test', purpose, 'Authoritative')).innerText();

    expect(await cell('Verification')).toMatch(/^✓\s*Matches expected/);
    expect(await cell('Verification')).toContain(of('verification').value);

    const spf = await cell('SPF');
    expect(spf).toMatch(/^✗\s*Differs from expected/);
    expect(spf).toContain('v=spf1 include:old-esp.test -all');
    expect(spf).toContain(of('spf').value);

    expect(await cell('DKIM')).toMatch(/^✗\s*Nothing published/);

    const returnPath = await cell('Return path');
    expect(returnPath).toMatch(/^✗\s*Differs from expected/);
    expect(returnPath).toContain('192.0.2.99');

    // The cards say the same: two records to fix, and the key not published yet.
    for (const purpose of ['SPF', 'Return path']) {
      expect(await domains.diagnosis('shop.test', purpose).getAttribute('class')).toMatch(
        /diagnosis-fail/,
      );
    }
    expect(
      await domains.diagnosis('shop.test', 'DKIM').locator('.diagnosis-verdict').innerText(),
    ).toBe('Not published yet');
  });
});
