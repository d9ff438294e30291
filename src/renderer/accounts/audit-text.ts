import type { AuditAction, AuditDetail } from '../../shared/audit';

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
};

/** "key: value · key: value" of an entry's detail; never secrets (main keeps none there). */
export function detailText(detail: AuditDetail): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`)
    .join(' · ');
}
