// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../src/shared/contract';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings';
import { BROWSER_REASON } from '../../../../src/renderer/settings/DesktopFields';
import { SettingsView } from '../../../../src/renderer/settings/SettingsView';
import { appInfoActions } from '../../../../src/renderer/shell/app-info-store';
import { Toasts } from '../../../../src/renderer/ui/Toasts';
import { fakeDesktopApi } from '../shell/desktop-api';

/** The desktop app's two switches in Settings, saved through the settings store. */

let stored: Settings = { ...DEFAULT_SETTINGS };
const fake = fakeDesktopApi({
  getSettings: () => ({ ok: true, value: stored }),
  updateSettings: (patch) => {
    stored = { ...stored, ...(patch as Partial<Settings>) };
    return { ok: true, value: stored };
  },
});

beforeAll(() => {
  (window as { kyrios?: unknown }).kyrios = fake.api;
});
afterEach(() => {
  cleanup();
  stored = { ...DEFAULT_SETTINGS };
  fake.calls.length = 0;
});

const info = (mode: AppInfo['mode']): AppInfo => ({
  version: '1.0.0',
  mode,
  account: { kind: 'sandbox', label: 'Sandbox', baseUrl: 'http://127.0.0.1:1' },
  dataDir: '/tmp/kyrios',
});

const keep = () =>
  screen.findByRole<HTMLInputElement>('checkbox', {
    name: 'Keep monitoring when the window is closed',
  });
const atLogin = () => screen.findByRole<HTMLInputElement>('checkbox', { name: 'Start at login' });

describe('the desktop app’s settings', () => {
  it('in the desktop app: shown as stored, changed and saved', async () => {
    act(() => appInfoActions.set(info('desktop')));
    render(
      <>
        <SettingsView />
        <Toasts />
      </>,
    );
    expect((await keep()).checked).toBe(true);
    expect((await atLogin()).checked).toBe(false);
    expect((await keep()).disabled).toBe(false);
    expect(screen.queryByText(BROWSER_REASON)).toBeNull();

    const user = userEvent.setup();
    await user.click(await keep());
    await user.click(await atLogin());
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');
    expect(fake.requests('updateSettings')).toEqual([
      expect.objectContaining({ keepMonitoringWhenClosed: false, startAtLogin: true }),
    ]);
    expect(stored).toMatchObject({ keepMonitoringWhenClosed: false, startAtLogin: true });
    await waitFor(async () => expect((await keep()).checked).toBe(false));
  });

  it('in browser mode: shown, off limits, saying why', async () => {
    act(() => appInfoActions.set(info('browser')));
    render(<SettingsView />);
    const group = await screen.findByRole('group', { name: 'Desktop app' });
    expect((await keep()).disabled).toBe(true);
    expect((await atLogin()).disabled).toBe(true);
    const reason = group.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(reason)?.textContent).toBe(BROWSER_REASON);
  });
});
