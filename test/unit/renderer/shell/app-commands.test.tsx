// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Domain } from '../../../../src/shared/domain';
import type { MailHistoryEntry } from '../../../../src/shared/mail-check';
import { AddDomainDialog } from '../../../../src/renderer/domains/AddDomainDialog';
import { domainsActions } from '../../../../src/renderer/domains/domains-store';
import { NO_OPEN_DOMAIN } from '../../../../src/renderer/shell/app-commands';
import { useMessageCheckRun } from '../../../../src/renderer/domains/message-check-store';
import { appDialogs } from '../../../../src/renderer/shell/app-dialogs';
import { CheckedMessageDialog } from '../../../../src/renderer/shell/CheckedMessageDialog';
import { HelpDialog } from '../../../../src/renderer/shell/HelpDialog';
import { kyriosAccountActions } from '../../../../src/renderer/shell/kyrios-account-store';
import { HOME, navActions, useNav } from '../../../../src/renderer/shell/nav-store';
import { connectAppCommands } from '../../../../src/renderer/shell/session';
import { ShortcutsDialog } from '../../../../src/renderer/shell/ShortcutsDialog';
import { resetAccountStores } from '../../../../src/renderer/shell/store-kit';
import { Toasts } from '../../../../src/renderer/ui/Toasts';
import { fakeDesktopApi } from './desktop-api';
import { passingResult } from '../domains/mail-fixtures';

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
      <CheckedMessageDialog />
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

/** What the domain's message check holds, as its screen reads it. */
function CheckRun({ domainId }: { domainId: string }) {
  const run = useMessageCheckRun(domainId);
  return (
    <output aria-label={`check of ${domainId}`}>
      {[run.status, run.entry?.id, run.file?.name].join(' ')}
    </output>
  );
}

/** A stored check of a received message, as the main process sends it after checking a file. */
function checkedEntry(domainId: string | null, status: 'pass' | 'fail'): MailHistoryEntry {
  return {
    id: 7,
    kind: 'check',
    domainId,
    domain: domainId ? 'shop.test' : null,
    at: '2026-11-26T10:05:00.000Z',
    status,
    subject: 'Hello',
    from: domainId ? 'anna@shop.test' : 'bob@elsewhere.test',
    recipient: null,
    result: null,
    transcript: null,
    note: null,
  };
}

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

  it('check-message says the file is being checked, naming it', async () => {
    act(() => fake.command({ command: 'check-message', path: 'C:\\mail\\received.eml' }));
    await toast('Checking received.eml…');
  });

  it('message-checked opens the domain with the verdicts, filed in its history', async () => {
    navActions.go({ page: 'audit' });
    const entry = checkedEntry('d1', 'fail');
    act(() => fake.command({ command: 'message-checked', path: '/tmp/received.eml', entry }));
    await toast('received.eml checked');
    expect(navActions.current()).toEqual({ page: 'domains', domainId: 'd1' });
    render(<CheckRun domainId="d1" />);
    expect(screen.getByRole('status', { name: 'check of d1' }).textContent).toBe(
      'done 7 received.eml',
    );
  });

  it('message-checked for a message from elsewhere shows its verdicts in a dialog of their own', async () => {
    navActions.go({ page: 'audit' });
    const result = { ...passingResult(), from: 'bob@elsewhere.test', fromDomain: 'elsewhere.test' };
    act(() =>
      fake.command({
        command: 'message-checked',
        path: '/tmp/other.eml',
        entry: { ...checkedEntry(null, 'pass'), result },
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'other.eml checked' });
    expect(
      within(dialog).getByText(/It is from elsewhere\.test, which is not a domain of this account/),
    ).toBeTruthy();
    // The same verdicts as under a domain's "Check a received message".
    expect(within(dialog).getByText(result.spf.message)).toBeTruthy();
    expect(within(dialog).getByText('From bob@elsewhere.test', { exact: false })).toBeTruthy();
    // No domain's page is opened for it.
    expect(navActions.current()).toEqual({ page: 'audit' });
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('message-checked from elsewhere with no verdicts to show says its status', async () => {
    act(() =>
      fake.command({
        command: 'message-checked',
        path: '/tmp/headers.eml',
        entry: { ...checkedEntry(null, 'fail'), note: 'Only headers: no body to verify.' },
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'headers.eml checked' });
    expect(within(dialog).getByText('Only headers: no body to verify.')).toBeTruthy();
    expect(within(dialog).getByText('Fail')).toBeTruthy();
  });

  it('message-check-failed says why, naming the file', async () => {
    act(() =>
      fake.command({
        command: 'message-check-failed',
        path: '/tmp/photo.eml',
        message: 'This is not an email message.',
      }),
    );
    await toast('photo.eml: This is not an email message.');
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
