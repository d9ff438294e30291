/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import type { Domain } from '../../../src/shared/domain';
import type { WebApp } from '../harness';

/** A domain's "SMTP Settings": its credentials, their dialogs, and the "Email usage" panel. */
export class SmtpPage {
  constructor(
    readonly page: Page,
    readonly app: WebApp,
  ) {}

  async open(domain: Pick<Domain, 'id' | 'name'>): Promise<void> {
    await this.page.goto(`${this.app.url}#/domains/${encodeURIComponent(domain.id)}/smtp`);
    await this.page
      .getByRole('heading', { level: 1, name: `SMTP Settings for ${domain.name}` })
      .waitFor();
  }

  credentials(domain: string): Locator {
    return this.page.getByRole('table', { name: `SMTP credentials for ${domain}` });
  }

  row(domain: string, login: string): Locator {
    return this.credentials(domain).getByRole('row').filter({ hasText: login });
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name });
  }

  usage(): Locator {
    return this.page.getByRole('region', { name: 'Email usage' });
  }

  /** The usage panel's Pace and Projection, as said. */
  async pace(): Promise<{ pace: string; projection: string; projectionWarns: boolean }> {
    const figures = this.usage().locator('.guard-figures');
    const value = (term: string) =>
      figures
        .locator('div')
        .filter({ has: this.page.locator('dt', { hasText: term }) })
        .locator('dd');
    return {
      pace: (await value('Pace').innerText()).trim(),
      projection: (await value('Projection').innerText()).trim(),
      projectionWarns: (await value('Projection').getAttribute('class'))?.includes('warn') ?? false,
    };
  }

  async refreshUsage(): Promise<void> {
    await this.usage().getByRole('button', { name: 'Refresh usage' }).click();
    await this.usage().getByRole('button', { name: 'Refresh usage' }).waitFor();
  }
}
