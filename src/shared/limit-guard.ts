import { z } from 'zod';

/**
 * The limit guard's arithmetic: where today's count stands against the daily limit, how fast it
 * grew over the last hour, and when the limit would be reached at that pace. Pure, so the UI, the
 * main process and the tests share one definition.
 */

/** Warnings at 80 % and 95 % of the daily limit (1,200 and 1,425 of 1,500). */
export const GUARD_THRESHOLDS = [80, 95] as const;
export type GuardThreshold = (typeof GUARD_THRESHOLDS)[number];

const HOUR_MS = 3_600_000;
/**
 * A pace measured over less than this says more about a burst than about the day: a few test
 * emails right after start would read as hundreds an hour. Before it, the pace is "not known yet".
 */
export const MIN_RATE_SPAN_MS = 15 * 60_000;

export const GuardLevel = z.enum(['ok', 'warning', 'critical', 'reached']);
export type GuardLevel = z.infer<typeof GuardLevel>;

/** One reading of the account's count: `sent` on the service's UTC `day`, read at `at`. */
export interface UsageSample {
  at: string;
  day: string;
  sent: number;
}

export const LimitGuardView = z.object({
  /** The service's UTC day of the count; null before the first reading. */
  day: z.string().nullable(),
  dailyLimit: z.number().int(),
  sentToday: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  /** sentToday / dailyLimit × 100, one decimal. */
  percent: z.number().nullable(),
  level: GuardLevel,
  /**
   * Emails per hour, measured from `rateFrom` to the newest reading (the last hour once the
   * readings cover one, else what they cover); null until they cover 15 minutes.
   */
  ratePerHour: z.number().nullable(),
  /** Where the span the pace was measured over starts; null with no pace. */
  rateFrom: z.string().nullable(),
  /** How far back today's readings go (the pace needs 15 minutes of them); null before any. */
  readingsFrom: z.string().nullable(),
  /** When the limit would be reached at that rate; null with no rate, or once reached. */
  projectedLimitAt: z.string().nullable(),
  /** Whether that moment comes before the count resets (the case worth warning about). */
  projectedBeforeReset: z.boolean(),
  resetsAt: z.string().nullable(),
  /** When the newest reading was taken. */
  sampledAt: z.string().nullable(),
  /** Thresholds already warned about on this day (80, 95). */
  warned: z.array(z.number().int()),
  source: z.enum(['live', 'cache']),
});
export type LimitGuardView = z.infer<typeof LimitGuardView>;

/** The count at which a threshold is crossed: 1,200 for 80 % of 1,500. */
export function thresholdCount(limit: number, percent: number): number {
  return Math.ceil((limit * percent) / 100);
}

export function guardLevel(sent: number, limit: number): GuardLevel {
  if (sent >= limit) return 'reached';
  if (sent >= thresholdCount(limit, 95)) return 'critical';
  if (sent >= thresholdCount(limit, 80)) return 'warning';
  return 'ok';
}

function midnightOf(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/**
 * Emails per hour over the hour before the newest sample of its day. The baseline is the newest
 * sample at least an hour older; failing that, UTC midnight when the day began within the hour (the
 * count was 0 then, by definition); failing that, the oldest sample of the day in the window.
 * Null when the span is shorter than MIN_RATE_SPAN_MS.
 */
export function hourlyRate(samples: readonly UsageSample[]): number | null {
  return measuredRate(samples)?.perHour ?? null;
}

/** When the readings of the newest sample's day begin: midnight when that is within the window. */
function readingsStart(samples: readonly UsageSample[]): number | null {
  return baselineOf(samples)?.at ?? null;
}

function baselineOf(
  samples: readonly UsageSample[],
): { at: number; sent: number; lastAt: number; lastSent: number } | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = sorted[sorted.length - 1] as UsageSample;
  const lastAt = Date.parse(last.at);
  const windowStart = lastAt - HOUR_MS;
  const sameDay = sorted.filter((s) => s.day === last.day);
  let baseline: { at: number; sent: number } | undefined;
  const older = sameDay.filter((s) => Date.parse(s.at) <= windowStart).at(-1);
  if (older) baseline = { at: Date.parse(older.at), sent: older.sent };
  else if (midnightOf(last.day) >= windowStart) baseline = { at: midnightOf(last.day), sent: 0 };
  else {
    const first = sameDay[0];
    if (first) baseline = { at: Date.parse(first.at), sent: first.sent };
  }
  if (!baseline) return null;
  return { ...baseline, lastAt, lastSent: last.sent };
}

