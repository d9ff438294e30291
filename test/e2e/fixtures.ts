/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { test as base } from 'vitest';
import { startDnsFixture, type DnsFixture, type FixtureZone } from '../fixtures/dns';
import { closeApp, KYRIOS_ZONE, openApp, zoneFor, type AppPage } from './app-helpers';
import { launchChromium, startFreshWebApp, type FreshWebApp, type WebApp } from './harness';

/**
 * The e2e specs' fixtures, so a spec states what it needs and nothing sets itself up by hand:
 *
 * - `browser`: one Chromium per file;
 * - `zones` (a value, override it per file or `describe` with `test.override('zones', …)`): what
 *   the loopback DNS serves, by default shop.test, pending.test and the service's own hosts;
 * - `dns`: that DNS server, the authoritative servers of every check;
 * - `resolver`: the resolver of every check, by default `dns` itself (override it with a caching
 *   resolver in front of `dns` to see answers lag behind what was just published);
 * - `appArgs`: more arguments for browser mode (e.g. `--dedicated-ip`);
 * - `appEnv`: more environment for browser mode (e.g. a remote sandbox as its account);
 * - `fresh` / `app`: browser mode on a new data folder, asking `dns`;
 * - `page`: a window on it, its console watched (a CSP violation or an error fails the test);
 *   `pageProblems` lets a test allow the console errors it causes on purpose.
 *
 * Everything is stopped after the test, last started first, even when it fails.
 */

export const DEFAULT_ZONES: FixtureZone[] = [
  zoneFor('shop.test'),
  zoneFor('pending.test'),
  KYRIOS_ZONE,
];

export interface PageProblems {
  /** Console messages matching these are expected by the test (an aborted request, say). */
  allow(...patterns: RegExp[]): void;
}

export const test = base
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from its pattern.
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('zones', DEFAULT_ZONES)
  .extend('appArgs', [] as string[])
  .extend('appEnv', {} as NodeJS.ProcessEnv)
  .extend('dns', async ({ zones }, { onCleanup }): Promise<DnsFixture> => {
    const dns = await startDnsFixture({ zones });
    onCleanup(() => dns.close());
    return dns;
  })
  .extend('resolver', ({ dns }): DnsFixture => dns)
  .extend(
    'fresh',
    async ({ dns, resolver, appArgs, appEnv }, { onCleanup }): Promise<FreshWebApp> => {
      const fresh = await startFreshWebApp({
        env: appEnv,
        args: ['--authoritative', dns.address, '--resolver', resolver.address, ...appArgs],
      });
      onCleanup(() => fresh.close());
      return fresh;
    },
  )
  .extend('app', ({ fresh }): WebApp => fresh.app)
  // eslint-disable-next-line no-empty-pattern -- as above.
  .extend('pageProblems', ({}): PageProblems & { allowed: RegExp[] } => {
    const allowed: RegExp[] = [];
    return { allowed, allow: (...patterns) => allowed.push(...patterns) };
  })
  .extend('session', async ({ browser, app, pageProblems }, { onCleanup }): Promise<AppPage> => {
    const session = await openApp(browser, app);
    onCleanup(() => closeApp(session, pageProblems.allowed));
    return session;
  })
  .extend('page', ({ session }): Page => session.page);
