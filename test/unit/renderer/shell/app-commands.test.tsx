// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../../src/shared/domain';
import { AddDomainDialog } from '../../../../src/renderer/domains/AddDomainDialog';
import { domainsActions } from '../../../../src/renderer/domains/domains-store';
import { NO_OPEN_DOMAIN, setMessageFileHandler } from '../../../../src/renderer/shell/app-commands';
import { appDialogs } from '../../../../src/renderer/shell/app-dialogs';
import { HelpDialog } from '../../../../src/renderer/shell/HelpDialog';
import { kyriosAccountActions } from '../../../../src/renderer/shell/kyrios-account-store';
import { HOME, navActions, useNav } from '../../../../src/renderer/shell/nav-store';
import { connectAppCommands } from '../../../../src/renderer/shell/session';
import { ShortcutsDialog } from '../../../../src/renderer/shell/ShortcutsDialog';
import { resetAccountStores } from '../../../../src/renderer/shell/store-kit';
import { Toasts } from '../../../../src/renderer/ui/Toasts';
import { fakeDesktopApi } from './desktop-api';

/**
 * The desktop shell's commands (`app:command`), each delivered as main does, through the preload's
 * subscription, to the window's real stores and dialogs; only the API behind them is fake.
 */

const shop: Domain = {
  id: 'd1',
  name: 'shop.test',
  status: 'pending',
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [
    {
      id: 'r1',
      purpose: 'spf',
      type: 'TXT',
      name: 'shop.test',
      value: 'v=spf1 include:spf.sandbox.kyrios.test ~all',
      required: true,
      status: 'pending',
    },
  ],
};

const fake = fakeDesktopApi({
  listDomains: () => ({
    ok: true,
    value: { domains: [shop], source: 'live', syncedAt: '2026-11-26T10:00:00.000Z' },
  }),
  verifyDomain: () => ({ ok: true, value: { domain: shop, check: null } }),
  getLatestCheck: () => ({ ok: true, value: null }),
});
let stop: () => void = () => undefined;

beforeAll(() => {
  // The transport is picked on the first call: the desktop preload's bridge.
  (window as { kyrios?: unknown }).kyrios = fake.api;
});

/** The window's parts a command can show: the Add Domain dialog as the domains page opens it. */
function Window() {
  const adding = useNav((s) => s.addingDomain);
  return (
    <>
      <AddDomainDialog open={adding} onClose={navActions.closeAddDomain} />
      <ShortcutsDialog desktop />
      <HelpDialog />
      <Toasts />
    </>
  );
}

beforeEach(async () => {
  stop = connectAppCommands();
  await domainsActions.load();
  render(<Window />);
});

afterEach(() => {
  stop();
  cleanup();
  navActions.go(HOME);
  navActions.closeAddDomain();
  appDialogs.close();
  resetAccountStores();
  fake.calls.length = 0;
});

const toast = (text: string) => screen.findByText(text, { exact: false });

describe('app:command in the window', () => {
  it('is heard once connected, and no longer after', () => {
    expect(fake.subscribers).toBe(1);
    stop();
    expect(fake.subscribers).toBe(0);
  });

  it('add-domain opens Add Domain on the domains page, from any screen', async () => {
    navActions.go({ page: 'settings' });
    act(() => fake.command({ command: 'add-domain' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add Domain' });
    expect(within(dialog).getByRole('textbox', { name: /domain/i })).toBeTruthy();
    expect(navActions.current()).toEqual({ page: 'domains', domainId: null });
  });

  it('add-domain says why not while Kyrios cannot be reached', async () => {
    kyriosAccountActions.setConnection({ online: false, since: null, reason: 'refused' });
    act(() => fake.command({ command: 'add-domain' }));
    await toast('Kyrios cannot be reached');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('verify-open-domain runs Verify Now on the open domain and says the outcome', async () => {
    navActions.openDomain('d1');
    act(() => fake.command({ command: 'verify-open-domain' }));
    await toast('shop.test is not verified yet');
    expect(fake.requests('verifyDomain')).toEqual([{ domainId: 'd1' }]);
  });

  it('verify-open-domain with no domain open says to open one, and verifies nothing', async () => {
    act(() => fake.command({ command: 'verify-open-domain' }));
    await toast(NO_OPEN_DOMAIN('Verify Now'));
    expect(fake.requests('verifyDomain')).toEqual([]);
  });

  it('copy-all-records copies the open domain’s records', async () => {
    navActions.openSmtp('d1');
    act(() => fake.command({ command: 'copy-all-records' }));
    await toast('DNS records of shop.test copied');
    expect(await navigator.clipboard.readText()).toContain(
      'v=spf1 include:spf.sandbox.kyrios.test ~all',
    );
  });

  it('copy-all-records with no domain open copies nothing', async () => {
    await navigator.clipboard.writeText('before');
    act(() => fake.command({ command: 'copy-all-records' }));
    await toast(NO_OPEN_DOMAIN('Copy All Records'));
    expect(await navigator.clipboard.readText()).toBe('before');
  });

  it('open-settings shows Settings', () => {
    act(() => fake.command({ command: 'open-settings' }));
    expect(navActions.current()).toEqual({ page: 'settings' });
  });

  it('open-help shows the README’s user part', async () => {
    act(() => fake.command({ command: 'open-help' }));
    const dialog = await screen.findByRole('dialog', { name: 'Kyrios Desk Help' });
    const text = await within(dialog).findByLabelText('The README’s user part');
    expect(text.textContent).toMatch(/^## What it does/);
    expect(text.textContent).toContain('## The desktop app');
    expect(text.textContent).not.toContain('## Development');
  });

  it('show-shortcuts lists the shortcuts', async () => {
    act(() => fake.command({ command: 'show-shortcuts' }));
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const rows = within(dialog)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual([
      expect.stringMatching(/^Add Domain.*(Ctrl\+N|⌘N)$/),
      expect.stringMatching(/^Verify Now.*(Ctrl\+R|⌘R)$/),
      expect.stringMatching(/^Copy All Records.*(Ctrl\+Shift\+C|⇧⌘C)$/),
      expect.stringMatching(/^Settings(Ctrl\+,|⌘,)$/),
      'This list?',
    ]);
  });

  it('open-domain (a notification click) opens that domain’s page', () => {
    navActions.go({ page: 'monitoring' });
    act(() => fake.command({ command: 'open-domain', domainId: 'd1' }));
    expect(navActions.current()).toEqual({ page: 'domains', domainId: 'd1' });
  });

  it('check-message goes to the message check when one is hooked in', () => {
    const opened: string[] = [];
    const unhook = setMessageFileHandler((path) => opened.push(path));
    act(() => fake.command({ command: 'check-message', path: '/tmp/received.eml' }));
    unhook();
    expect(opened).toEqual(['/tmp/received.eml']);
  });

  it('check-message without one says so, naming the file', async () => {
    navActions.go({ page: 'audit' });
    act(() => fake.command({ command: 'check-message', path: 'C:\\mail\\received.eml' }));
    await toast('received.eml was opened with Kyrios Desk');
    expect(navActions.current()).toEqual({ page: 'domains', domainId: null });
  });
});

describe('the Add Domain dialog as a route', () => {
  it('closes when the domains page is left (the back button)', async () => {
    act(() => fake.command({ command: 'add-domain' }));
    await screen.findByRole('dialog', { name: 'Add Domain' });
    act(() => navActions.go({ page: 'audit' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
