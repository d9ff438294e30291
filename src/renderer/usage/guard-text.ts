import { DAILY_LIMIT_RULE } from '../../shared/labels';
import type { LimitGuardView } from '../../shared/limit-guard';
import { formatCount, formatTime, formatUntil } from '../ui/format';
import type { LimitLevel } from './limits';

/**
 * The limit guard in words: the last hour's pace, when the limit would be reached at that pace,
 * and the warnings. Pure, so the wording is tested without a browser.
 */

export function rateText(view: LimitGuardView | null): string {
  if (!view || view.ratePerHour === null) {
    return 'Not known yet: it takes readings a few minutes apart.';
  }
  const rate = Math.round(view.ratePerHour);
  return `${formatCount(rate)} ${rate === 1 ? 'email' : 'emails'} per hour over the last hour`;
}

/** When the limit would be reached at the last hour's pace; null when there is nothing to say. */
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
    ? ` At the last hour’s pace the limit is reached at ${formatTime(warning.projectedLimitAt)} (${formatUntil(warning.projectedLimitAt, now)}).`
    : '';
  return `${warning.threshold}% of today’s sending limit is used: ${formatCount(warning.sentToday)} of ${formatCount(warning.dailyLimit)} emails on ${warning.day} (UTC).${pace} ${CONSEQUENCE}`;
}
