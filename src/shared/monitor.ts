import { z } from 'zod';
import { CheckStatus } from './dns-check';
import { RecordPurpose, RecordType } from './records';

/**
 * Monitoring: what a record looked like between runs (the timeline), and the alerts the app raises
 * when a verified domain's record breaks (drift), when a pending domain's records are all correct
 * (ready to Verify Now), and when the dedicated IP gets listed or loses its reverse DNS.
 */

/** What one check saw of one record. */
export const RecordObservation = z.object({
  status: CheckStatus,
  /** What the authoritative servers serve at the name. */
  found: z.array(z.string()),
  codes: z.array(z.string()),
});
export type RecordObservation = z.infer<typeof RecordObservation>;

export const RecordRef = z.object({ purpose: RecordPurpose, type: RecordType, name: z.string() });
export type RecordRef = z.infer<typeof RecordRef>;

/**
 * A change between two consecutive observations of a record. `before` is null for the first one.
 * A run that could not look the record up (only `lookup_failed`) observes nothing, so a network
 * outage leaves no pair of changes behind.
 */
export const RecordChange = RecordRef.extend({
  id: z.number().int(),
  domainId: z.string(),
  domain: z.string(),
  at: z.string(),
  runId: z.number().int(),
  required: z.boolean(),
  before: RecordObservation.nullable(),
  after: RecordObservation,
});
export type RecordChange = z.infer<typeof RecordChange>;

export const ALERT_KINDS = ['drift', 'ready', 'ip_listed', 'ip_reverse'] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

export const MonitorAlert = z.object({
  id: z.number().int(),
  kind: AlertKind,
  /** The domain (drift, ready); null for the dedicated IP's alerts. */
  domainId: z.string().nullable(),
  domain: z.string().nullable(),
  /** drift: the record that broke. */
  record: RecordRef.nullable(),
  /** drift: the last passing observation and the failing one. */
  before: RecordObservation.nullable(),
  after: RecordObservation.nullable(),
  /** ip_listed: the blocklist zone; ip_reverse: the IP. */
  subject: z.string().nullable(),
  /** When the condition was first seen. */
  since: z.string(),
  /** When it ended (the record passes again, the domain got verified, the listing went). */
  resolvedAt: z.string().nullable(),
  message: z.string(),
});
export type MonitorAlert = z.infer<typeof MonitorAlert>;

export const MonitorRunSummary = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  trigger: z.enum(['start', 'interval', 'manual']),
  domains: z.number().int(),
  checked: z.number().int(),
  /** Domains whose check could not run (e.g. a name that cannot be asked). */
  errors: z.number().int(),
  /** Alerts opened by this run. */
  drift: z.number().int(),
  ready: z.number().int(),
  ip: CheckStatus.nullable(),
});
export type MonitorRunSummary = z.infer<typeof MonitorRunSummary>;

export const MonitorStatus = z.object({
  intervalMinutes: z.number().int(),
  running: z.boolean(),
  lastRun: MonitorRunSummary.nullable(),
  nextRunAt: z.string().nullable(),
});
export type MonitorStatus = z.infer<typeof MonitorStatus>;
