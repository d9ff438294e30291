import { describe, expect, it } from 'vitest';
import type { LimitGuardView } from '../../../../src/shared/limit-guard';
import * as shared from '../../../../src/shared/limit-guard';
import { createGuardStore } from '../../../../src/renderer/usage/guard-store';
import {
  levelWarning,
  MIN_PACE_MINUTES,
  projectionText,
  rateText,
  warningBannerText,
} from '../../../../src/renderer/usage/guard-text';
import { GUARD_THRESHOLDS, limitLevel } from '../../../../src/renderer/usage/limits';
import { fail, fakeApi, ok } from '../fake-api';

const view = (change: Partial<LimitGuardView> = {}): LimitGuardView => ({
  day: '2026-11-26',
  dailyLimit: 1500,
  sentToday: 1200,
  remaining: 300,
  percent: 80,
  level: 'warning',
  ratePerHour: 150,
  rateFrom: '2026-11-26T15:00:00.000Z',
  readingsFrom: '2026-11-26T09:00:00.000Z',
  projectedLimitAt: '2026-11-26T18:00:00.000Z',
  projectedBeforeReset: true,
  resetsAt: '2026-11-27T00:00:00.000Z',
  sampledAt: '2026-11-26T16:00:00.000Z',
  warned: [80],
  source: 'live',
  ...change,
});
const warning = (threshold: number, day = '2026-11-26') => ({
  threshold,
  day,
  sentToday: threshold === 80 ? 1200 : 1425,
  dailyLimit: 1500,
  projectedLimitAt: null,
});

describe('the renderer’s copy of the limit guard’s thresholds', () => {
  it('grades counts as the shared guard does', () => {
    expect([...GUARD_THRESHOLDS]).toEqual([...shared.GUARD_THRESHOLDS]);
    for (const limit of [1500, 1000, 7]) {
      for (let sent = 0; sent <= limit + 2; sent++) {
        expect(limitLevel(sent, limit)).toBe(shared.guardLevel(sent, limit));
      }
    }
  });
});

describe('guard store', () => {
  it('loads the view, keeps it through a failed reload, and takes pushes', async () => {
    const store = createGuardStore(
      fakeApi({ getLimitGuard: [ok(view()), fail('internal', 'boom')] }).api,
    );
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', view: { sentToday: 1200 } });
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', error: { message: 'boom' } });
    store.getState().set(view({ sentToday: 1300 }));
    expect(store.getState()).toMatchObject({ error: null, view: { sentToday: 1300 } });
  });

  it('keeps the newest warning until dismissed or until the service’s day changes', () => {
    const store = createGuardStore(fakeApi({}).api);
    store.getState().warn(warning(80));
    store.getState().warn(warning(95));
    expect(store.getState().warning?.threshold).toBe(95);
    store.getState().set(view({ sentToday: 1430 }));
    expect(store.getState().warning?.threshold).toBe(95);
    store.getState().set(view({ day: '2026-11-27', sentToday: 3 }));
    expect(store.getState().warning).toBeNull();
    store.getState().warn(warning(80, '2026-11-27'));
    store.getState().dismissWarning();
    expect(store.getState().warning).toBeNull();
  });

  it('a failed first load is an error', async () => {
    const store = createGuardStore(fakeApi({ getLimitGuard: [fail('internal', 'boom')] }).api);
    await store.getState().load();
    expect(store.getState().status).toBe('error');
  });
});

describe('the limit guard in words', () => {
  const now = new Date('2026-11-26T16:00:00.000Z');

  it('says the pace and what it was measured over, "the last hour" only when it is one', () => {
    expect(rateText(view())).toBe('150 emails per hour over the last hour');
    expect(rateText(view({ ratePerHour: 1.2 }))).toBe('1 email per hour over the last hour');
    expect(rateText(view({ rateFrom: '2026-11-26T15:35:00.000Z' }))).toBe(
      '150 emails per hour over the last 25 min',
    );
  });

  it('says why the pace is not known yet: 15 minutes of readings, and how far they go', () => {
    expect(MIN_PACE_MINUTES * 60_000).toBe(shared.MIN_RATE_SPAN_MS);
    expect(
      rateText(
        view({ ratePerHour: null, rateFrom: null, readingsFrom: '2026-11-26T15:55:00.000Z' }),
      ),
    ).toBe('Not known yet: the pace needs 15 minutes of readings (5 min so far).');
    expect(rateText(null)).toBe('Not known yet: the pace needs 15 minutes of readings.');
  });

  it('says when the limit would be reached at that pace, and whether before the reset', () => {
    expect(projectionText(view(), now)).toMatch(
      /^At this pace the limit is reached at .+ \(in 2 h\), before the count resets\.$/,
    );
    expect(
      projectionText(
        view({ projectedLimitAt: '2026-11-27T03:00:00.000Z', projectedBeforeReset: false }),
        now,
      ),
    ).toMatch(/^At this pace the count resets \(.+\) before the limit is reached\.$/);
    expect(projectionText(view({ projectedLimitAt: null, ratePerHour: 0 }), now)).toBe(
      'At this pace the limit is not reached today.',
    );
    expect(projectionText(view({ level: 'reached', sentToday: 1500 }), now)).toBe(
      'The daily limit is reached.',
    );
    expect(projectionText(view({ ratePerHour: null }), now)).toBeNull();
    expect(projectionText(view({ sentToday: null }), now)).toBeNull();
  });

  it('warns at 80 % and 95 % with the consequence, and says when the limit is reached', () => {
    expect(levelWarning('ok', 800)).toBeNull();
    expect(levelWarning('warning', 300)).toBe(
      'Over 80% of today’s limit. If the limit is exceeded, all SMTP credentials of all dedicated domains are deleted automatically.',
    );
    expect(levelWarning('critical', 75)).toMatch(
      /^Over 95% of today’s limit: only 75 emails left today\. If the limit is exceeded/,
    );
    expect(levelWarning('critical', 1)).toContain('only 1 email left today');
    expect(levelWarning('reached', 0)).toMatch(/^The daily limit is reached\./);
    expect(warningBannerText(warning(80))).toBe(
      '80% of today’s sending limit is used: 1,200 of 1,500 emails on 2026-11-26 (UTC). If the limit is exceeded, all SMTP credentials of all dedicated domains are deleted automatically.',
    );
    expect(
      warningBannerText({ ...warning(95), projectedLimitAt: '2026-11-26T18:00:00.000Z' }, now),
    ).toMatch(/At the current pace the limit is reached at .+ \(in 2 h\)\./);
  });
});
