import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, SettingsPatch } from '../../../src/shared/settings';

describe('settings', () => {
  it('defaults: hourly monitoring, notifications on, 60 s clipboard, rotation after 90 days', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      dnsResolvers: [],
      monitorIntervalMinutes: 60,
      notifications: true,
      clipboardClearSeconds: 60,
      rotationReminderDays: 90,
    });
    expect(DEFAULT_SETTINGS.blocklists.map((b) => b.zone)).toContain('zen.spamhaus.org');
  });

  it('keeps monitoring when the window is closed by default; starting at login is opt-in', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ keepMonitoringWhenClosed: true, startAtLogin: false });
    // A database written before these settings existed reads them as their defaults.
    const older = { monitorIntervalMinutes: 30, notifications: false };
    expect(readSettings(older)).toEqual({ ...DEFAULT_SETTINGS, ...older });
    expect(readSettings({ keepMonitoringWhenClosed: 'yes', startAtLogin: 1 })).toEqual(
      DEFAULT_SETTINGS,
    );
    expect(SettingsPatch.safeParse({ startAtLogin: true }).success).toBe(true);
    expect(SettingsPatch.safeParse({ keepMonitoringWhenClosed: 'off' }).success).toBe(false);
  });

  it('reads stored settings field by field: a bad field takes its default alone', () => {
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(
      readSettings({ monitorIntervalMinutes: 15, rotationReminderDays: -1, unknown: 1 }),
    ).toEqual({ ...DEFAULT_SETTINGS, monitorIntervalMinutes: 15 });
  });

  it('takes a strict partial patch', () => {
    expect(SettingsPatch.safeParse({ notifications: false }).success).toBe(true);
    expect(SettingsPatch.safeParse({ monitorIntervalMinutes: 1 }).success).toBe(false);
    expect(SettingsPatch.safeParse({ dnsResolvers: ['1.1.1.1', '[::1]:53'] }).success).toBe(true);
    expect(SettingsPatch.safeParse({ dnsResolvers: ['dns.google'] }).success).toBe(false);
    expect(SettingsPatch.safeParse({ sneaky: true }).success).toBe(false);
    expect(
      SettingsPatch.safeParse({
        blocklists: [{ name: 'X', zone: 'Bl.Example.ORG', ipv6: false }],
      }),
    ).toMatchObject({ success: true, data: { blocklists: [{ zone: 'bl.example.org' }] } });
  });
});
