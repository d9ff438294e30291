import { DAILY_LIMIT_RULE } from '../../shared/labels';
import type { LimitGuardView } from '../../shared/limit-guard';
import { formatCount, formatTime, formatUntil } from '../ui/format';
import type { LimitLevel } from './limits';

/**
 * The limit guard in words: the pace, when the limit would be reached at that pace, and the
 * warnings. Pure, so the wording is tested without a browser.
 */

/** The pace needs this much of readings (the guard's MIN_RATE_SPAN_MS; a unit test keeps them equal). */
export const MIN_PACE_MINUTES = 15;

/** Minutes between two moments, rounded. */
const minutesBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** What the pace was measured over: "the last hour" only when it is one. */
function span(view: LimitGuardView): string {
  const minutes =
    view.rateFrom && view.sampledAt ? minutesBetween(view.rateFrom, view.sampledAt) : null;
  return minutes === null || minutes >= 60 ? 'the last hour' : `the last ${minutes} min`;
}

/**
 * The pace: emails per hour and what it was measured over, or why it is not known yet (it needs
 * 15 minutes of readings; a few test emails right after start are no pace).
 */
export function rateText(view: LimitGuardView | null): string {
  if (!view || view.ratePerHour === null) {
    const sofar =
      view?.readingsFrom && view.sampledAt
        ? minutesBetween(view.readingsFrom, view.sampledAt)
        : null;
    return `Not known yet: the pace needs ${MIN_PACE_MINUTES} minutes of readings${sofar !== null ? ` (${sofar} min so far)` : ''}.`;
  }
  const rate = Math.round(view.ratePerHour);
  return `${formatCount(rate)} ${rate === 1 ? 'email' : 'emails'} per hour over ${span(view)}`;
}

/** When the limit would be reached at that pace; null when there is nothing to say (no pace). */
export function projectionText(view: LimitGuardView | null, now: Date = new Date()): string | null {
  if (!view || view.sentToday === null) return null;
  if (view.level === 'reached') return 'The daily limit is reached.';
  if (view.ratePerHour === null) return null;
  if (view.projectedLimitAt === null) {
    return 'At this pace the limit is not reached today.';
  }
  const at = view.projectedLimitAt;
  if (view.projectedBeforeReset) {
    return `At this pace the limit is reached at ${formatTime(at)} (${formatUntil(at, now)}), before the count resets.`;
  }
  return view.resetsAt
    ? `At this pace the count resets (${formatTime(view.resetsAt)}) before the limit is reached.`
    : 'At this pace the count resets before the limit is reached.';
}

const CONSEQUENCE = DAILY_LIMIT_RULE;

/** The usage panel's warning for a level; null below 80 %. */
export function levelWarning(level: LimitLevel, remaining: number): string | null {
  switch (level) {
    case 'ok':
      return null;
    case 'warning':
      return `Over 80% of today’s limit. ${CONSEQUENCE}`;
    case 'critical':
      return `Over 95% of today’s limit: only ${formatCount(remaining)} ${remaining === 1 ? 'email' : 'emails'} left today. ${CONSEQUENCE}`;
    case 'reached':
      return 'The daily limit is reached. Sending more today deletes all SMTP credentials of all dedicated domains.';
  }
}

/** The shell's banner for a `guard:warning` push. */
export function warningBannerText(
  warning: {
    threshold: number;
    day: string;
    sentToday: number;
    dailyLimit: number;
    projectedLimitAt: string | null;
  },
  now: Date = new Date(),
): string {
  const pace = warning.projectedLimitAt
    ? ` At the current pace the limit is reached at ${formatTime(warning.projectedLimitAt)} (${formatUntil(warning.projectedLimitAt, now)}).`
    : '';
  return `${warning.threshold}% of today’s sending limit is used: ${formatCount(warning.sentToday)} of ${formatCount(warning.dailyLimit)} emails on ${warning.day} (UTC).${pace} ${CONSEQUENCE}`;
}
