import type { Blocklist } from '../../shared/ip-check';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { invalidPath } from './settings-store';

/** The settings form's fields as typed (numbers are text until saved). */
export interface SettingsDraft {
  dnsResolvers: string;
  monitorIntervalMinutes: string;
  notifications: boolean;
  clipboardClearSeconds: string;
  rotationReminderDays: string;
  blocklists: Blocklist[];
  /** The desktop app's: see DesktopFields.tsx. */
  keepMonitoringWhenClosed: boolean;
  startAtLogin: boolean;
}

export type DraftField = Exclude<keyof SettingsDraft, 'blocklists'> | 'blocklists';

export function draftOf(settings: Settings): SettingsDraft {
  return {
    dnsResolvers: settings.dnsResolvers.join('\n'),
    monitorIntervalMinutes: String(settings.monitorIntervalMinutes),
    notifications: settings.notifications,
    clipboardClearSeconds: String(settings.clipboardClearSeconds),
    rotationReminderDays: String(settings.rotationReminderDays),
    blocklists: settings.blocklists.map((b) => ({ ...b })),
    keepMonitoringWhenClosed: settings.keepMonitoringWhenClosed,
    startAtLogin: settings.startAtLogin,
  };
}

type NumberField = 'monitorIntervalMinutes' | 'clipboardClearSeconds' | 'rotationReminderDays';

/**
 * The service's ranges for the number settings (src/shared/settings.ts holds them as zod schemas,
 * which the renderer does not load; a unit test keeps the two equal), with their unit.
 */
export const NUMBER_RANGES: Record<NumberField, { min: number; max: number; unit: string }> = {
  monitorIntervalMinutes: { min: 5, max: 1440, unit: 'minutes' },
  clipboardClearSeconds: { min: 0, max: 600, unit: 'seconds' },
  rotationReminderDays: { min: 1, max: 3650, unit: 'days' },
};
const NUMBER_FIELDS = Object.keys(NUMBER_RANGES) as NumberField[];

/** What a number field takes, in words: "a whole number of minutes from 5 to 1,440". */
export function rangeText(field: NumberField): string {
  const { min, max, unit } = NUMBER_RANGES[field];
  const n = new Intl.NumberFormat('en-US');
  return `a whole number of ${unit} from ${n.format(min)} to ${n.format(max)}`;
}

/** At most this many resolvers, each `IP` or `IP:PORT` (the service's rule). */
export const MAX_RESOLVERS = 8;
const RESOLVER = /^[0-9A-Fa-f:.[\]]{2,64}$/;

/** The resolvers as typed: one per line (or separated by spaces or commas). */
export function resolverLines(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

/** What is wrong with the resolvers, naming the line; null when each looks like an address. */
export function resolversProblem(text: string): string | null {
  const lines = resolverLines(text);
  if (lines.length > MAX_RESOLVERS) {
    return `At most ${MAX_RESOLVERS} resolvers: this list has ${lines.length}.`;
  }
  const bad = lines.findIndex((line) => !RESOLVER.test(line));
  if (bad < 0) return null;
  return `Resolver ${bad + 1} (“${lines[bad]}”) is not an IP address: type one per line, such as 1.1.1.1 or [2001:db8::53]:53.`;
}

/**
 * The patch to send, or what is wrong with the fields, said in the form's own terms (the service
 * checks again and has the last word).
 */
export function patchOf(
  draft: SettingsDraft,
): { ok: true; patch: SettingsPatch } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const numbers: Partial<Record<NumberField, number>> = {};
  for (const field of NUMBER_FIELDS) {
    const text = draft[field].trim();
    const { min, max } = NUMBER_RANGES[field];
    const value = /^\d+$/.test(text) ? Number(text) : null;
    if (value === null || value < min || value > max) errors[field] = `Enter ${rangeText(field)}.`;
    else numbers[field] = value;
  }
  const resolvers = resolversProblem(draft.dnsResolvers);
  if (resolvers) errors.dnsResolvers = resolvers;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    patch: {
      dnsResolvers: resolverLines(draft.dnsResolvers),
      monitorIntervalMinutes: numbers.monitorIntervalMinutes ?? 0,
      notifications: draft.notifications,
      clipboardClearSeconds: numbers.clipboardClearSeconds ?? 0,
      rotationReminderDays: numbers.rotationReminderDays ?? 0,
      blocklists: draft.blocklists.map((b) => ({
        name: b.name.trim(),
        zone: b.zone.trim(),
        ipv6: b.ipv6,
      })),
      keepMonitoringWhenClosed: draft.keepMonitoringWhenClosed,
      startAtLogin: draft.startAtLogin,
    },
  };
}

/**
 * Where a service message belongs: `{field: 'blocklists', key: '2.zone'}` for a blocklist's zone,
 * `{field: 'dnsResolvers'}` for a resolver, null when it names no field.
 */
export function errorTarget(message: string): { field: DraftField; key: string } | null {
  if (message.startsWith('DNS resolver')) return { field: 'dnsResolvers', key: '' };
  const path = invalidPath(message);
  if (!path?.[0]) return null;
  const [field, ...rest] = path;
  const known: DraftField[] = [
    'dnsResolvers',
    'monitorIntervalMinutes',
    'notifications',
    'clipboardClearSeconds',
    'rotationReminderDays',
    'blocklists',
    'keepMonitoringWhenClosed',
    'startAtLogin',
  ];
  if (!(known as string[]).includes(field)) return null;
  return { field: field as DraftField, key: field === 'blocklists' ? rest.join('.') || '*' : '' };
}

/**
 * The part of a service message that is about the field itself, in the form's terms: a number's
 * range as the form says it (not the validator's "Too small: expected number to be >=5"), a
 * resolver by its line.
 */
export function fieldMessage(message: string, draft?: SettingsDraft): string {
  const target = errorTarget(message);
  if (target && target.field in NUMBER_RANGES)
    return `Enter ${rangeText(target.field as NumberField)}.`;
  const resolver = /^DNS resolver "([^"]*)": (.*)$/.exec(message);
  if (resolver && draft) {
    const line = resolverLines(draft.dnsResolvers).indexOf(resolver[1] ?? '');
    if (line >= 0) return `Resolver ${line + 1} (“${resolver[1]}”): ${resolver[2]}`;
  }
  const match = /^The request is not valid at "[^"]+": (.*)$/.exec(message);
  return match?.[1] ?? message;
}

export const FIELD_LABELS: Record<Exclude<DraftField, 'blocklists'>, string> = {
  dnsResolvers: 'DNS resolvers',
  monitorIntervalMinutes: 'Monitoring interval (minutes)',
  notifications: 'Notifications',
  clipboardClearSeconds: 'Clear copied passwords after (seconds)',
  rotationReminderDays: 'Rotation reminder (days)',
  keepMonitoringWhenClosed: 'Keep monitoring when the window is closed',
  startAtLogin: 'Start at login',
};

/** The form's summary of a refusal, naming the field as the form labels it. */
export function refusalText(message: string, draft?: SettingsDraft): string {
  const target = errorTarget(message);
  if (!target) return `Not saved: ${message}`;
  if (target.field !== 'blocklists') {
    return `Not saved. ${FIELD_LABELS[target.field]}: ${fieldMessage(message, draft)}`;
  }
  const [index, part] = target.key.split('.');
  const which = index && /^\d+$/.test(index) ? ` ${Number(index) + 1}` : '';
  const what =
    part === 'zone' ? 'Zone of blocklist' : part === 'name' ? 'Name of blocklist' : 'Blocklist';
  return `Not saved. ${what}${which}: ${fieldMessage(message)}`;
}
