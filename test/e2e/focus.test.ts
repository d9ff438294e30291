/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { addVerifiedDomain, callApi, eventually, isFocused, menuFocus } from './app-helpers';
import { test } from './fixtures';
import { AppScreens } from './pages/app-screens';
import { DomainsPage } from './pages/domains-page';
import { SmtpPage } from './pages/smtp-page';

/**
 * Keyboard focus after every action: it stays where the user is while work runs and comes back
 * to a sensible place after it; a dialog keeps Tab inside itself; the ⋯ menu goes round.
 */

/**
 * What the page shows, for a failure's message: each dialog element with its accessible state,
 * what has focus, and whether the page takes pointer events.
 */
function pageState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dialogs = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')].map(
      (d) =>
        `${d.getAttribute('aria-labelledby') ? (document.getElementById(d.getAttribute('aria-labelledby') ?? '')?.textContent ?? '?') : '?'}` +
        ` (state ${d.getAttribute('data-state') ?? '-'}, hidden from assistive technology: ${d.closest('[aria-hidden="true"]') !== null})`,
    );
    const active = document.activeElement;
    return [
      `dialogs: ${dialogs.join('; ') || 'none'}`,
      `focus: ${active ? `${active.tagName} "${active.textContent?.trim().slice(0, 40) ?? ''}"` : 'none'}`,
      `body pointer-events: ${document.body.style.pointerEvents || 'auto'}`,
      `toasts: ${
        [...document.querySelectorAll('[role="status"], [role="alert"]')]
          .map((t) => t.textContent?.trim())
          .filter(Boolean)
          .join(' | ') || 'none'
      }`,
    ].join('; ');
  });
}

/** Clicks `button` with the keyboard and waits until `done` shows; focus must still be on it. */
async function pressAndKeepFocus(page: Page, button: Locator, done: Locator): Promise<void> {
  await button.focus();
  await page.keyboard.press('Enter');
  await done.waitFor();
  await eventually(() => isFocused(button)).toBe(true);
}

