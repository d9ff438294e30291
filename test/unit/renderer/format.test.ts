import { describe, expect, it } from 'vitest';
import { formatAgo } from '../../../src/renderer/format';
import { relativeHost } from '../../../src/shared/labels';

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
