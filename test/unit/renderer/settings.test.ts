import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/shared/settings';
import { DEFAULT_SETTINGS, SettingsPatch } from '../../../src/shared/settings';
import { contract } from '../../../src/shared/contract';
import { createSettingsStore, invalidPath } from '../../../src/renderer/stores/settings-store';
import {
  draftOf,
  errorTarget,
  fieldMessage,
  patchOf,
  refusalText,
} from '../../../src/renderer/settings-form';
import { fail, fakeApi, ok } from './fake-api';

/** The service's own words for a patch it refuses, as the dispatch writes them. */
function refusal(patch: unknown): string {
  const parsed = contract['settings:update'].request.safeParse(patch);
  if (parsed.success) throw new Error('accepted');
  const issue = parsed.error.issues[0];
  return `The request is not valid at "${issue?.path.join('.')}": ${issue?.message}.`;
}

describe('settings store', () => {
  it('loads, updates, and takes pushes', async () => {
    const changed: Settings = { ...DEFAULT_SETTINGS, monitorIntervalMinutes: 30 };
    const fake = fakeApi({
      getSettings: [ok(DEFAULT_SETTINGS)],
      updateSettings: [ok(changed), fail('invalid_request', 'no')],
    });
    const store = createSettingsStore(fake.api);
    await store.getState().load();
    expect(store.getState().settings?.monitorIntervalMinutes).toBe(60);
    expect(await store.getState().update({ monitorIntervalMinutes: 30 })).toMatchObject({
      ok: true,
    });
    expect(store.getState().settings?.monitorIntervalMinutes).toBe(30);
    expect(await store.getState().update({ monitorIntervalMinutes: 1 })).toMatchObject({
      ok: false,
    });
    expect(store.getState().settings?.monitorIntervalMinutes).toBe(30);
    store.getState().set({ ...changed, notifications: false });
    expect(store.getState().settings?.notifications).toBe(false);
  });
});

describe('the settings form', () => {
  it('round-trips the settings, and sends a patch the contract takes', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, dnsResolvers: ['1.1.1.1', '[::1]:53'] };
    const draft = draftOf(settings);
    expect(draft.dnsResolvers).toBe('1.1.1.1\n[::1]:53');
    const result = patchOf(draft);
    if (!result.ok) throw new Error('refused');
    // The desktop-only settings have no fields in the form yet: the patch leaves them as they are.
    const { keepMonitoringWhenClosed: _keep, startAtLogin: _login, ...inForm } = settings;
    expect(result.patch).toEqual(inForm);
    expect(SettingsPatch.safeParse(result.patch).success).toBe(true);
    expect(patchOf({ ...draft, dnsResolvers: ' 9.9.9.9, 8.8.8.8 \n\n' })).toMatchObject({
      ok: true,
      patch: { dnsResolvers: ['9.9.9.9', '8.8.8.8'] },
    });
  });

  it('refuses what is not a whole number before asking', () => {
    expect(patchOf({ ...draftOf(DEFAULT_SETTINGS), monitorIntervalMinutes: 'soon' })).toEqual({
      ok: false,
      errors: { monitorIntervalMinutes: 'Enter a whole number.' },
    });
  });

  it('puts the service’s message at the field it names', () => {
    const interval = refusal({ monitorIntervalMinutes: 2 });
    expect(invalidPath(interval)).toEqual(['monitorIntervalMinutes']);
    expect(errorTarget(interval)).toEqual({ field: 'monitorIntervalMinutes', key: '' });
    expect(fieldMessage(interval)).toMatch(/>=\s?5/);
    expect(refusalText(interval)).toMatch(/^Not saved\. Monitoring interval \(minutes\): /);

    const zone = refusal({ blocklists: [{ name: 'x', zone: 'not a zone', ipv6: false }] });
    expect(errorTarget(zone)).toEqual({ field: 'blocklists', key: '0.zone' });
    expect(refusalText(zone)).toBe(
      'Not saved. Zone of blocklist 1: must be a DNS zone such as zen.spamhaus.org.',
    );

    const resolver = 'DNS resolver "1.1.1.1:99999": port out of range';
    expect(errorTarget(resolver)).toEqual({ field: 'dnsResolvers', key: '' });
    expect(errorTarget('Something else.')).toBeNull();
    expect(refusalText('Something else.')).toBe('Not saved: Something else.');
  });
});