describe('Focus after every action', () => {
  test('stays on Check DNS, Re-check IP, Check all now and Save settings while they run and after', async ({
    app,
    dns,
    page,
  }) => {
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    const domains = new DomainsPage(page, app);
    await domains.open(shop);
    const screens = new AppScreens(page);

    const checkDns = page.getByRole('button', { name: /^(Check DNS|Checking DNS…)$/ });
    await pressAndKeepFocus(
      page,
      checkDns,
      page.getByRole('status').filter({ hasText: /^Checked from this computer/ }),
    );
    expect(await screens.focused()).not.toBe('body');

    const recheck = page
      .getByRole('region', { name: /^Dedicated IP/ })
      .getByRole('button', { name: /^(Re-check IP|Checking…)$/ });
    await pressAndKeepFocus(
      page,
      recheck,
      page.getByRole('region', { name: /^Dedicated IP/ }).getByText(/checked just now/),
    );

    await screens.go('Monitoring');
    const checkAll = page.getByRole('button', { name: /^(Check all now|Checking…)$/ });
    await pressAndKeepFocus(page, checkAll, domains.toast(/^Checked: /));

    await screens.go('Settings');
    const interval = page.getByRole('textbox', { name: 'Monitoring interval (minutes)' });
    await eventually(() => interval.inputValue()).toBe('60');
    await interval.fill('30');
    const save = page.getByRole('button', { name: /^(Save settings|Saving…)$/ });
    await pressAndKeepFocus(page, save, domains.toast('Settings saved.'));
  });

  test('Tab and Shift+Tab go round a dialog with no stop outside it; Escape gives focus back', async ({
    app,
    dns,
    page,
  }) => {
    const shop = await addVerifiedDomain(app, dns, 'shop.test');
    const smtp = new SmtpPage(page, app);
    await smtp.open(shop);
    const create = page.getByRole('button', { name: 'Create SMTP Credentials' });
    await create.click();
    const dialog = smtp.dialog('Create SMTP Credentials');
    await dialog.getByRole('textbox', { name: 'Login name' }).waitFor();

    const stops = async (key: 'Tab' | 'Shift+Tab', times: number) => {
      const seen: { inside: boolean; what: string }[] = [];
      for (let i = 0; i < times; i++) {
        await page.keyboard.press(key);
        seen.push(
          await page.evaluate(() => {
            const el = document.activeElement;
            return {
              inside: !!el?.closest('[role="dialog"]'),
              what: el === document.body ? 'body' : `${el?.tagName} ${el?.textContent ?? ''}`,
            };
          }),
        );
      }
      return seen;
    };
    // More presses than the dialog has stops: it must have gone round at least once.
    for (const key of ['Tab', 'Shift+Tab'] as const) {
      const seen = await stops(key, 14);
      expect(seen.filter((s) => !s.inside)).toEqual([]);
      expect(new Set(seen.map((s) => s.what)).size).toBeLessThan(seen.length);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => isFocused(create)).toBe(true);
  });

  test('the ⋯ menu goes round: up from the first item is the last, down from the last is the first', async ({
    app,
    dns,
    page,
  }) => {
    await addVerifiedDomain(app, dns, 'shop.test');
    await callApi(app, 'domains:add', { name: 'pending.test' });
    await callApi(app, 'domains:add', { name: 'other.test' });
    const domains = new DomainsPage(page, app);
    await domains.open();
    // Reached with Tab from the row's name: the row's ⋯ button is made into the menu's trigger as
    // focus lands on it, and focus stays on it through that.
    const actions = page.getByRole('button', { name: 'Actions for shop.test' });
    await domains.row('shop.test').getByRole('button', { name: 'shop.test', exact: true }).focus();
    await page.keyboard.press('Tab');
    await eventually(() => isFocused(actions)).toBe(true);
    await page.keyboard.press('Enter');
    await menuFocus(page, 'SMTP Settings');
    await page.keyboard.press('ArrowUp');
    await menuFocus(page, 'Delete domain');
    await page.keyboard.press('ArrowDown');
    await menuFocus(page, 'SMTP Settings');
    await page.keyboard.press('Escape');
    await eventually(() => isFocused(actions)).toBe(true);
    // Pressed with no pointer over it first (a touch), or clicked by assistive technology (a
    // click with no press): the menu opens at once, on the first try.
    await page
      .getByRole('button', { name: 'Actions for pending.test' })
      .dispatchEvent('pointerdown', { button: 0, isPrimary: true, pointerType: 'touch' });
    await page.getByRole('menu', { name: 'Actions for pending.test' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Actions for other.test' }).dispatchEvent('click');
    await page.getByRole('menu', { name: 'Actions for other.test' }).waitFor();
    await page.keyboard.press('Escape');
  });

  test(
    '20 walks: Delete right after Reset Password closes always opens, no click is lost',
    {
      // Twenty walks of four dialogs each: more than one test's usual minute on a loaded machine.
      timeout: 180_000,
    },
    async ({ app, dns, page }) => {
      const shop = await addVerifiedDomain(app, dns, 'shop.test');
      await callApi(app, 'smtp:create', { domainId: shop.id, login: 'sales' });
      await callApi(app, 'smtp:create', { domainId: shop.id, login: 'billing' });
      const smtp = new SmtpPage(page, app);
      await smtp.open(shop);
      const reset = smtp.dialog('Reset Password');
      const confirm = smtp.dialog('Delete billing@shop.test?');
      let opened = 0;
      // Each step is bounded, and a step that fails says what the page showed instead: a lost
      // click, a dialog that did not open, or a page left taking no pointer events.
      const step = async (walk: number, what: string, run: () => Promise<unknown>) => {
        await run().catch(async (error: unknown) => {
          throw new Error(`walk ${walk}: ${what}: ${await pageState(page)}`, { cause: error });
        });
      };
      const within = { timeout: 10_000 };
      for (let walk = 1; walk <= 20; walk++) {
        await step(walk, 'Reset Password could not be clicked', () =>
          smtp
            .row('shop.test', 'sales@shop.test')
            .getByRole('button', { name: 'Reset Password' })
            .click(within),
        );
        await step(walk, 'Reset Password did not open', () => reset.waitFor(within));
        await step(walk, 'the new password was not made and saved', async () => {
          await reset.getByRole('button', { name: 'Generate a password' }).click(within);
          await reset.getByRole('button', { name: 'Save', exact: true }).click(within);
          await reset.waitFor({ state: 'hidden', ...within });
        });
        // At once, as a user moving on does: the click must open the next dialog.
        await step(walk, 'Delete could not be clicked', () =>
          smtp
            .row('shop.test', 'billing@shop.test')
            .getByRole('button', { name: 'Delete' })
            .click(within),
        );
        await step(walk, 'Delete did not open', () => confirm.waitFor(within));
        opened += 1;
        await step(walk, 'the confirmation did not close', async () => {
          await confirm.getByRole('button', { name: 'Cancel' }).click(within);
          await confirm.waitFor({ state: 'hidden', ...within });
        });
      }
      expect(opened).toBe(20);
      const { users } = await callApi(app, 'smtp:list', { domainId: shop.id });
      expect(users.map((u) => u.login).sort()).toEqual(['billing@shop.test', 'sales@shop.test']);
    },
  );
});
