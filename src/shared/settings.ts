import { z } from 'zod';
import { Blocklist, DEFAULT_BLOCKLISTS } from './ip-check';

/**
 * The app's settings, kept in the app database and validated on the way in and out. A stored value
 * that no longer validates (an older or hand-edited database) falls back to its default alone.
 */

/** `IP` or `IP:PORT` (IPv6 as `[::1]:53`); main parses it again with the DNS engine's parser. */
const ResolverText = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[0-9A-Fa-f:.[\]]+$/, 'must be an IP address, optionally with :port');

export const Settings = z.object({
  /** Resolvers for the app's DNS checks; empty: the system's plus well-known public ones. */
  dnsResolvers: z.array(ResolverText).max(8),
  /** Minutes between monitoring runs (every domain re-checked, and the dedicated IP). */
  monitorIntervalMinutes: z.number().int().min(5).max(1440),
  /** Desktop (or page) notifications for warnings, drift, readiness and revocations. */
  notifications: z.boolean(),
  /** Seconds after which a copied password is cleared from the clipboard; 0: never. */
  clipboardClearSeconds: z.number().int().min(0).max(600),
  /** Days after which an SMTP password is due for rotation. */
  rotationReminderDays: z.number().int().min(1).max(3650),
  /** DNS blocklists the dedicated IP is checked against. */
  blocklists: z.array(Blocklist).max(20),
  /**
   * Desktop: "Keep monitoring when the window is closed". Closing the window leaves the app in the
   * tray (or the menu bar), still monitoring; off, closing the window quits. Browser mode's
   * server runs until it is stopped either way.
   */
  keepMonitoringWhenClosed: z.boolean(),
  /** Desktop: "Start at login", opt-in; the app then starts in the tray, without its window. */
  startAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  dnsResolvers: [],
  monitorIntervalMinutes: 60,
  notifications: true,
  clipboardClearSeconds: 60,
  rotationReminderDays: 90,
  blocklists: DEFAULT_BLOCKLISTS.map((b) => ({ ...b })),
  keepMonitoringWhenClosed: true,
  startAtLogin: false,
};

/** A change to some settings: any subset, nothing else. */
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Reads stored settings field by field: what fails to validate takes its default. */
export function readSettings(stored: unknown): Settings {
  const source = typeof stored === 'object' && stored !== null ? stored : {};
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const parsed = Settings.shape[key].safeParse((source as Record<string, unknown>)[key]);
    result[key] = parsed.success ? parsed.data : DEFAULT_SETTINGS[key];
  }
  return result as Settings;
}
