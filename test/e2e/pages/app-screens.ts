/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';

/** The app's own screens, reached from the main navigation as a user does. */
export class AppScreens {
  constructor(readonly page: Page) {}

  nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  /** Follows a main navigation link; resolves once the screen's heading is there. */
  async go(
    screen: 'Dedicated Domain And IP' | 'Monitoring' | 'Audit log' | 'Accounts' | 'Settings',
  ): Promise<Locator> {
    await this.nav().getByRole('link', { name: screen }).click();
    const heading = this.page.getByRole('heading', { level: 1, name: screen });
    await heading.waitFor();
    return heading;
  }

  /** The element that has keyboard focus, described for a failure message. */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? '';
      return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''} ${name}`;
    });
  }

  /** Whether the page can scroll sideways, and by how much. */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  }
}
