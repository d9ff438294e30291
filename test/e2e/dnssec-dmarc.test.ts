/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import { startDnsFixture } from '../fixtures/dns';
import {
  callApi,
  clipboardText,
  eventually,
  KYRIOS_ZONE,
  publishRecords,
  seriousViolations,
  zoneFor,
} from './app-helpers';
import { test } from './fixtures';
import { DomainsPage } from './pages/domains-page';

/**
 * The domain page's DNSSEC line and the DMARC policy a subdomain inherits, from real checks by
 * the app's DNS engine against the loopback DNS fixture: a caching resolver in front of the
 * zone's server, which can play a validating resolver rejecting the zone (`bogus`: SERVFAIL
 * unless checking is disabled).
 */

test.override('zones', [
  zoneFor('shop.test'),
  {
    ...zoneFor('example.test'),
    // The organisational domain's DMARC record: a subdomain with none of its own inherits sp=.
    records: [
      {
        name: '_dmarc.example.test',
        type: 'TXT',
        value: 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@example.test',
      },
    ],
  },
  KYRIOS_ZONE,
]);
test.override('resolver', async ({ dns }, { onCleanup }) => {
  const resolver = await startDnsFixture({ resolverFor: [dns] });
  onCleanup(() => resolver.close());
  return resolver;
});

describe('the domain page', () => {
  test('says which DMARC record applies to a subdomain that has none, and that its zone is unsigned', async ({
    app,
    dns,
    page,
  }) => {
    // news.example.test publishes every record but DMARC: receivers apply example.test's sp=.
    const news = await callApi(app, 'domains:add', { name: 'news.example.test' });
    publishRecords(dns, news);
    dns.removeRecords('_dmarc.news.example.test', 'TXT');
    const { check } = await callApi(app, 'domains:verify', { domainId: news.id });
    const dmarc = check?.records.find((r) => r.purpose === 'dmarc');
    expect(dmarc?.codes).toContain('dmarc_inherited');

    const domains = new DomainsPage(page, app);
    await domains.open(news);
    const said = 'Policy from _dmarc.example.test: quarantine (sp=)';
    await domains.recordRow('news.example.test', 'DMARC').getByText(said).waitFor();
    await domains.diagnosis('news.example.test', 'DMARC').getByText(said).waitFor();
    expect(await domains.recordStatuses('news.example.test')).toMatchObject({ DMARC: 'Pass' });
    // The propagation grid does not call the empty name a fault: the record above applies.
    const cell = await domains.propagationCell('news.example.test', 'DMARC', 'Authoritative');
    expect(await cell.innerText()).toMatch(/^✓ None here: the one above applies/);

    const dnssec = page.getByRole('group', { name: 'DNSSEC' });
    await dnssec.getByText('Not signed', { exact: true }).waitFor();
    expect(await dnssec.innerText()).toContain('example.test is not signed with DNSSEC');
    expect(await dnssec.getByRole('button').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('says when validating resolvers reject the zone, with the fix to copy', async ({
    app,
    dns,
    resolver,
    page,
  }) => {
    const shop = await callApi(app, 'domains:add', { name: 'shop.test' });
    publishRecords(dns, shop);
    await callApi(app, 'domains:verify', { domainId: shop.id });
    // The zone's own server still answers; the validating resolver now rejects every name of it.
    for (const name of new Set(['shop.test', ...shop.records.map((r) => r.name)])) {
      resolver.setBehaviour(name, 'bogus');
    }

    const domains = new DomainsPage(page, app);
    await domains.open(shop);
    const dnssec = page.getByRole('group', { name: 'DNSSEC' });
    await dnssec.getByText('Not signed', { exact: true }).waitFor();
    await domains.checkDnsButton().click();
    await dnssec
      .getByText('Broken: validating resolvers reject the zone', { exact: true })
      .waitFor();

    const latest = await callApi(app, 'dns:latest', { domainId: shop.id });
    expect(latest?.dnssec?.state).toBe('bogus');
    expect(latest?.records.every((r) => r.codes.includes('dnssec_bogus'))).toBe(true);
    const fix = latest?.dnssec?.fix ?? '';
    expect(fix).not.toBe('');
    expect(await dnssec.innerText()).toContain(fix);
    await dnssec.getByRole('button', { name: 'Copy fix' }).click();
    await eventually(() => clipboardText(page)).toBe(fix);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
