/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Domain } from '../../src/shared/domain';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns';
import {
  addVerifiedDomain,
  callApi,
  closeApp,
  KYRIOS_ZONE,
  openApp,
  sendMail,
  zoneFor,
} from './app-helpers';
import { launchChromium, startWebApp, tempDataDir, type WebApp } from './harness';

/**
 * Crash isolation, for real: browser mode as `npm run web` runs it, on its embedded sandbox. The
 * sandbox's own process is killed with SIGKILL under the open page: the page says the service is
 * down and why, then that it is back, by itself; nothing is lost, and the sandbox's data (domain,
 * SMTP user, the day's count) is all there in the process that replaced it.
 */

let browser: Browser;
let dns: DnsFixture;
let app: WebApp;
let shop: Domain;
let login: string;
let password: string;
const data = tempDataDir();

beforeAll(async () => {
  dns = await startDnsFixture({ zones: [zoneFor('crash.test'), KYRIOS_ZONE] });
  [browser, app] = await Promise.all([
    launchChromium(),
    startWebApp(data.dir, { args: ['--authoritative', dns.address, '--resolver', dns.address] }),
  ]);
  shop = await addVerifiedDomain(app, dns, 'crash.test');
  const created = await callApi(app, 'smtp:create', { domainId: shop.id, login: 'ops' });
  ({ password } = created);
  login = created.user.login;
  await sendMail(app, { login, password, count: 2 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await dns?.close();
  data.remove();
});

/** The embedded sandbox: the child of the browser-mode process that runs src/sandbox/child.ts. */
function sandboxPid(parent: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === parent && cmdline.includes('src/sandbox/child.ts')) return Number(entry);
    } catch {
      // A process that ended while the list was read.
    }
  }
  throw new Error(`no sandbox process under ${parent}`);
}

describe('the embedded sandbox killed under a running app', () => {
  it('the page says it is down and why, then back; nothing is lost', async () => {
    const session = await openApp(browser, app, { hash: `#/domains/${shop.id}/smtp` });
    const { page } = session;
    const credentials = page.getByRole('table', { name: 'SMTP credentials for crash.test' });
    await credentials.getByRole('row').filter({ hasText: 'ops@crash.test' }).waitFor();
    const usage = page.getByRole('region', { name: 'Email usage' });
    await usage.getByText('2 of 1,500 emails sent today', { exact: false }).waitFor();
    await page.getByRole('banner').getByText('Connected').waitFor();

    // Everything the offline banner says while it is shown, however briefly: the restart takes a
    // second or two, and the page must have told the user in between.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { bannerTexts: string[] }).bannerTexts = seen;
      new MutationObserver(() => {
        const banner = document.querySelector('[aria-labelledby="offline-title"]');
        const text = banner?.textContent ?? '';
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    const first = sandboxPid(app.pid);
    process.kill(first, 'SIGKILL');

    // Down, and why, where the connection is shown; then back by itself.
    await expect
      .poll(
        () => page.evaluate(() => (window as unknown as { bannerTexts: string[] }).bannerTexts),
        {
          timeout: 15_000,
          interval: 50,
        },
      )
      .toContainEqual(
        expect.stringMatching(
          /^Offline since \d{1,2}:\d{2}.*: The embedded sandbox stopped unexpectedly \(signal SIGKILL\); Kyrios Desk is restarting it \(attempt 1\)…/,
        ),
      );
    await page.getByRole('banner').getByText('Connected').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('region', { name: /^Offline since / }).count()).toBe(0);

    // Another process now, with all its data.
    const second = sandboxPid(app.pid);
    expect(second).not.toBe(first);
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    await usage.getByText('2 of 1,500 emails sent today', { exact: false }).waitFor();
    await credentials.getByRole('row').filter({ hasText: 'ops@crash.test' }).waitFor();
    expect(await callApi(app, 'domains:list', {})).toMatchObject({
      source: 'live',
      domains: [{ id: shop.id, name: 'crash.test', status: 'verified' }],
    });
    // And it serves mail again on the same port with the same credentials.
    await sendMail(app, { login, password, count: 1 });
    await usage.getByRole('button', { name: 'Refresh usage' }).click();
    await usage.getByText('3 of 1,500 emails sent today', { exact: false }).waitFor();
    await closeApp(session, [/Failed to load resource/]);
  });
});
