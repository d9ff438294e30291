/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import type { Domain } from '../../../src/shared/domain';
import type { WebApp } from '../harness';

/**
 * "Dedicated Domain And IP" as a user sees it: the list, a domain's page with its records,
 * diagnostics, propagation and history. Locates by role and accessible name only.
 */
export class DomainsPage {
  constructor(
    readonly page: Page,
    readonly app: WebApp,
  ) {}

  /** Opens the screen (on a domain's page when given), as a bookmark or a reload would. */
  async open(domain?: Pick<Domain, 'id' | 'name'>): Promise<void> {
    await this.page.goto(`${this.app.url}#/domains/${domain ? encodeURIComponent(domain.id) : ''}`);
    await this.page.getByRole('heading', { level: 1, name: 'Dedicated Domain And IP' }).waitFor();
    if (domain) await this.records(domain.name).waitFor();
  }

  list(): Locator {
    return this.page.getByRole('table', { name: 'Domains' });
  }

  /** The list's row of a domain (by the name its button shows). */
  row(name: string): Locator {
    return this.list()
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  /** The list's Status and Last check cells of a domain. */
  async rowState(name: string): Promise<{ status: string; lastCheck: string }> {
    const cells = this.row(name).getByRole('cell');
    return {
      status: (await cells.nth(0).innerText()).trim(),
      lastCheck: (await cells.nth(1).innerText()).trim(),
    };
  }

  detail(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  records(name: string): Locator {
    return this.page.getByRole('table', { name: `DNS records for ${name}` });
  }

  recordRow(name: string, purpose: string): Locator {
    return this.records(name)
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: purpose, exact: true }) });
  }

  /** The Status column's words for each record, by purpose. */
  async recordStatuses(name: string): Promise<Record<string, string>> {
    const rows = this.records(name).getByRole('row');
    const out: Record<string, string> = {};
    for (let i = 1; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const purpose = (await row.getByRole('rowheader').innerText()).trim();
      out[purpose] = (await row.locator('.badge').innerText()).trim();
    }
    return out;
  }

  diagnoses(name: string): Locator {
    return this.page.getByRole('list', { name: `DNS diagnostics for ${name}` });
  }

  diagnosis(name: string, purpose: string): Locator {
    return this.diagnoses(name)
      .getByRole('listitem')
      .filter({ has: this.page.locator('strong', { hasText: new RegExp(`^${purpose}$`) }) });
  }

  propagation(name: string): Locator {
    return this.page.getByRole('table', { name: `Propagation of ${name}` });
  }

  /** The propagation grid's cell of a record for the first server of a role. */
  async propagationCell(
    name: string,
    purpose: string,
    role: 'Authoritative' | 'Resolver',
  ): Promise<Locator> {
    const grid = this.propagation(name);
    // Text content: the headers' capitals are the style's, not the words'.
    const headers = await grid.getByRole('columnheader').allTextContents();
    const column = headers.findIndex((h) => h.includes(role));
    if (column < 1) throw new Error(`no ${role} column in ${headers.join(' | ')}`);
    const row = grid
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: purpose, exact: true }) });
    // The row header is the first column; cells follow it.
    return row.getByRole('cell').nth(column - 1);
  }

  history(name: string): Locator {
    return this.page.getByRole('table', { name: `Check history of ${name}` });
  }

  checkDnsButton(): Locator {
    return this.page.getByRole('region', { name: 'DNS diagnostics' }).getByRole('button', {
      name: /^(Check DNS|Checking DNS…)$/,
    });
  }

  /** Check DNS, and waits until its result is on screen. */
  async checkDns(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Check DNS', exact: true });
    await button.click();
    await this.page.getByRole('button', { name: 'Check DNS', exact: true }).waitFor();
    await this.page
      .getByRole('status')
      .filter({ hasText: /^Checked from this computer/ })
      .waitFor();
  }

  /** Verify Now on the domain's page; resolves with the toast it ends with. */
  async verifyNow(name: string): Promise<string> {
    await this.detail(name).getByRole('button', { name: 'Verify Now' }).click();
    const toast = this.page
      .locator('.toast')
      .filter({ hasText: new RegExp(`^${name.replace(/\./g, '\\.')} is `) });
    await toast.first().waitFor();
    return (await toast.first().innerText()).replace(/×$/, '').trim();
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('.toast').filter({ hasText: text });
  }
}
