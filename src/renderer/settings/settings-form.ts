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
  };
}

const NUMBER_FIELDS = [
  'monitorIntervalMinutes',
  'clipboardClearSeconds',
  'rotationReminderDays',
] as const;

/**
 * The patch to send, or the fields that are not even numbers. Ranges and formats are the
 * service's to judge: its message is shown as it comes.
 */
export function patchOf(
  draft: SettingsDraft,
): { ok: true; patch: SettingsPatch } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const numbers: Partial<Record<(typeof NUMBER_FIELDS)[number], number>> = {};
  for (const field of NUMBER_FIELDS) {
    const text = draft[field].trim();
    if (!/^\d+$/.test(text)) errors[field] = 'Enter a whole number.';
    else numbers[field] = Number(text);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    patch: {
      dnsResolvers: draft.dnsResolvers
        .split(/[\s,]+/)
        .map((r) => r.trim())
        .filter(Boolean),
      monitorIntervalMinutes: numbers.monitorIntervalMinutes ?? 0,
      notifications: draft.notifications,
      clipboardClearSeconds: numbers.clipboardClearSeconds ?? 0,
      rotationReminderDays: numbers.rotationReminderDays ?? 0,
      blocklists: draft.blocklists.map((b) => ({
        name: b.name.trim(),
        zone: b.zone.trim(),
        ipv6: b.ipv6,
      })),
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
  ];
  if (!(known as string[]).includes(field)) return null;
  return { field: field as DraftField, key: field === 'blocklists' ? rest.join('.') || '*' : '' };
}

/** The part of a service message that is about the field itself. */
export function fieldMessage(message: string): string {
  const match = /^The request is not valid at "[^"]+": (.*)$/.exec(message);
  return match?.[1] ?? message;
}

const FIELD_LABELS: Record<Exclude<DraftField, 'blocklists'>, string> = {
  dnsResolvers: 'DNS resolvers',
  monitorIntervalMinutes: 'Monitoring interval (minutes)',
  notifications: 'Notifications',
  clipboardClearSeconds: 'Clear copied passwords after (seconds)',
  rotationReminderDays: 'Rotation reminder (days)',
};

/** The form's summary of a refusal, naming the field as the form labels it. */
export function refusalText(message: string): string {
  const target = errorTarget(message);
  if (!target) return `Not saved: ${message}`;
  if (target.field !== 'blocklists') {
    return `Not saved. ${FIELD_LABELS[target.field]}: ${fieldMessage(message)}`;
  }
  const [index, part] = target.key.split('.');
  const which = index && /^\d+$/.test(index) ? ` ${Number(index) + 1}` : '';
  const what =
    part === 'zone' ? 'Zone of blocklist' : part === 'name' ? 'Name of blocklist' : 'Blocklist';
  return `Not saved. ${what}${which}: ${fieldMessage(message)}`;
}
