/// <reference lib="dom" />
import { describe, expect } from 'vitest';
import { openAppDatabase } from '../../src/main/db/app-database';
import { createUsageSamplesRepo } from '../../src/main/db/usage-samples-repo';
import { addVerifiedDomain, callApi, eventually, sendMail } from './app-helpers';
import { test } from './fixtures';
import { SmtpPage } from './pages/smtp-page';

/**
 * The limit guard's pace needs 15 minutes of readings: 40 test emails a few minutes after start
 * are no pace, and raise no projection, red or not. A pace is never said to be "over the last
 * hour" unless it is.
 */

/** A reading of the account's count taken `minutesAgo`, as the app's own sampler stores them. */
function readingAgo(dataDir: string, minutesAgo: number, sent: number): void {
  const db = openAppDatabase(dataDir);
  try {
    const at = new Date(Date.now() - minutesAgo * 60_000);
    createUsageSamplesRepo(db).add('sandbox', {
      at: at.toISOString(),
      day: new Date().toISOString().slice(0, 10),
      sent,
    });
  } finally {
    db.close();
  }
}

describe('The pace of sending', () => {
  test('40 emails in 5 minutes: no pace yet, no projection; after 20 minutes, a pace over 20 minutes', async ({
    app,
    dns,
    fresh,
    page,
  }) => {
    // Readings began 5 minutes ago, at 0 (the app's sampler has been reading since its start).
    readingAgo(fresh.dataDir, 5, 0);
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    const tester = await callApi(app, 'smtp:create', { domainId: shop.id, login: 'tester' });
    await sendMail(app, { login: tester.user.login, password: tester.password, count: 40 });

    const smtp = new SmtpPage(page, app);
    await smtp.open(shop);
    await smtp.refreshUsage();
    await smtp.usage().getByText('40 of 1,500 emails sent today').waitFor();
    await eventually(() => smtp.pace()).toEqual({
      pace: 'Not known yet: the pace needs 15 minutes of readings (5 min so far).',
      projection: 'Not known yet: it needs the pace first.',
      projectionWarns: false,
    });
    // Nothing on the page claims an hour, nor a time the limit would be reached.
    expect(await page.getByText(/over the last hour|the limit is reached at/).count()).toBe(0);
    const meter = await page.getByRole('banner').locator('.meter').getAttribute('title');
    expect(meter).not.toMatch(/per hour|reached at/);

    // Readings that go back 20 minutes make a pace, said over what it covers.
    readingAgo(fresh.dataDir, 20, 0);
    await smtp.refreshUsage();
    await eventually(async () => (await smtp.pace()).pace).toBe(
      '120 emails per hour over the last 20 min',
    );
    expect(await page.getByText(/over the last hour/).count()).toBe(0);
  });
});
