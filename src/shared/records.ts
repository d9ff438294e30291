import { z } from 'zod';

/** Why a DNS record exists, as the Kyrios API names it. */
export const RECORD_PURPOSES = [
  'verification',
  'spf',
  'dkim',
  'return_path',
  'mx',
  'dmarc',
  'tracking',
] as const;
export const RecordPurpose = z.enum(RECORD_PURPOSES);
export type RecordPurpose = z.infer<typeof RecordPurpose>;

export const RECORD_TYPES = ['TXT', 'CNAME', 'MX'] as const;
export const RecordType = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof RecordType>;

/**
 * One record a domain is expected to publish: the shape the Kyrios API returns and the shape the
 * DNS engine and the `check --expect FILE` CLI take.
 */
export const ExpectedRecord = z.object({
  purpose: RecordPurpose,
  type: RecordType,
  /** Fully qualified, lowercase, no trailing dot. */
  name: z.string().min(1).max(253),
  value: z.string().min(1).max(4096),
  priority: z.number().int().min(0).max(65535).optional(),
  required: z.boolean(),
});
export type ExpectedRecord = z.infer<typeof ExpectedRecord>;

export const ExpectedRecords = z.object({
  domain: z.string().min(1).max(253),
  records: z.array(ExpectedRecord).max(100),
});
export type ExpectedRecords = z.infer<typeof ExpectedRecords>;
