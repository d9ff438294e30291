import { z } from 'zod';

/** Actions taken from this app, as the audit log records them. Only ever added to. */
export const AUDIT_ACTIONS = [
  'domain_added',
  'domain_verify',
  'domain_deleted',
  'smtp_user_created',
  'smtp_password_reset',
  'smtp_user_deleted',
  'smtp_user_recreated',
  'smtp_note_changed',
  'settings_changed',
  'account_added',
  'account_removed',
  'account_switched',
  'account_key_set',
  'smtp_where_used_changed',
  'smtp_test_sent',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditDetail = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
export type AuditDetail = z.infer<typeof AuditDetail>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  accountId: z.string(),
  /** The account's label when the action was taken (it may be renamed or removed since). */
  accountLabel: z.string(),
  action: AuditAction,
  /** What it was done to: a domain name, a login, a setting, an account label. */
  target: z.string(),
  detail: AuditDetail,
});
export type AuditEntry = z.infer<typeof AuditEntry>;
