import { describe, expect, it } from 'vitest';
import type {
  DnsServerAnswer,
  DomainCheckResult,
  RecordCheckResult,
} from '../../../../src/shared/dns-check';
import {
  agreeBy,
  propagationSummary,
  serverRows,
} from '../../../../src/renderer/domains/propagation';
import { lastDays, splitRows } from '../../../../src/renderer/usage/usage-data';

describe('usage data', () => {
  it('zero-fills the last N days up to today, oldest first, across a month end', () => {
    const days = lastDays(
      [
        { day: '2026-12-01', sent: 4 },
        { day: '2026-11-29', sent: 2 },
      ],
      '2026-12-01',
      4,
    );
    expect(days).toEqual([
      { day: '2026-11-28', sent: 0 },
      { day: '2026-11-29', sent: 2 },
      { day: '2026-11-30', sent: 0 },
      { day: '2026-12-01', sent: 4 },
    ]);
  });

  it('joins today’s counts to the window’s, busiest today first', () => {
    const window = [
      { id: 'a', sent: 10 },
      { id: 'b', sent: 3 },
      { id: 'c', sent: 0 },
    ];
    const today = [{ id: 'b', sent: 2 }];
    expect(splitRows(window, today, (r) => r.id).map((r) => [r.row.id, r.today, r.window])).toEqual(
      [
        ['b', 2, 3],
        ['a', 0, 10],
        ['c', 0, 0],
      ],
    );
  });
});

const answer = (
  server: string,
  role: DnsServerAnswer['role'],
  host: string | null = null,
): DnsServerAnswer => ({
  server,
  host,
  role,
  rcode: 'NOERROR',
  answers: [],
  ttl: 300,
  ms: 1,
  agrees: true,
});
const record = (servers: DnsServerAnswer[], agree: string | null): RecordCheckResult => ({
  purpose: 'verification',
  type: 'TXT',
  name: '_kyrios.shop.test',
  required: true,
  expected: 'x',
  status: 'pass',
  codes: ['ok'],
  message: '',
  fix: null,
  found: [],
  servers,
  agreeBy: agree,
});

describe('propagation data', () => {
  const check: DomainCheckResult = {
    domain: 'shop.test',
    checkedAt: '2026-11-26T12:00:00Z',
    status: 'warn',
    provider: null,
    records: [
      record(
        [
          answer('9.9.9.9:53', 'resolver', 'Quad9'),
          answer('192.0.2.1:53', 'authoritative', 'ns1.shop.test'),
        ],
        '2026-11-26T12:05:00Z',
      ),
      record(
        [answer('192.0.2.2:53', 'authoritative'), answer('9.9.9.9:53', 'resolver', 'Quad9')],
        '2026-11-26T12:10:00Z',
      ),
      record([], null),
    ],
  };

  it('lists each server once, authoritative first, labelled by name when known', () => {
    expect(serverRows(check).map((r) => [r.label, r.role])).toEqual([
      ['ns1.shop.test', 'authoritative'],
      ['192.0.2.2:53', 'authoritative'],
      ['Quad9', 'resolver'],
    ]);
  });

  it('says when every resolver agrees: the latest of the records', () => {
    expect(agreeBy(check)).toBe('2026-11-26T12:10:00Z');
    expect(agreeBy({ ...check, records: [record([], null)] })).toBeNull();
  });
});

describe('the propagation summary says what the check found', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const cell = (
    server: string,
    role: DnsServerAnswer['role'],
    agrees: boolean | null,
  ): DnsServerAnswer => ({
    ...answer(server, role),
    rcode: agrees === null ? 'TIMEOUT' : 'NOERROR',
    agrees,
  });
  const of = (...records: RecordCheckResult[]): DomainCheckResult => ({
    domain: 'shop.test',
    checkedAt: '2026-11-26T12:00:00Z',
    status: 'fail',
    provider: null,
    records,
  });
  // Both servers answer "nothing here": they agree, on nothing.
  const missing = (purpose: RecordCheckResult['purpose']): RecordCheckResult => ({
    ...record(
      [cell('192.0.2.1:53', 'authoritative', true), cell('9.9.9.9:53', 'resolver', true)],
      null,
    ),
    purpose,
    status: 'fail',
    codes: ['missing'],
  });
  const published = (...servers: DnsServerAnswer[]) =>
    record([cell('192.0.2.1:53', 'authoritative', true), ...servers], null);

  it('gives the time every resolver should agree by while some lag', () => {
    const text = propagationSummary(
      of(record([cell('9.9.9.9:53', 'resolver', false)], '2026-11-26T12:05:00Z')),
      now,
    );
    expect(text).toMatch(/^All resolvers should agree by .+ \(in 5 min\)\.$/);
  });

  it('does not call agreement on nothing propagation: no record is published yet', () => {
    const text = propagationSummary(of(missing('verification'), missing('spf')), now);
    expect(text).toBe(
      'None of the records is on the authoritative servers yet, so no resolver has them: publish them, then Verify Now.',
    );
  });

  it('names the records not published as expected when others are', () => {
    expect(
      propagationSummary(of(published(cell('9.9.9.9:53', 'resolver', true)), missing('spf')), now),
    ).toBe(
      'SPF is not published as expected yet, so no resolver serves it either. Every resolver that answered agrees with the authoritative servers for the other records.',
    );
  });

  it('says when no resolver answered, or none was asked', () => {
    expect(propagationSummary(of(published(cell('9.9.9.9:53', 'resolver', null))), now)).toBe(
      'No resolver answered, so whether they serve them is not known yet: Verify Now again later.',
    );
    expect(propagationSummary(of(published()), now)).toBe(
      'No resolver was asked: only the authoritative servers.',
    );
  });

  it('says every resolver that answered agrees only when they do, counting the silent ones', () => {
    expect(
      propagationSummary(
        of(published(cell('9.9.9.9:53', 'resolver', true), cell('1.1.1.1:53', 'resolver', null))),
        now,
      ),
    ).toBe(
      'Every resolver that answered agrees with the authoritative servers. 1 query got no answer.',
    );
    expect(propagationSummary(of(published(cell('9.9.9.9:53', 'resolver', false))), now)).toBe(
      'Some resolvers still serve something else; when they will agree is not known.',
    );
  });
});
