import type { AuditAction, AuditDetail, AuditEntry } from '../../shared/audit';

/** The audit log in words. Pure. */

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  domain_added: 'Domain added',
  domain_verify: 'Verify Now',
  domain_deleted: 'Domain deleted',
  smtp_user_created: 'SMTP user created',
  smtp_password_reset: 'Password reset',
  smtp_user_deleted: 'SMTP user deleted',
  smtp_user_recreated: 'SMTP user recreated',
  smtp_note_changed: 'Note changed',
  settings_changed: 'Settings changed',
  account_added: 'Account added',
  account_removed: 'Account removed',
  account_switched: 'Account switched to',
  account_key_set: 'API key set',
  smtp_where_used_changed: "“Where it's used” changed",
  smtp_test_sent: 'Test message sent',
};

/**
 * The words for the details the app records (src/main keeps field names there): the setting
 * names as the Settings screen labels them, the notes as the SMTP dialogs do.
 */
export const DETAIL_LABELS: Record<string, string> = {
  domain: 'Domain',
  status: 'Status',
  note: 'Owner or purpose',
  whereUsed: "Where it's used",
  replaces: 'Replaces',
  recipient: 'Recipient',
  sent: 'Accepted by the server',
  baseUrl: 'Base URL',
  keyStorage: 'Key kept',
  dnsResolvers: 'DNS resolvers',
  monitorIntervalMinutes: 'Monitoring interval (minutes)',
  notifications: 'Notifications',
  clipboardClearSeconds: 'Clear copied passwords after (seconds)',
  rotationReminderDays: 'Rotation reminder (days)',
  blocklists: 'Blocklists',
};

const KEY_STORAGE_WORDS: Record<string, string> = {
  sandbox: 'not needed (embedded sandbox)',
  environment: 'in the environment',
  os: 'in the system’s secret store',
  memory: 'in memory only',
  none: 'not kept',
};

/** A recorded value in words: settings are stored as JSON (lists, numbers, true/false). */
function valueText(key: string, value: string | number | boolean | null): string {
  if (value === null || value === '') return '—';
  if (key === 'keyStorage' && typeof value === 'string') return KEY_STORAGE_WORDS[value] ?? value;
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (typeof value !== 'string') return String(value);
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return 'none';
      return parsed
        .map((item) =>
          typeof item === 'object' && item !== null && 'zone' in item
            ? String((item as { zone: unknown }).zone)
            : String(item),
        )
        .join(', ');
    }
    if (typeof parsed === 'boolean') return parsed ? 'On' : 'Off';
    if (typeof parsed === 'number') return String(parsed);
  } catch {
    // Not JSON: shown as it is.
  }
  return value;
}

/** What an entry was done to; the settings changed by their labels, not their field names. */
export function targetText(entry: Pick<AuditEntry, 'action' | 'target'>): string {
  if (entry.action !== 'settings_changed') return entry.target;
  return entry.target
    .split(', ')
    .map((key) => DETAIL_LABELS[key] ?? key)
    .join(', ');
}

/** "Domain: shop.test · Where it's used: Billing app": an entry's detail in words; never secrets. */
export function detailText(detail: AuditDetail): string {
  return Object.entries(detail)
    .map(([key, value]) => `${DETAIL_LABELS[key] ?? key}: ${valueText(key, value)}`)
    .join(' · ');
}
