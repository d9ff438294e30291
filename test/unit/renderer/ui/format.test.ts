import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDateTime,
  formatAgo,
  formatBytes,
  formatCount,
  formatDate,
  formatDay,
  formatDuration,
  formatTime,
  formatUntil,
  percentOf,
  readableTimes,
  smtpSecurity,
} from '../../../../src/renderer/ui/format';
import { relativeHost } from '../../../../src/shared/labels';

describe('formatAgo', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it.each([
    [null, 'Never'],
    ['not a date', 'Unknown'],
    ['2026-11-26T11:59:30Z', 'Just now'],
    ['2026-11-26T11:55:00Z', '5 min ago'],
    ['2026-11-26T09:00:00Z', '3 h ago'],
    ['2026-11-25T11:00:00Z', 'Yesterday'],
    ['2026-11-22T12:00:00Z', '4 days ago'],
  ])('%s → %s', (iso, expected) => {
    expect(formatAgo(iso, now)).toBe(expected);
  });

  it('falls back to a date after a week', () => {
    expect(formatAgo('2026-10-01T12:00:00Z', now)).toMatch(/2026/);
  });
});

describe('relativeHost', () => {
  it.each([
    ['example.com', 'example.com', '@'],
    ['_dmarc.example.com', 'example.com', '_dmarc'],
    ['kyrios1._domainkey.example.com', 'example.com', 'kyrios1._domainkey'],
    ['other.net', 'example.com', 'other.net'],
    ['notexample.com', 'example.com', 'notexample.com'],
  ])('%s in %s → %s', (name, domain, expected) => {
    expect(relativeHost(name, domain)).toBe(expected);
  });
});

describe('one style for every date and time', () => {
  it('says times as formatDateTime does, whatever the system locale', () => {
    const iso = '2026-11-26T16:38:00Z';
    expect(formatDateTime(iso)).toContain(formatTime(iso));
    expect(formatTime(iso)).toMatch(/^\d{1,2}:38\s?[AP]M$/);
    expect(formatDate(iso)).toMatch(/^Nov 2[67], 2026$/);
  });
});

describe('the other formatting helpers', () => {
  const now = new Date('2026-11-26T12:00:00Z');

  it('writes counts with thousands separators, as the rules are written', () => {
    expect([0, 999, 1500, 1234567].map(formatCount)).toEqual(['0', '999', '1,500', '1,234,567']);
  });

  it.each([
    [0, '0 s'],
    [44_000, '44 s'],
    [60_000, '1 min'],
    [59 * 60_000, '59 min'],
    [60 * 60_000, '1 h'],
    [(5 * 60 + 20) * 60_000, '5 h 20 min'],
    [47 * 3_600_000, '47 h'],
    [72 * 3_600_000, '3 days'],
    [-5000, '0 s'],
  ])('duration %d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('says how long until a moment, and "now" once it passed', () => {
    expect(formatUntil('2026-11-27T00:00:00Z', now)).toBe('in 12 h');
    expect(formatUntil('2026-11-26T11:00:00Z', now)).toBe('now');
    expect(formatUntil('soon', now)).toBe('at an unknown time');
  });

  it('gives a password’s age in whole days', () => {
    expect(formatAge('2026-11-26T01:00:00Z', now)).toBe('Today');
    expect(formatAge('2026-11-25T11:00:00Z', now)).toBe('1 day');
    expect(formatAge('2023-01-01T00:00:00Z', now)).toBe('1,425 days');
    expect(formatAge('?', now)).toBe('Unknown');
  });

  it('names service days (UTC) the same in every time zone', () => {
    expect(formatDay('2026-11-26')).toBe('Nov 26');
    expect(formatDay('2026-01-01')).toBe('Jan 1');
    expect(formatDay('nonsense')).toBe('nonsense');
  });

  it('sizes bytes, percents of a limit, and SMTP security by port', () => {
    expect([512, 2048, 131_174, 5 * 1024 * 1024].map(formatBytes)).toEqual([
      '512 B',
      '2.0 KB',
      '128.1 KB',
      '5.0 MB',
    ]);
    expect([
      percentOf(0, 1500),
      percentOf(750, 1500),
      percentOf(1600, 1500),
      percentOf(5, 0),
    ]).toEqual([0, 50, 100, 0]);
    expect(smtpSecurity(465)).toBe('SSL/TLS (implicit TLS)');
    expect(smtpSecurity(587)).toBe('STARTTLS');
  });
});

describe('service messages with times', () => {
  it('shows ISO timestamps in the user’s locale, and leaves the rest alone', () => {
    const text =
      'Sending is possible again after the count resets at 2026-11-27T00:00:00.000Z; then.';
    expect(readableTimes(text)).toBe(
      `Sending is possible again after the count resets at ${formatDateTime('2026-11-27T00:00:00.000Z')}; then.`,
    );
    expect(readableTimes('On 2026-11-26 (UTC).')).toBe('On 2026-11-26 (UTC).');
  });
});
