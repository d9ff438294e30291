import { describe, expect, it } from 'vitest';
import {
  guardLevel,
  guardView,
  hourlyRate,
  measuredRate,
  projectLimit,
  thresholdCount,
  thresholdsToWarn,
  type UsageSample,
} from '../../../src/shared/limit-guard';

const DAY = '2026-05-01';
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const sample = (hhmm: string, sent: number, day = DAY): UsageSample => ({
  at: day === DAY ? at(hhmm) : `${day}T${hhmm}:00.000Z`,
  day,
  sent,
});

describe('thresholds and levels', () => {
  it('puts 80 % and 95 % of 1,500 at 1,200 and 1,425; 1,500 is reached, not exceeded', () => {
    expect(thresholdCount(1500, 80)).toBe(1200);
    expect(thresholdCount(1500, 95)).toBe(1425);
    expect(guardLevel(1199, 1500)).toBe('ok');
    expect(guardLevel(1200, 1500)).toBe('warning');
    expect(guardLevel(1425, 1500)).toBe('critical');
    expect(guardLevel(1499, 1500)).toBe('critical');
    expect(guardLevel(1500, 1500)).toBe('reached');
  });

  it('warns once per threshold: the highest fresh one, remembering every one crossed', () => {
    expect(thresholdsToWarn(1000, 1500, [])).toEqual({ warn: null, crossed: [] });
    expect(thresholdsToWarn(1200, 1500, [])).toEqual({ warn: 80, crossed: [80] });
    expect(thresholdsToWarn(1300, 1500, [80])).toEqual({ warn: null, crossed: [] });
    expect(thresholdsToWarn(1430, 1500, [80])).toEqual({ warn: 95, crossed: [95] });
    // A jump past both gives one warning (95 %), and 80 % is not warned about afterwards.
    expect(thresholdsToWarn(1440, 1500, [])).toEqual({ warn: 95, crossed: [80, 95] });
    expect(thresholdsToWarn(1500, 1500, [80, 95])).toEqual({ warn: null, crossed: [] });
  });
});

describe('hourlyRate', () => {
  it('is null with one sample, or samples spanning less than 15 minutes', () => {
    expect(hourlyRate([])).toBeNull();
    expect(hourlyRate([sample('10:00', 100)])).toBeNull();
    expect(hourlyRate([sample('10:00', 100), sample('10:01', 110)])).toBeNull();
    // 40 test emails in the first minutes after start are no pace (they would read as 480/h).
    expect(hourlyRate([sample('10:00', 0), sample('10:05', 40)])).toBeNull();
    expect(hourlyRate([sample('10:00', 0), sample('10:14', 40)])).toBeNull();
    expect(hourlyRate([sample('10:00', 0), sample('10:15', 40)])).toBe(160);
  });

  it("says what the pace was measured over, and how far the day's readings go", () => {
    expect(measuredRate([sample('09:40', 100), sample('10:00', 300)])).toEqual({
      perHour: 600,
      from: '2026-05-01T09:40:00.000Z',
    });
    const view = guardView({
      samples: [sample('09:55', 0), sample('10:00', 40)],
      dailyLimit: 1500,
      resetsAt: null,
      warned: [],
      source: 'live',
    });
    expect(view).toMatchObject({
      ratePerHour: null,
      rateFrom: null,
      readingsFrom: '2026-05-01T09:55:00.000Z',
      projectedLimitAt: null,
      projectedBeforeReset: false,
    });
  });

  it('measures against the newest sample at least an hour old', () => {
    const samples = [
      sample('08:00', 0),
      sample('09:00', 100),
      sample('09:30', 400),
      sample('10:00', 700),
    ];
    expect(hourlyRate(samples)).toBe(600);
    // Order of the input does not matter.
    expect(hourlyRate([...samples].reverse())).toBe(600);
  });

  it('uses the oldest sample of the window when the app has run for less than an hour', () => {
    expect(hourlyRate([sample('09:40', 100), sample('10:00', 300)])).toBe(600);
  });

  it('knows the count was 0 at UTC midnight, and ignores the previous day', () => {
    const samples = [sample('23:50', 1400, '2026-04-30'), sample('00:30', 250)];
    expect(hourlyRate(samples)).toBe(500);
  });
});

describe('projectLimit', () => {
  it('says when 1,500 is reached at the current rate, and whether before the reset', () => {
    expect(
      projectLimit({
        sent: 1200,
        limit: 1500,
        ratePerHour: 600,
        at: at('10:00'),
        resetsAt: '2026-05-02T00:00:00.000Z',
      }),
    ).toEqual({ at: at('10:30'), beforeReset: true });
    expect(
      projectLimit({
        sent: 300,
        limit: 1500,
        ratePerHour: 50,
        at: at('10:00'),
        resetsAt: '2026-05-02T00:00:00.000Z',
      }),
    ).toEqual({ at: '2026-05-02T10:00:00.000Z', beforeReset: false });
  });

  it('has nothing to project with no rate, a zero rate, or the limit already reached', () => {
    const base = { limit: 1500, at: at('10:00'), resetsAt: null };
    expect(projectLimit({ ...base, sent: 10, ratePerHour: null })).toEqual({
      at: null,
      beforeReset: false,
    });
    expect(projectLimit({ ...base, sent: 10, ratePerHour: 0 }).at).toBeNull();
    expect(projectLimit({ ...base, sent: 1500, ratePerHour: 100 }).at).toBeNull();
  });
});

describe('guardView', () => {
  it('describes the day from its samples', () => {
    const view = guardView({
      samples: [sample('09:00', 600), sample('10:00', 1260)],
      dailyLimit: 1500,
      resetsAt: '2026-05-02T00:00:00.000Z',
      warned: [80],
      source: 'live',
    });
    expect(view).toEqual({
      day: DAY,
      dailyLimit: 1500,
      sentToday: 1260,
      remaining: 240,
      percent: 84,
      level: 'warning',
      ratePerHour: 660,
      rateFrom: at('09:00'),
      readingsFrom: at('09:00'),
      projectedLimitAt: '2026-05-01T10:21:49.091Z',
      projectedBeforeReset: true,
      resetsAt: '2026-05-02T00:00:00.000Z',
      sampledAt: at('10:00'),
      warned: [80],
      source: 'live',
    });
  });

  it('is empty but valid before the first reading', () => {
    expect(
      guardView({ samples: [], dailyLimit: 1500, resetsAt: null, warned: [], source: 'cache' }),
    ).toMatchObject({ day: null, sentToday: null, level: 'ok', ratePerHour: null });
  });
});
