/// <reference lib="dom" />
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Channel, RequestOf, ResponseOf } from '../../src/shared/contract';
import type { Domain } from '../../src/shared/domain';
import type { Result } from '../../src/shared/errors';
import type { DnsFixture, FixtureZone } from '../fixtures/dns';
import { ARTIFACTS, newContext, type WebApp } from './harness';

/**
 * What the e2e specs share: a page with its console watched for CSP violations and errors, calls
 * straight to the app's contract for setup, DNS publishing, axe, and SMTP sending.
 */

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** CSP violations, uncaught errors and console errors seen so far. */
  problems: string[];
}

export async function openApp(
  browser: Browser,
  app: WebApp,
  {
    colorScheme = 'light',
    hash = '',
    before,
  }: {
    colorScheme?: 'light' | 'dark';
    hash?: string;
    before?: (page: Page) => Promise<void>;
  } = {},
): Promise<AppPage> {
  const context = await newContext(browser, app.origin, colorScheme);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || /Content Security Policy/i.test(text)) {
      problems.push(`console ${message.type()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  if (before) await before(page);
  await page.goto(`${app.url}${hash}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page, problems };
}

/** Closes the page's context and fails on any CSP violation or error it reported. */
export async function closeApp(
  { context, problems }: AppPage,
  allow: RegExp[] = [],
): Promise<void> {
  await context.close();
  const unexpected = problems.filter((p) => !allow.some((a) => a.test(p)));
  if (unexpected.length > 0) throw new Error(`The page reported:\n${unexpected.join('\n')}`);
}

/** One call to the app's contract over browser mode's HTTP binding, as the renderer makes it. */
export async function callApi<C extends Channel>(
  app: WebApp,
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const response = await fetch(`${app.origin}/api/${channel.replace(':', '/')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const result = (await response.json()) as Result<ResponseOf<C>>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** The zone of the service's own hosts, so SPF include lookups resolve. */
export const KYRIOS_ZONE: FixtureZone = {
  origin: 'sandbox.kyrios.test',
  records: [
    { name: 'spf.sandbox.kyrios.test', type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 -all' },
  ],
};

export function zoneFor(origin: string, nameservers = [`ns1.${origin}`]): FixtureZone {
  return { origin, nameservers, records: [] };
}

/** Publishes a domain's generated records in the fixture, as an admin would at their DNS host. */
export function publishRecords(dns: DnsFixture, domain: Domain, ttl = 0): void {
  for (const r of domain.records) {
    dns.setRecords(
      r.name,
      r.type,
      [r.type === 'MX' ? `${r.priority ?? 10} ${r.value}` : r.value],
      ttl,
    );
  }
}

/** A domain added, published and verified through the contract: the starting point of SMTP tests. */
export async function addVerifiedDomain(
  app: WebApp,
  dns: DnsFixture,
  name: string,
): Promise<Domain> {
  const domain = await callApi(app, 'domains:add', { name });
  publishRecords(dns, domain);
  const { domain: verified } = await callApi(app, 'domains:verify', { domainId: domain.id });
  if (verified.status !== 'verified') throw new Error(`${name} is ${verified.status}`);
  return verified;
}

export async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/**
 * axe-core on the page as it is. Evaluated through the DevTools protocol rather than a <script>
 * tag, which the page's CSP (rightly) refuses. Returns the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<unknown> } })
      .axe;
    return axe.run(document);
  });
  return (result as AxeResult).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
}

/** One pooled connection to the account's SMTP submission port, authenticated as an SMTP user. */
async function submissionTransport(app: WebApp, login: string, password: string) {
  const { account } = await callApi(app, 'account:get', {});
  if (!account) throw new Error('no account');
  return nodemailer.createTransport({
    host: account.smtp.host,
    port: account.smtp.port,
    secure: false,
    // The sandbox accepts cleartext AUTH on loopback; its certificate is self-signed.
    ignoreTLS: true,
    auth: { user: login, pass: password },
    pool: true,
    maxConnections: 1,
  });
}

/** Mail through the sandbox's SMTP submission port, authenticated as an SMTP user. */
export async function sendMail(
  app: WebApp,
  { login, password, count = 1 }: { login: string; password: string; count?: number },
): Promise<void> {
  const transport = await submissionTransport(app, login, password);
  try {
    for (let i = 0; i < count; i++) {
      await transport.sendMail({
        from: login,
        to: `customer${i}@example.net`,
        subject: `Hello ${i}`,
        text: 'Sent by the Kyrios Desk e2e tests.',
      });
    }
  } finally {
    transport.close();
  }
}

/**
 * `expect.poll` with room to breathe: its 1 s default is too short on a loaded two-core machine
 * with Chromium, the app and the sandbox sharing it. Still a wait on state, never a sleep.
 */
export const eventually = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 15_000, interval: 50 });

/** Waits until the menu has put focus on an item (Radix moves it there just after opening). */
export async function menuFocus(page: Page, item: string): Promise<void> {
  const focused = page.getByRole('menuitem', { name: item });
  await focused.waitFor();
  await eventually(() => focused.evaluate((el) => el === document.activeElement)).toBe(true);
}

/**
 * `recipients` addresses through SMTP submission, 100 to a message (the least RFC 5321 lets a
 * server take) on one connection: the sandbox counts each accepted recipient against the daily
 * limit, so this is how a test gets to 1,200 quickly. Resolves with the addresses the server
 * refused (past the limit).
 */
export async function sendBulk(
  app: WebApp,
  {
    login,
    password,
    recipients,
    from = 0,
  }: { login: string; password: string; recipients: number; from?: number },
): Promise<string[]> {
  const transport = await submissionTransport(app, login, password);
  const rejected: string[] = [];
  try {
    for (let first = 0; first < recipients; first += 100) {
      const count = Math.min(100, recipients - first);
      try {
        const info = await transport.sendMail({
          from: login,
          to: Array.from({ length: count }, (_, i) => `reader${from + first + i}@example.net`),
          subject: 'Newsletter',
          text: 'Sent by the Kyrios Desk e2e tests.',
        });
        for (const r of info.rejected as (string | { address: string })[]) {
          rejected.push(typeof r === 'string' ? r : r.address);
        }
      } catch (error) {
        // Every recipient refused (the login is gone): nodemailer rejects the whole message.
        const refused = (error as { rejected?: (string | { address: string })[] }).rejected;
        if (!refused) throw error;
        for (const r of refused) rejected.push(typeof r === 'string' ? r : r.address);
      }
    }
    return rejected;
  } finally {
    transport.close();
  }
}

/**
 * axe on the page as it is, in the light and then the dark theme (the OS preference, emulated),
 * with a screenshot of each; back to light afterwards. Returns the serious and critical findings.
 */
export async function auditBothThemes(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    // Let transitions and late renders settle: axe judges colours as painted.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))),
    );
    for (const v of await seriousViolations(page)) found.push(`[${theme}] ${name}: ${v}`);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${theme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Whether the element is the focused one. */
export const isFocused = (locator: Locator) =>
  locator.evaluate((el) => el === document.activeElement);