/** The pace and the span it was measured over; null when that span is too short to mean much. */
export function measuredRate(
  samples: readonly UsageSample[],
): { perHour: number; from: string } | null {
  const base = baselineOf(samples);
  if (!base) return null;
  const span = base.lastAt - base.at;
  if (span < MIN_RATE_SPAN_MS) return null;
  const rate = ((base.lastSent - base.sent) / span) * HOUR_MS;
  return {
    perHour: Math.max(0, Math.round(rate * 10) / 10),
    from: new Date(base.at).toISOString(),
  };
}

/** When `sent` reaches `limit` at `ratePerHour` from `at`; whether that is before `resetsAt`. */
export function projectLimit(input: {
  sent: number;
  limit: number;
  ratePerHour: number | null;
  at: string;
  resetsAt: string | null;
}): { at: string | null; beforeReset: boolean } {
  if (input.sent >= input.limit || !input.ratePerHour || input.ratePerHour <= 0) {
    return { at: null, beforeReset: false };
  }
  const hours = (input.limit - input.sent) / input.ratePerHour;
  const reachAt = Date.parse(input.at) + hours * HOUR_MS;
  if (!Number.isFinite(reachAt) || reachAt > 8.64e15) return { at: null, beforeReset: false };
  const resets = input.resetsAt ? Date.parse(input.resetsAt) : Number.POSITIVE_INFINITY;
  return { at: new Date(Math.round(reachAt)).toISOString(), beforeReset: reachAt < resets };
}

/**
 * Which warning to give now, once per threshold per day: the highest threshold crossed and not yet
 * warned about (a jump from 70 % to 96 % gives one warning, for 95 %), and every threshold the
 * count has crossed, to be remembered as warned.
 */
export function thresholdsToWarn(
  sent: number,
  limit: number,
  alreadyWarned: readonly number[],
): { warn: GuardThreshold | null; crossed: GuardThreshold[] } {
  const crossed = GUARD_THRESHOLDS.filter((t) => sent >= thresholdCount(limit, t));
  const fresh = crossed.filter((t) => !alreadyWarned.includes(t));
  return { warn: fresh.at(-1) ?? null, crossed: fresh };
}

/** The guard's view from the day's samples and the latest account reading. */
export function guardView(input: {
  samples: readonly UsageSample[];
  dailyLimit: number;
  resetsAt: string | null;
  warned: readonly number[];
  source: 'live' | 'cache';
}): LimitGuardView {
  const sorted = [...input.samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = sorted.at(-1);
  if (!last) {
    return {
      day: null,
      dailyLimit: input.dailyLimit,
      sentToday: null,
      remaining: null,
      percent: null,
      level: 'ok',
      ratePerHour: null,
      rateFrom: null,
      readingsFrom: null,
      projectedLimitAt: null,
      projectedBeforeReset: false,
      resetsAt: input.resetsAt,
      sampledAt: null,
      warned: [...input.warned],
      source: input.source,
    };
  }
  const rate = measuredRate(sorted);
  const ratePerHour = rate?.perHour ?? null;
  const readingsFrom = readingsStart(sorted);
  const projection = projectLimit({
    sent: last.sent,
    limit: input.dailyLimit,
    ratePerHour,
    at: last.at,
    resetsAt: input.resetsAt,
  });
  return {
    day: last.day,
    dailyLimit: input.dailyLimit,
    sentToday: last.sent,
    remaining: Math.max(0, input.dailyLimit - last.sent),
    percent: Math.round((last.sent / input.dailyLimit) * 1000) / 10,
    level: guardLevel(last.sent, input.dailyLimit),
    ratePerHour,
    rateFrom: rate?.from ?? null,
    readingsFrom: readingsFrom === null ? null : new Date(readingsFrom).toISOString(),
    projectedLimitAt: projection.at,
    projectedBeforeReset: projection.beforeReset,
    resetsAt: input.resetsAt,
    sampledAt: last.at,
    warned: [...input.warned],
    source: input.source,
  };
}
