/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';

/**
 * The mail screens as a user sees them: "Send test message" (SMTP Settings, per SMTP user) and
 * "Check a received message" with its history (a domain's page). Locates by role and name only.
 */
export class MailPage {
  constructor(readonly page: Page) {}

  sendDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Send test message' });
  }

  /** Opens "Send test message" from the user's row of the credentials table. */
  async openSendTest(domain: string, login: string): Promise<Locator> {
    await this.page
      .getByRole('table', { name: `SMTP credentials for ${domain}` })
      .getByRole('row')
      .filter({ hasText: login })
      .getByRole('button', { name: 'Send test message' })
      .click();
    const dialog = this.sendDialog();
    await dialog.waitFor();
    return dialog;
  }

  /** Types the password and sends; resolves once the dialog is no longer busy. */
  async send(password: string, to?: string): Promise<void> {
    const dialog = this.sendDialog();
    await dialog.getByLabel(/^Password of /).fill(password);
    if (to !== undefined) await dialog.getByRole('textbox', { name: 'Recipient' }).fill(to);
    await dialog.getByRole('button', { name: /^Send( again)?$/ }).click();
    await dialog
      .getByRole('button', { name: /^Send( again)?$/ })
      .and(this.page.locator('[aria-busy="false"]'))
      .waitFor();
  }

  /** One verdict card of a verdict list, by its title ("SPF", "DKIM d=shop.test s=kyrios1"). */
  verdict(list: Locator, title: string | RegExp): Locator {
    return list
      .getByRole('listitem')
      .filter({ has: this.page.locator('strong', { hasText: title }) });
  }

  messageCheck(): Locator {
    return this.page.getByRole('region', { name: 'Check a received message' });
  }

  history(domain: string): Locator {
    return this.page.getByRole('table', { name: `Test sends and checked messages of ${domain}` });
  }
}
