import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../../src/shared/settings';
import {
  DEFAULT_SETTINGS,
  Settings as SettingsSchema,
  SettingsPatch,
} from '../../../../src/shared/settings';
import { contract } from '../../../../src/shared/contract';
import { createSettingsStore, invalidPath } from '../../../../src/renderer/settings/settings-store';
import {
  draftOf,
  errorTarget,
  fieldMessage,
  MAX_RESOLVERS,
  NUMBER_RANGES,
  patchOf,
  refusalText,
} from '../../../../src/renderer/settings/settings-form';
import { fail, fakeApi, ok } from '../fake-api';

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
    // The desktop app's two away from their defaults, so the form is seen to carry them.
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      dnsResolvers: ['1.1.1.1', '[::1]:53'],
      keepMonitoringWhenClosed: false,
      startAtLogin: true,
    };
    const draft = draftOf(settings);
    expect(draft.dnsResolvers).toBe('1.1.1.1\n[::1]:53');
    const result = patchOf(draft);
    if (!result.ok) throw new Error('refused');
    expect(result.patch).toEqual(settings);
    expect(SettingsPatch.safeParse(result.patch).success).toBe(true);
    expect(patchOf({ ...draft, dnsResolvers: ' 9.9.9.9, 8.8.8.8 \n\n' })).toMatchObject({
      ok: true,
      patch: { dnsResolvers: ['9.9.9.9', '8.8.8.8'] },
    });
  });

  it('knows the service’s ranges (kept equal to the shared schema)', () => {
    for (const [field, { min, max }] of Object.entries(NUMBER_RANGES)) {
      const schema = SettingsSchema.shape[field as keyof typeof NUMBER_RANGES];
      expect([schema.minValue, schema.maxValue], field).toEqual([min, max]);
    }
    expect(
      SettingsSchema.shape.dnsResolvers.safeParse(Array(MAX_RESOLVERS).fill('1.1.1.1')).success,
    ).toBe(true);
    expect(
      SettingsSchema.shape.dnsResolvers.safeParse(Array(MAX_RESOLVERS + 1).fill('1.1.1.1')).success,
    ).toBe(false);
  });

  it('refuses what is not a whole number in range, saying the range, before asking', () => {
    expect(patchOf({ ...draftOf(DEFAULT_SETTINGS), monitorIntervalMinutes: 'soon' })).toEqual({
      ok: false,
      errors: { monitorIntervalMinutes: 'Enter a whole number of minutes from 5 to 1,440.' },
    });
    expect(patchOf({ ...draftOf(DEFAULT_SETTINGS), monitorIntervalMinutes: '2' })).toEqual({
      ok: false,
      errors: { monitorIntervalMinutes: 'Enter a whole number of minutes from 5 to 1,440.' },
    });
    expect(patchOf({ ...draftOf(DEFAULT_SETTINGS), clipboardClearSeconds: '0' }).ok).toBe(true);
  });

  it('names the resolver line that is not an address', () => {
    expect(patchOf({ ...draftOf(DEFAULT_SETTINGS), dnsResolvers: '1.1.1.1\nbanana' })).toEqual({
      ok: false,
      errors: {
        dnsResolvers:
          'Resolver 2 (“banana”) is not an IP address: type one per line, such as 1.1.1.1 or [2001:db8::53]:53.',
      },
    });
    expect(
      patchOf({ ...draftOf(DEFAULT_SETTINGS), dnsResolvers: Array(9).fill('1.1.1.1').join('\n') }),
    ).toMatchObject({
      ok: false,
      errors: { dnsResolvers: 'At most 8 resolvers: this list has 9.' },
    });
  });

  it('puts the service’s message at the field it names', () => {
    const interval = refusal({ monitorIntervalMinutes: 2 });
    expect(invalidPath(interval)).toEqual(['monitorIntervalMinutes']);
    expect(errorTarget(interval)).toEqual({ field: 'monitorIntervalMinutes', key: '' });
    // The form's words for the range, never the validator's (">=5").
    expect(fieldMessage(interval)).toBe('Enter a whole number of minutes from 5 to 1,440.');
    expect(refusalText(interval)).toMatch(/^Not saved\. Monitoring interval \(minutes\): /);

    const zone = refusal({ blocklists: [{ name: 'x', zone: 'not a zone', ipv6: false }] });
    expect(errorTarget(zone)).toEqual({ field: 'blocklists', key: '0.zone' });
    expect(refusalText(zone)).toBe(
      'Not saved. Zone of blocklist 1: must be a DNS zone such as zen.spamhaus.org.',
    );

    const resolver = 'DNS resolver "1.1.1.1:99999": port out of range';
    expect(errorTarget(resolver)).toEqual({ field: 'dnsResolvers', key: '' });
    const draft = { ...draftOf(DEFAULT_SETTINGS), dnsResolvers: '9.9.9.9\n1.1.1.1:99999' };
    expect(refusalText(resolver, draft)).toBe(
      'Not saved. DNS resolvers: Resolver 2 (“1.1.1.1:99999”): port out of range',
    );
    expect(errorTarget('Something else.')).toBeNull();
    expect(refusalText('Something else.')).toBe('Not saved: Something else.');
  });
});
