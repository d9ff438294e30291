import type { EventPayload } from '../../shared/contract';
import { DAILY_LIMIT, type Account } from '../../shared/kyrios';
import { DAILY_LIMIT_RULE } from '../../shared/labels';
import {
  guardView,
  thresholdsToWarn,
  type LimitGuardView,
  type UsageSample,
} from '../../shared/limit-guard';
import type { NoticesRepo } from '../db/notices-repo';
import type { SnapshotsRepo } from '../db/snapshots-repo';
import type { UsageSamplesRepo } from '../db/usage-samples-repo';
import type { Notifications } from './notifications';

/** How far back samples are read for a view (the hour's rate needs a little more than an hour). */
const WINDOW_MS = 2 * 3_600_000;
/** Samples older than this are pruned. */
const KEEP_MS = 48 * 3_600_000;
/** A reading equal to the last one taken this recently adds nothing. */
const SAME_READING_MS = 10_000;

export interface Reading {
  day: string;
  sent: number;
  dailyLimit?: number;
  resetsAt?: string | null;
}

export interface LimitGuardDeps {
  accountId: string;
  samples: UsageSamplesRepo;
  notices: NoticesRepo;
  snapshots: Pick<SnapshotsRepo, 'get'>;
  notifications: Pick<Notifications, 'notify'>;
  emit: {
    (name: 'guard:changed', payload: LimitGuardView): void;
    (name: 'guard:warning', payload: EventPayload<'guard:warning'>): void;
  };
  online: () => boolean;
  now: () => Date;
  /** Whether the rule already deleted the credentials on that day: no warning is worth giving. */
  revokedOn?: (day: string) => boolean;
}

/** The count of `day` starts again at the next UTC midnight. */
function nextUtcMidnight(day: string): string {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return new Date(start + 86_400_000).toISOString();
}

const number = new Intl.NumberFormat('en-US');

/** The span a pace was measured over, as said: never "the last hour" unless it is one. */
function paceSpan(view: LimitGuardView): string {
  const minutes =
    view.rateFrom && view.sampledAt
      ? Math.round((Date.parse(view.sampledAt) - Date.parse(view.rateFrom)) / 60_000)
      : null;
  return minutes === null || minutes >= 60
    ? "the last hour's rate"
    : `the rate of the last ${minutes} minutes`;
}
const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

/**
 * The limit guard: every reading of the account's count (the 60-second sampler, and any account
 * or usage answer seen on the way) is stored, the view recomputed and pushed, and the 80 % and
 * 95 % warnings given once per threshold per UTC day — remembered in the database, so a restart
 * does not repeat them.
 */
export function createLimitGuard(deps: LimitGuardDeps) {
  const { accountId } = deps;

  function lastAccount(): Account | null {
    return deps.snapshots.get<Account>(accountId, 'account')?.value ?? null;
  }

  function warnedOn(day: string): number[] {
    return deps.notices
      .keysWithPrefix(accountId, `guard:${day}:`)
      .map((key) => Number(key.slice(key.lastIndexOf(':') + 1)))
      .filter((n) => Number.isInteger(n));
  }

  function currentSamples(): UsageSample[] {
    const since = new Date(deps.now().getTime() - WINDOW_MS).toISOString();
    const recent = deps.samples.since(accountId, since);
    if (recent.length > 0) return recent;
    const last = deps.samples.last(accountId);
    // An old reading still describes its day if that day is today.
    return last && last.day === deps.now().toISOString().slice(0, 10) ? [last] : [];
  }

  function view(): LimitGuardView {
    const account = lastAccount();
    const samples = currentSamples();
    const day = samples.at(-1)?.day;
    return guardView({
      samples,
      dailyLimit: account?.dailyLimit ?? DAILY_LIMIT,
      resetsAt:
        account && account.day === day ? account.resetsAt : day ? nextUtcMidnight(day) : null,
      warned: day ? warnedOn(day) : [],
      source: deps.online() ? 'live' : 'cache',
    });
  }

  function warn(current: LimitGuardView, threshold: number): void {
    const limit = current.dailyLimit;
    const sent = current.sentToday ?? 0;
    const payload = {
      threshold,
      day: current.day ?? '',
      sentToday: sent,
      dailyLimit: limit,
      projectedLimitAt: current.projectedBeforeReset ? current.projectedLimitAt : null,
    };
    deps.emit('guard:warning', payload);
    const reached = sent >= limit;
    const pace =
      current.ratePerHour && current.projectedLimitAt && current.projectedBeforeReset
        ? ` At ${paceSpan(current)} (${number.format(current.ratePerHour)}/h) the limit is reached at ${hhmm(current.projectedLimitAt)}.`
        : '';
    deps.notifications.notify({
      kind: 'limit_warning',
      level: threshold >= 95 ? 'critical' : 'warning',
      title: reached
        ? "Today's sending limit is reached"
        : `${threshold}% of today's sending limit used`,
      body: reached
        ? `${number.format(sent)} of ${number.format(limit)} emails sent today (UTC): one more exceeds the limit. ${DAILY_LIMIT_RULE} Stop sending until the count resets at 00:00 UTC.`
        : `${number.format(sent)} of ${number.format(limit)} emails sent today (UTC).${pace} ${DAILY_LIMIT_RULE}`,
      accountId,
      domainId: null,
    });
  }

  return {
    view,

    /** Takes a reading of the count; returns the new view (also pushed as `guard:changed`). */
    observe(reading: Reading): LimitGuardView {
      const at = deps.now();
      const last = deps.samples.last(accountId);
      const same =
        last &&
        last.day === reading.day &&
        last.sent === reading.sent &&
        at.getTime() - Date.parse(last.at) < SAME_READING_MS;
      if (!same) {
        deps.samples.add(accountId, { at: at.toISOString(), day: reading.day, sent: reading.sent });
        deps.samples.prune(accountId, new Date(at.getTime() - KEEP_MS).toISOString());
      }
      const current = view();
      const limit = reading.dailyLimit ?? current.dailyLimit;
      const { warn: threshold, crossed } = thresholdsToWarn(
        reading.sent,
        limit,
        warnedOn(reading.day),
      );
      // Claimed before warning: two readings at once cannot both warn.
      const claimed = crossed.filter((t) =>
        deps.notices.claim(accountId, `guard:${reading.day}:${t}`, at.toISOString()),
      );
      const result = claimed.length > 0 ? view() : current;
      const moot = deps.revokedOn?.(reading.day) ?? false;
      if (threshold !== null && claimed.includes(threshold) && !moot) warn(result, threshold);
      deps.emit('guard:changed', result);
      return result;
    },
  };
}
export type LimitGuard = ReturnType<typeof createLimitGuard>;
