import { z } from 'zod';
import { RecordPurpose, RecordType } from './records';

export const DOMAIN_STATUSES = ['pending', 'verified', 'failed'] as const;
export const DomainStatus = z.enum(DOMAIN_STATUSES);
export type DomainStatus = z.infer<typeof DomainStatus>;

export const RECORD_STATUSES = ['pending', 'pass', 'warn', 'fail'] as const;
export const RecordStatus = z.enum(RECORD_STATUSES);
export type RecordStatus = z.infer<typeof RecordStatus>;

const IsoTime = z.string().min(1).max(40);

/** A record the service generated for a domain (Kyrios API `DnsRecord`). */
export const DnsRecord = z.object({
  id: z.string().min(1).max(100),
  purpose: RecordPurpose,
  type: RecordType,
  name: z.string().min(1).max(253),
  value: z.string().min(1).max(4096),
  priority: z.number().int().min(0).max(65535).optional(),
  required: z.boolean(),
  status: RecordStatus,
});
export type DnsRecord = z.infer<typeof DnsRecord>;

/** A dedicated sending domain (Kyrios API `Domain`). */
export const Domain = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(253),
  status: DomainStatus,
  createdAt: IsoTime,
  verifiedAt: IsoTime.nullable(),
  lastCheckedAt: IsoTime.nullable(),
  records: z.array(DnsRecord),
});
export type Domain = z.infer<typeof Domain>;
